import { Injectable, Module } from '@nestjs/common';
import type Stripe from 'stripe';
import type { DataSource, EntityManager } from 'typeorm';
import {
  EventAccountMismatch,
  StripeEventHandler,
  StripeQuarantineFlag,
  type StripeEventContext,
} from '../../src/webhooks/stripe-event-handler.decorator.js';
import { WEBHOOK_ENV } from '../factories/stripe-events.js';
import { closeAfterAll } from './cleanup.js';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';

/** The tables the test handlers write to; a spec creates them in its own database. */
export async function createTestHandlerTables(db: DataSource): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS test_effect (
      id serial PRIMARY KEY, object_id text NOT NULL, effect text NOT NULL, event_id text NOT NULL);
    CREATE TABLE IF NOT EXISTS test_account_state (
      account_id text PRIMARY KEY, charges_enabled boolean NOT NULL, event_id text NOT NULL);
    CREATE TABLE IF NOT EXISTS test_flag (object_id text NOT NULL, event_id text NOT NULL);
    CREATE TABLE IF NOT EXISTS test_run (event_id text NOT NULL);
  `);
}

/**
 * Stand-ins for the handlers [checkout] and [onboarding] will bring, written the way they must be:
 * effects through `ctx.manager`, one effect per object with `ctx.once`, snapshots guarded by
 * `ctx.isNewest`, account ownership checked with EventAccountMismatch.
 */
@Injectable()
export class TestStripeHandlers {
  /** Session ids whose handler throws (a bug, an outage) until removed. */
  readonly failing = new Set<string>();
  /** Milliseconds each checkout handler waits inside its transaction, to widen race windows. */
  delayMs = 0;

  @StripeEventHandler('checkout.session.completed', 'checkout.session.async_payment_succeeded')
  async orderPaid(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const session = event.data.object as Stripe.Checkout.Session;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failing.has(session.id)) throw new Error(`test handler failure for ${session.id}`);
    // Every committed run of this handler, to count how often an event was applied.
    await ctx.manager.query('INSERT INTO test_run (event_id) VALUES ($1)', [event.id]);
    // Written before the ownership check on purpose: a quarantine must roll it back.
    const first = await ctx.once(session.id, 'order.paid');
    if (first) await record(ctx.manager, session.id, 'order.paid', event.id);
    const owner = session.metadata?.owner_account;
    if (owner && owner !== ctx.account) {
      throw new EventAccountMismatch('test_order', session.id, owner, ctx.account);
    }
  }

  @StripeEventHandler('account.updated')
  async accountUpdated(event: Stripe.Event, ctx: StripeEventContext): Promise<void> {
    const account = event.data.object as Stripe.Account;
    if (!(await ctx.isNewest(account.id))) return;
    await ctx.manager.query(
      `INSERT INTO test_account_state (account_id, charges_enabled, event_id) VALUES ($1, $2, $3)
       ON CONFLICT (account_id) DO UPDATE SET charges_enabled = EXCLUDED.charges_enabled, event_id = EXCLUDED.event_id`,
      [account.id, account.charges_enabled, event.id],
    );
  }

  @StripeQuarantineFlag('test_order')
  async flagOrder(
    mismatch: EventAccountMismatch,
    event: Stripe.Event,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query('INSERT INTO test_flag (object_id, event_id) VALUES ($1, $2)', [
      mismatch.objectId,
      event.id,
    ]);
  }
}

async function record(
  manager: EntityManager,
  objectId: string,
  effect: string,
  eventId: string,
): Promise<void> {
  await manager.query('INSERT INTO test_effect (object_id, effect, event_id) VALUES ($1, $2, $3)', [
    objectId,
    effect,
    eventId,
  ]);
}

@Module({ providers: [TestStripeHandlers] })
export class TestStripeHandlersModule {}

/**
 * The app with the test handlers, its webhook secrets and workers, on this file's database (or
 * on `databaseUrl`, another app's: two processes); closed after the file's last test.
 */
export async function handlersApp(
  options: Pick<TestAppOptions, 'env' | 'databaseUrl'> = {},
): Promise<{ t: TestApp; handlers: TestStripeHandlers }> {
  const t = await createTestApp({
    ...options,
    env: { ...WEBHOOK_ENV, ...options.env },
    imports: [TestStripeHandlersModule],
    workers: true,
  });
  closeAfterAll(() => t.close());
  await createTestHandlerTables(t.db);
  return { t, handlers: t.app.get(TestStripeHandlers) };
}
