import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { listOf } from '../list.js';
import type { Owner } from '../store.js';
import type { LedgerEntry } from './balance.js';

/** Stripe's `reporting_category` for each balance transaction type the emulator books. */
const REPORTING_CATEGORY: Record<string, string> = {
  charge: 'charge',
  payment: 'charge',
  refund: 'refund',
  refund_failure: 'refund_failure',
  application_fee: 'platform_earning',
  application_fee_refund: 'platform_earning_refund',
  adjustment: 'dispute',
  payout: 'payout',
  payout_failure: 'payout_reversal',
};

/** A ledger entry as the balance transaction Stripe shows for it (status from the clock). */
export function toBalanceTransaction(ctx: EmulatorContext, e: LedgerEntry): Stripe.BalanceTransaction {
  return {
    id: e.id,
    object: 'balance_transaction',
    amount: e.amount,
    available_on: e.available_on,
    balance_type: 'payments',
    created: e.created,
    currency: e.currency,
    description: e.description,
    exchange_rate: null,
    fee: e.fee,
    fee_details: e.fee_details ?? [],
    net: e.net,
    reporting_category: REPORTING_CATEGORY[e.type] ?? e.type,
    source: e.source,
    status: e.available_on <= ctx.clock.now() ? 'available' : 'pending',
    type: e.type,
  };
}

export function ledgerFor(ctx: EmulatorContext, owner: Owner, source: string): LedgerEntry[] {
  return ctx.store.list<LedgerEntry>('ledger', owner).filter((e) => e.source === source);
}

/**
 * When money taken back (refund, dispute, fee refund) comes off the balance: from `available`
 * once the payment's own funds are, else from `pending` at the same time they become available.
 */
export function debitAvailableOn(ctx: EmulatorContext, owner: Owner, source: string): number {
  const original = ledgerFor(ctx, owner, source)[0];
  return Math.max(ctx.clock.now(), original?.available_on ?? 0);
}

export function registerBalanceTransactions(ctx: EmulatorContext): void {
  const expandTxn = (obj: Record<string, unknown>, owner: Owner, field = 'balance_transaction') => {
    const id = obj[field];
    const entry = typeof id === 'string' ? ctx.store.get<LedgerEntry>('ledger', owner, id) : undefined;
    return entry ? toBalanceTransaction(ctx, entry) : id;
  };
  for (const type of ['charge', 'refund', 'application_fee', 'fee_refund', 'payout'])
    ctx.expander(type, 'balance_transaction', expandTxn);
  ctx.expander('refund', 'failure_balance_transaction', (o, owner) =>
    expandTxn(o, owner, 'failure_balance_transaction'),
  );

  ctx.api('GET', '/v1/balance_transactions', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<LedgerEntry>('ledger', req.owner)
      .filter((e) => typeof p.type !== 'string' || e.type === p.type)
      .filter((e) => typeof p.source !== 'string' || e.source === p.source)
      .filter((e) => typeof p.currency !== 'string' || e.currency === p.currency.toLowerCase())
      .map((e) => toBalanceTransaction(ctx, e));
    return listOf(items, p, '/v1/balance_transactions');
  });
  ctx.api('GET', '/v1/balance_transactions/{id}', (req) => {
    const entry = ctx.store.get<LedgerEntry>('ledger', req.owner, req.pathParams.id);
    if (!entry) throw errors.notFound('balance_transaction', req.pathParams.id);
    return toBalanceTransaction(ctx, entry);
  });
}
