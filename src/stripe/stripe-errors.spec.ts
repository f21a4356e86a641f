import Stripe from 'stripe';
import { describeStripeError } from './stripe-errors.js';

const stripeError = (raw: { type: string; code?: string; message: string; statusCode?: number }) =>
  Stripe.errors.StripeError.generate(raw as Parameters<typeof Stripe.errors.StripeError.generate>[0]);

describe('describeStripeError: our words by Stripe’s code, never Stripe’s text', () => {
  it('says a revoked account is disconnected and how to go on', () => {
    const revoked = stripeError({
      type: 'invalid_request_error',
      code: 'account_invalid',
      statusCode: 403,
      message: "The provided key does not have access to account 'acct_1' (or that account does not exist).",
    });
    expect(describeStripeError(revoked, 'refund')).toEqual({
      code: 'account_invalid',
      message: 'Your Stripe account is disconnected: reconnect it to refund.',
      disconnected: true,
    });
  });

  it('maps known refund refusals, and gives unknown codes a generic sentence with the code only', () => {
    const refused = (code: string) =>
      describeStripeError(
        stripeError({
          type: 'invalid_request_error',
          code,
          statusCode: 400,
          message: `secret detail ${code}`,
        }),
        'refund',
      ).message;
    expect(refused('charge_already_refunded')).toBe('This payment is already fully refunded on Stripe.');
    expect(refused('amount_too_large')).toBe(
      'The amount is more than what is left to refund on this payment.',
    );
    expect(refused('something_new')).toBe(
      'Stripe could not refund (error code: something_new). Please try again later.',
    );
    expect(refused('something_new')).not.toContain('secret detail');
    expect(describeStripeError(new Error('socket hang up'), 'sync this product').message).toBe(
      'Stripe could not sync this product (error code: unknown). Please try again later.',
    );
  });
});
