import type Stripe from 'stripe';
import type { StripeRequirementsSnapshot } from '../tenants/entities/shop.entity.js';
import { accountKindParams, newlyDue, paymentsStatus, snapshotOf } from './account-status.js';

const reqs = (fields: Partial<StripeRequirementsSnapshot> = {}): StripeRequirementsSnapshot => ({
  currently_due: [],
  past_due: [],
  eventually_due: [],
  disabled_reason: null,
  current_deadline: null,
  ...fields,
});

const shop = (fields: Partial<Parameters<typeof paymentsStatus>[0]> = {}) => ({
  stripeAccountId: 'acct_1',
  stripeDisconnectedAt: null,
  stripeDetailsSubmitted: false,
  stripeChargesEnabled: false,
  stripePayoutsEnabled: false,
  stripeRequirements: reqs(),
  ...fields,
});

describe('paymentsStatus', () => {
  it('is "not started" without an account', () => {
    expect(paymentsStatus(shop({ stripeAccountId: null })).state).toBe('not_started');
  });

  it('is "in progress" until the details are submitted, whatever the return page was', () => {
    const s = paymentsStatus(shop({ stripeRequirements: reqs({ currently_due: ['external_account'] }) }));
    expect(s.state).toBe('in_progress');
    expect(s.due).toEqual(['external_account']);
  });

  it('is "action required" with the items (past due first) and the deadline', () => {
    const s = paymentsStatus(
      shop({
        stripeDetailsSubmitted: true,
        stripeChargesEnabled: true,
        stripeRequirements: reqs({
          currently_due: ['company.tax_id', 'individual.verification.document'],
          past_due: ['individual.verification.document'],
          current_deadline: 1_900_000_000,
        }),
      }),
    );
    expect(s.state).toBe('action_required');
    expect(s.due).toEqual(['individual.verification.document', 'company.tax_id']);
    expect(s.deadline).toEqual(new Date(1_900_000_000_000));
  });

  it('is "active" only with charges enabled and nothing due', () => {
    const active = shop({ stripeDetailsSubmitted: true, stripeChargesEnabled: true });
    expect(paymentsStatus(active).state).toBe('active');
    // Submitted, nothing due, charges still off: Stripe is reviewing.
    expect(paymentsStatus({ ...active, stripeChargesEnabled: false }).state).toBe('in_progress');
    expect(
      paymentsStatus({
        ...active,
        stripeChargesEnabled: false,
        stripeRequirements: reqs({ disabled_reason: 'rejected.fraud' }),
      }).state,
    ).toBe('action_required');
  });

  it('is "disconnected" after a deauthorization, even if the last sync said active', () => {
    const s = shop({
      stripeDetailsSubmitted: true,
      stripeChargesEnabled: true,
      stripeDisconnectedAt: new Date(),
    });
    expect(paymentsStatus(s).state).toBe('disconnected');
  });
});

describe('newlyDue', () => {
  it('reports new items and items that became past due, not a repeat of the same list', () => {
    expect(newlyDue(null, reqs({ currently_due: ['a'] }))).toEqual(['a']);
    expect(newlyDue(reqs({ currently_due: ['a'] }), reqs({ currently_due: ['a'] }))).toEqual([]);
    expect(newlyDue(reqs({ currently_due: ['a'] }), reqs({ currently_due: ['a', 'b'] }))).toEqual(['b']);
    expect(newlyDue(reqs({ currently_due: ['a'] }), reqs({ currently_due: ['a'], past_due: ['a'] }))).toEqual(
      ['a'],
    );
    expect(newlyDue(reqs({ currently_due: ['a'] }), reqs())).toEqual([]);
  });
});

describe('snapshotOf', () => {
  it('copies the status fields of an account', () => {
    const account = {
      id: 'acct_1',
      details_submitted: true,
      charges_enabled: true,
      payouts_enabled: false,
      requirements: {
        currently_due: ['external_account'],
        past_due: [],
        eventually_due: ['external_account'],
        disabled_reason: null,
        current_deadline: 1_800_000_000,
      },
    } as unknown as Stripe.Account;
    expect(snapshotOf(account)).toEqual({
      detailsSubmitted: true,
      chargesEnabled: true,
      payoutsEnabled: false,
      requirements: reqs({
        currently_due: ['external_account'],
        eventually_due: ['external_account'],
        current_deadline: 1_800_000_000,
      }),
    });
  });
});

describe('accountKindParams', () => {
  it('defaults to controller properties fit for direct charges', () => {
    expect(accountKindParams('controller')).toEqual({
      controller: {
        stripe_dashboard: { type: 'full' },
        fees: { payer: 'account' },
        losses: { payments: 'stripe' },
        requirement_collection: 'stripe',
      },
    });
    expect(accountKindParams('express')).toEqual({ type: 'express' });
  });
});
