import { paymentsCard } from './payments-card.js';
import type { PaymentsStatus } from './account-status.js';

const status = (patch: Partial<PaymentsStatus>): PaymentsStatus => ({
  state: 'action_required',
  detailsSubmitted: true,
  chargesEnabled: false,
  payoutsEnabled: false,
  due: ['tos_acceptance.date', 'tos_acceptance.ip', 'external_account', 'individual.dob.day'],
  pastDue: [],
  disabledReason: null,
  deadline: new Date('2026-12-24T17:30:00Z'),
  ...patch,
});

describe('the payments card in the merchant’s language', () => {
  it('names what Stripe needs, once each, and its deadline, in French', () => {
    const card = paymentsCard('fr', status({}), { suspended: false });
    expect(card.label).toBe('Action requise');
    // The two ToS fields are one thing to do; a requirement without a label keeps Stripe's name.
    expect(card.due).toEqual([
      'Acceptation des conditions de Stripe',
      'Compte bancaire pour les virements',
      'individual.dob.day',
    ]);
    // The date itself: the template writes it with {{dateTime}} in the page's language and zone.
    expect(card.deadline).toEqual(new Date('2026-12-24T17:30:00Z'));
    expect(card.startLabel).toBe('Reprendre la configuration');
  });

  it('the same card in English', () => {
    const card = paymentsCard('en', status({}), { suspended: false });
    expect(card.label).toBe('Action required');
    expect(card.due[0]).toBe('Acceptance of Stripe’s terms');
  });

  it('a suspended shop is "Suspendu", never "Actif", whatever Stripe says', () => {
    const card = paymentsCard('fr', status({ state: 'active', due: [], chargesEnabled: true }), {
      suspended: true,
    });
    expect(card.label).toBe('Suspendu');
    expect(card.tone).toBe('danger');
    expect(card.message).toBe(
      'Comptoir a suspendu votre boutique : elle ne peut pas encaisser de paiements et les clients la voient comme indisponible. Votre compte Stripe sera prêt quand la suspension sera levée.',
    );
  });
});
