import Stripe from 'stripe';
import { translate } from '../common/domain-error.js';
import { LANGUAGES, t } from '../common/i18n.js';
import { describeStripeError, STRIPE_ERROR_KEYS } from './stripe-errors.js';

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
    const described = describeStripeError(revoked, 'refund');
    expect(described).toMatchObject({ code: 'account_invalid', disconnected: true });
    expect(translate('en', described.message)).toBe(
      'Your Stripe account is disconnected: reconnect it to refund.',
    );
    expect(translate('fr', described.message)).toBe(
      'Votre compte Stripe est déconnecté : reconnectez-le pour rembourser.',
    );
  });

  it('maps known refund refusals, and gives unknown codes a generic sentence with the code only', () => {
    const refused = (code: string, lang = 'en') =>
      translate(
        lang,
        describeStripeError(
          stripeError({
            type: 'invalid_request_error',
            code,
            statusCode: 400,
            message: `secret detail ${code}`,
          }),
          'refund',
        ).message,
      );
    expect(refused('charge_already_refunded')).toBe('This payment is already fully refunded on Stripe.');
    expect(refused('amount_too_large')).toBe(
      'The amount is more than what is left to refund on this payment.',
    );
    expect(refused('something_new')).toBe(
      'Stripe could not refund (error code: something_new). Please try again later.',
    );
    expect(refused('something_new')).not.toContain('secret detail');
    expect(refused('something_new', 'fr')).toBe(
      'Stripe n’a pas pu rembourser (code d’erreur : something_new). Veuillez réessayer plus tard.',
    );
    expect(refused('charge_already_refunded', 'fr')).toBe(
      'Ce paiement est déjà entièrement remboursé sur Stripe.',
    );
    expect(translate('en', describeStripeError(new Error('socket hang up'), 'syncProduct').message)).toBe(
      'Stripe could not sync this product (error code: unknown). Please try again later.',
    );
  });

  it('has every sentence of the table, and every action, in every language', () => {
    const keys = [
      ...new Set(Object.values(STRIPE_ERROR_KEYS)),
      'unknown',
      'disconnected',
      ...['refund', 'syncProduct', 'checkout', 'onboarding'].map((a) => `action.${a}`),
    ];
    for (const lang of LANGUAGES)
      for (const key of keys)
        expect([lang, key, t(lang, `stripeErrors.${key}`)]).not.toEqual([lang, key, `stripeErrors.${key}`]);
  });
});
