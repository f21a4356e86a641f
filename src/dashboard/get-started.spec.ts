import { getStartedSteps } from './get-started.js';

const SHOP = 'http://teapots.localhost:3000';
const done = (facts: Parameters<typeof getStartedSteps>[1], lang = 'en') =>
  getStartedSteps(lang, facts, SHOP).map((s) => `${s.label}: ${s.done ? 'done' : 'to do'}`);

describe('getStartedSteps', () => {
  it('a new shop: only "Create your shop" is done', () => {
    expect(done({ chargesEnabled: false, hasProduct: false, hasOrder: false })).toEqual([
      'Create your shop: done',
      'Set up payments: to do',
      'Add your first product: to do',
      'Get your first order: to do',
      'Write your terms of sale: to do',
    ]);
  });

  it('the terms of sale step is done once they have a body', () => {
    const steps = getStartedSteps(
      'en',
      { chargesEnabled: false, hasProduct: false, hasOrder: false, hasTerms: true },
      SHOP,
    );
    expect(steps[4]).toEqual({
      label: 'Write your terms of sale',
      href: '/dashboard/pages/terms',
      done: true,
    });
  });

  it('in French for a French merchant', () => {
    expect(done({ chargesEnabled: true, hasProduct: false, hasOrder: false }, 'fr')).toEqual([
      'Créer votre boutique: done',
      'Configurer les paiements: done',
      'Ajouter votre premier produit: to do',
      'Recevoir votre première commande: to do',
      'Rédiger vos conditions générales de vente: to do',
    ]);
  });

  it('each step follows its own fact', () => {
    expect(done({ chargesEnabled: true, hasProduct: false, hasOrder: false })[1]).toBe(
      'Set up payments: done',
    );
    expect(done({ chargesEnabled: false, hasProduct: true, hasOrder: false })[2]).toBe(
      'Add your first product: done',
    );
    expect(done({ chargesEnabled: false, hasProduct: false, hasOrder: true })[3]).toBe(
      'Get your first order: done',
    );
  });

  it('"Get your first order" points to the shop until there is one, then to the orders', () => {
    expect(
      getStartedSteps('en', { chargesEnabled: true, hasProduct: true, hasOrder: false }, SHOP)[3].href,
    ).toBe(SHOP);
    expect(
      getStartedSteps('en', { chargesEnabled: true, hasProduct: true, hasOrder: true }, SHOP)[3].href,
    ).toBe('/dashboard/orders');
  });
});
