import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import Stripe from 'stripe';
import request from 'supertest';
import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';

/** Signing secrets the webhook specs configure (as STRIPE_WEBHOOK_SECRET / _CONNECT_). */
export const PLATFORM_SECRET = 'whsec_testplatform0000000000000000';
export const CONNECT_SECRET = 'whsec_testconnect00000000000000000';
export const WEBHOOK_ENV = {
  STRIPE_WEBHOOK_SECRET: PLATFORM_SECRET,
  STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET,
};

const webhooks = Stripe.webhooks;

export const randomId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

/** An event envelope as Stripe sends it; test mode, a connected account's unless `account: null`. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  overrides: { id?: string; account?: string | null; livemode?: boolean; created?: number } = {},
): Stripe.Event {
  const account = overrides.account === undefined ? 'acct_test_shop1' : overrides.account;
  return {
    id: overrides.id ?? randomId('evt'),
    object: 'event',
    api_version: '2026-01-28.clover',
    created: overrides.created ?? Math.floor(Date.now() / 1000),
    livemode: overrides.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
    ...(account ? { account } : {}),
  } as unknown as Stripe.Event;
}

export function checkoutSession(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomId('cs_test'),
    object: 'checkout.session',
    status: 'complete',
    payment_status: 'paid',
    amount_total: 2500,
    currency: 'eur',
    metadata: {},
    ...fields,
  };
}

export interface Delivery {
  payload: string;
  header: string;
}

/** Signs like Stripe: `t=<timestamp>,v1=<hmac>` for each secret given (several after a roll). */
export function sign(
  event: Stripe.Event | string,
  secrets: string | string[] = CONNECT_SECRET,
  timestamp = Math.floor(Date.now() / 1000),
): Delivery {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const v1s = [secrets]
    .flat()
    .map((secret) => webhooks.generateTestHeaderString({ payload, secret, timestamp }).split(',')[1]);
  return { payload, header: [`t=${timestamp}`, ...v1s].join(',') };
}

/** POSTs a delivery to the platform host (the app's own, listening or not), as Stripe does. */
export function deliver(app: INestApplication, delivery: Delivery | { payload: string; header?: string }) {
  const req = request(app.getHttpServer())
    .post('/webhooks/stripe')
    .set('Host', app.get<AppConfig>(APP_CONFIG).appHost)
    .set('Content-Type', 'application/json; charset=utf-8');
  if (delivery.header !== undefined) req.set('Stripe-Signature', delivery.header);
  return req.send(delivery.payload);
}
