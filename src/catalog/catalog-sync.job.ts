import { defineJob } from '../jobs/job-queue.js';

/** Brings one product's Stripe Product/Price on its shop's connected account up to date. */
export const CATALOG_SYNC = defineJob<{ shopId: string; productId: string }>('catalog-sync', {
  // Stripe faults are usually short: 6 tries over ~2 minutes, then the product shows "failed".
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 60,
  // At most one queued job per product: a job reads the row's latest state when it runs.
  policy: 'stately',
});
