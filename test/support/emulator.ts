import Stripe from 'stripe';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@comptoir/stripe-emulator';

export interface TestEmulator {
  emulator: RunningEmulator;
  /** Pass to `createTestApp({ env })`: the app's SDK then talks to this emulator. */
  env: { STRIPE_API_URL: string };
  /** An SDK client for arranging state (accounts, prices) the way the app would see it. */
  stripe: Stripe;
  close(): Promise<void>;
}

/**
 * A fresh in-memory Stripe emulator on a free port, with short webhook retries, for app
 * integration and browser tests: `const s = await startTestEmulator(); createTestApp({ env: s.env })`.
 */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({
    port: 0,
    retrySchedule: [50, 200, 500],
    completionWaitMs: 3000,
    ...options,
  });
  const url = new URL(emulator.url);
  const stripe = new Stripe('sk_test_comptoir_tests', {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return { emulator, env: { STRIPE_API_URL: emulator.url }, stripe, close: () => emulator.close() };
}
