import { Global, Module } from '@nestjs/common';
import Stripe from 'stripe';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Injection token of the app's one Stripe client. */
export const STRIPE = Symbol('STRIPE');

/** The key the app presents to the emulator in offline mode (it accepts any sk_test_ key). */
export const OFFLINE_SECRET_KEY = 'sk_test_offline_comptoir';

/**
 * Builds the one Stripe client: real Stripe with STRIPE_SECRET_KEY, the emulator offline, or
 * whatever STRIPE_API_URL names in either mode. Only host, port and protocol change: the app
 * talks to the emulator exactly as it talks to Stripe.
 */
export function createStripeClient(config: AppConfig): Stripe {
  const apiUrl = config.stripe.apiUrl ? new URL(config.stripe.apiUrl) : undefined;
  return new Stripe(config.stripe.secretKey ?? OFFLINE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Comptoir' },
    ...(apiUrl
      ? {
          host: apiUrl.hostname,
          port: Number(apiUrl.port || (apiUrl.protocol === 'https:' ? 443 : 80)),
          protocol: apiUrl.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

@Global()
@Module({
  providers: [
    { provide: STRIPE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createStripeClient(config) },
  ],
  exports: [STRIPE],
})
export class StripeModule {}
