import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import {
  startEmulator,
  submitHostedOnboarding,
  type EmulatorOptions,
  type RunningEmulator,
} from '../src/index.js';

export const TEST_KEY = 'sk_test_emulator_spec';

export async function freshEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ retrySchedule: [30, 60], completionWaitMs: 2000, ...options });
}

/** An SDK client pointed at the emulator, configured as the app configures its own. */
export function sdk(emulator: RunningEmulator, config: Partial<Stripe.StripeConfig> = {}): Stripe {
  const url = new URL(emulator.url);
  return new Stripe(TEST_KEY, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 2,
    ...config,
  });
}

export interface Received {
  body: string;
  signature: string;
  event: Stripe.Event;
}

/** A local webhook endpoint that records what it gets; `status` decides the answer. */
export async function webhookReceiver(status: (n: number) => number = () => 200) {
  const received: Received[] = [];
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        body,
        signature: String(req.headers['stripe-signature']),
        event: JSON.parse(body) as Stripe.Event,
      });
      res.writeHead(status(++n));
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    types: () => received.map((r) => r.event.type),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** An account that finished onboarding, through the hosted form, as a person would. */
export async function onboardedAccount(emulator: RunningEmulator, stripe: Stripe, name = 'Atelier Lune') {
  const account = await stripe.accounts.create({
    controller: {
      stripe_dashboard: { type: 'full' },
      fees: { payer: 'account' },
      losses: { payments: 'stripe' },
    },
    settings: { branding: { primary_color: '#aa3355' } },
  });
  const link = await stripe.accountLinks.create({
    account: account.id,
    type: 'account_onboarding',
    refresh_url: 'http://app.test/refresh',
    return_url: 'http://app.test/return',
  });
  const res = await submitHostedOnboarding(link.url, { businessName: name });
  if (res.headers.get('location') !== 'http://app.test/return')
    throw new Error(`onboarding failed: ${res.status}`);
  return stripe.accounts.retrieve(account.id);
}

/**
 * Pays a session on the hosted Checkout page with a test card (and `extra` fields, e.g. the
 * shipping address); returns the page's answer.
 */
export async function payOnPage(
  sessionUrl: string,
  card: string,
  email = 'shopper@example.com',
  extra: Record<string, string> = {},
) {
  return fetch(sessionUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      email,
      card_number: card,
      card_expiry: '12 / 34',
      card_cvc: '123',
      cardholder_name: 'Ada Shopper',
      ...extra,
    }),
  });
}
