import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { newId } from '../ids.js';
import type { Owner } from '../store.js';

/**
 * One movement of funds on an account's balance (table `ledger`, owned by that account or the
 * platform). `net` lands in `pending` until `available_on`, then in `available`. Each one is
 * shown as a balance transaction; refunds, disputes and payouts add negative entries.
 */
export interface LedgerEntry {
  id: string;
  amount: number;
  fee: number;
  /** What `fee` is made of (Stripe's fee, the application fee, a dispute fee). */
  fee_details?: Stripe.BalanceTransaction.FeeDetail[];
  net: number;
  currency: string;
  created: number;
  available_on: number;
  type: string;
  /** The object that moved the money (`ch_…`, `fee_…`). */
  source: string;
  description: string | null;
}

export function addLedgerEntry(
  ctx: EmulatorContext,
  owner: Owner,
  entry: Omit<LedgerEntry, 'id' | 'created' | 'available_on'> & { available_on?: number },
): LedgerEntry {
  const now = ctx.clock.now();
  const row: LedgerEntry = {
    id: newId('txn'),
    created: now,
    ...entry,
    available_on: entry.available_on ?? now + ctx.settings.availabilityDelaySeconds,
  };
  ctx.store.insert('ledger', owner, row.id, row);
  return row;
}

export function balanceOf(ctx: EmulatorContext, owner: Owner): Stripe.Balance {
  const now = ctx.clock.now();
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const e of ctx.store.list<LedgerEntry>('ledger', owner)) {
    const bucket = e.available_on <= now ? available : pending;
    bucket.set(e.currency, (bucket.get(e.currency) ?? 0) + e.net);
    if (!available.has(e.currency)) available.set(e.currency, 0);
    if (!pending.has(e.currency)) pending.set(e.currency, 0);
  }
  const list = (m: Map<string, number>) =>
    [...m].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
  const account = owner ? ctx.store.find<Stripe.Account>('account', owner)?.value : undefined;
  const defaultCurrency = account?.default_currency ?? 'usd';
  const empty = [{ amount: 0, currency: defaultCurrency, source_types: { card: 0 } }];
  return {
    object: 'balance',
    available: available.size ? list(available) : empty,
    connect_reserved: [{ amount: 0, currency: defaultCurrency }],
    livemode: false,
    pending: pending.size ? list(pending) : empty,
    refund_and_dispute_prefunding: {
      available: [{ amount: 0, currency: defaultCurrency }],
      pending: [{ amount: 0, currency: defaultCurrency }],
    },
  };
}

export function registerBalance(ctx: EmulatorContext): void {
  ctx.api('GET', '/v1/balance', (req) => balanceOf(ctx, req.owner));
}
