import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { randomToken } from '../ids.js';
import { TEST_IBANS } from '../pages/eur-methods.js';
import { failCharge, settleCharge, type ChargeFailure } from './payments.js';

/** A bank redirect in progress (table `redirect_attempt`, keyed by payment intent id). */
export interface RedirectAttempt {
  session: string;
  method: string;
  email: string;
}

const SEPA_FAILURE: ChargeFailure = {
  code: 'insufficient_funds',
  message: "The customer's account has insufficient funds to cover this payment.",
  type: 'invalid_request_error',
};
export const REDIRECT_FAILURE: ChargeFailure = {
  code: 'payment_intent_authentication_failure',
  message:
    'The provided payment method has failed authentication. Provide a new payment method to attempt to fulfill this PaymentIntent again.',
  type: 'invalid_request_error',
};

/** The debit settles: succeeded (then maybe disputed) or failed, then the session's async event. */
function settleSepa(ctx: EmulatorContext, payload: Record<string, unknown>): void {
  const found = ctx.store.find<Stripe.Charge>('charge', String(payload.charge));
  if (!found || found.value.status !== 'pending') return;
  const { owner, value: charge } = found;
  const pi = ctx.store.get<Stripe.PaymentIntent>('payment_intent', owner, charge.payment_intent as string)!;
  const session = ctx.store.get<Stripe.Checkout.Session>('checkout_session', owner, String(payload.session));
  const test = TEST_IBANS[String(payload.iban)];
  if (test?.outcome === 'failed') {
    failCharge(ctx, owner, pi, charge, SEPA_FAILURE);
    if (session) ctx.events.emit('checkout.session.async_payment_failed', session, { account: owner });
    return;
  }
  settleCharge(ctx, owner, pi, charge);
  if (session) {
    session.payment_status = 'paid';
    ctx.store.touch();
    ctx.events.emit('checkout.session.async_payment_succeeded', session, {
      account: owner,
      previousAttributes: { payment_status: 'unpaid' },
    });
  }
  if (test?.disputed) ctx.scheduler.schedule('dispute.open', 0, { charge: charge.id });
}

export function redirectDetails(method: string): Stripe.Charge.PaymentMethodDetails {
  const byMethod: Record<string, unknown> = {
    ideal: { bank: 'ing', bic: 'INGBNL2A', iban_last4: '5264', verified_name: 'Jenny Rosen' },
    bancontact: { bank_code: 'VAPE', bank_name: 'VAN DE PUT & CO', bic: 'VAPEBE22', iban_last4: '7061' },
    eps: { bank: 'bank_austria', verified_name: 'Jenny Rosen' },
    p24: { bank: 'ing', reference: `P24-${randomToken(6)}`, verified_name: 'Jenny Rosen' },
  };
  return { type: method, [method]: byMethod[method] };
}

/**
 * SEPA Direct Debit and bank redirects after the hosted pages (pages/delayed-methods.ts): a debit
 * settles on the emulator's clock (`sepa.settle`), succeeded or failed as its test IBAN says.
 */
export function registerDelayedMethods(ctx: EmulatorContext): void {
  ctx.scheduler.on('sepa.settle', (payload) => settleSepa(ctx, payload));
}
