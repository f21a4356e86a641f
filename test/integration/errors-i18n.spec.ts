import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { User } from '../../src/auth/entities/user.entity.js';
import {
  createMerchant,
  csrfFrom,
  loginAgent,
  platformHost,
  type LoggedInAgent,
  type Merchant,
} from '../factories/accounts.js';
import { createPaidOrder } from '../factories/orders.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

const htmlLang = (html: string) => /<html lang="([^"]+)">/.exec(html)?.[1];

/** A merchant whose account reads French (or English), logged in. */
async function merchantIn(t: TestApp, language: 'fr' | 'en'): Promise<[Merchant, LoggedInAgent]> {
  const m = await createMerchant(t);
  await t.db.manager.update(User, { id: m.user.id }, { language });
  return [m, await loginAgent(t, m)];
}

describe('errors and refusals in the reader’s language', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let control: StripeApp['control'];
  let host: string;

  beforeAll(async () => {
    ({ emu, t, control } = await stripeApp());
    host = platformHost(t);
  });

  /** The sign-up form as a visitor whose browser asks for `lang`. */
  async function signUpForm(lang: string) {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/signup').set('Host', host).set('Accept-Language', lang).expect(200);
    return (form: Record<string, string>) =>
      agent
        .post('/signup')
        .set('Host', host)
        .set('Accept-Language', lang)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), ...form });
  }

  const badSignUp = {
    email: 'ann@nowhere',
    password: 'short',
    shopName: 'La Fromagerie d’Ann',
    slug: 'admin',
    currency: 'eur',
    country: 'FR',
  };

  it('refuses a French sign-up in French, with what was typed kept; an English one in English', async () => {
    const fr = await (await signUpForm('fr-FR,fr;q=0.9'))(badSignUp).expect(422);
    expect(htmlLang(fr.text)).toBe('fr');
    for (const text of [
      'Saisissez une adresse e-mail comme vous@exemple.fr.',
      'Utilisez au moins 12 caractères.',
      'Cette adresse est réservée. Veuillez en choisir une autre.',
      "value='ann@nowhere'",
      'La Fromagerie d’Ann',
    ])
      expect({ text, found: fr.text.includes(text) || fr.text.includes(text.replace(/'/g, '"')) }).toEqual({
        text,
        found: true,
      });
    for (const english of ['Enter an email address', 'Use at least', 'That address is reserved'])
      expect(fr.text).not.toContain(english);
    expect(fr.text).not.toContain('short'); // the password is never sent back

    const en = await (await signUpForm('en'))(badSignUp).expect(422);
    expect(htmlLang(en.text)).toBe('en');
    expect(en.text).toContain('Enter an email address such as you@example.com.');
    expect(en.text).toContain('Use at least 12 characters.');
    expect(en.text).not.toContain('Saisissez');
  });

  it('explains an unusable reset link in the visitor’s language', async () => {
    const page = (lang: string) =>
      request(t.app.getHttpServer())
        .get('/reset-password?token=nope')
        .set('Host', host)
        .set('Accept-Language', lang)
        .expect(410);
    expect((await page('fr')).text).toContain('Ce lien de réinitialisation est invalide ou a expiré.');
    expect((await page('en')).text).toContain('This reset link is invalid or has expired.');
  });

  it('shows a French merchant a French 404 page, an English one the English page', async () => {
    const [, fr] = await merchantIn(t, 'fr');
    const [, en] = await merchantIn(t, 'en');
    const frPage = await fr.get(`/dashboard/orders/${randomUUID()}`).set('Accept', 'text/html').expect(404);
    expect(htmlLang(frPage.text)).toBe('fr');
    expect(frPage.text).toContain('Nous n’avons pas trouvé cette commande.');
    expect(frPage.text).not.toContain('We could not find that order.');
    const enPage = await en.get(`/dashboard/orders/${randomUUID()}`).set('Accept', 'text/html').expect(404);
    expect(enPage.text).toContain('We could not find that order.');
  });

  it('answers a form posted without its token with a 403 page in the visitor’s language', async () => {
    const post = (lang: string) =>
      request(t.app.getHttpServer())
        .post('/login')
        .set('Host', host)
        .set('Accept-Language', lang)
        .set('Accept', 'text/html')
        .type('form')
        .send({ email: 'x@example.com', password: 'whatever it is' });
    const fr = await post('fr').expect(403);
    expect(fr.text).toContain('Ce formulaire a expiré ou a été envoyé depuis un autre site.');
    expect(fr.text).not.toContain('This form has expired');
    const en = await post('en').expect(403);
    expect(en.text).toContain('This form has expired or was sent from another site.');
  });

  it('throttles log-ins with a 429 that says when to come back, in French or English', async () => {
    const m = await createMerchant(t);
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login').set('Host', host).set('Accept-Language', 'fr').expect(200);
    const attempt = (lang: string) =>
      agent
        .post('/login')
        .set('Host', host)
        .set('Accept-Language', lang)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: m.email, password: 'wrong password!!' });
    const statuses: number[] = [];
    for (let i = 0; i < t.config.throttle.loginPerAccount; i++) statuses.push((await attempt('fr')).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const fr = await attempt('fr').expect(429);
    expect(fr.headers['retry-after']).toMatch(/^\d+$/);
    expect(fr.text).toMatch(
      /Trop de tentatives\. Réessayez dans \d+ minutes?, ou réinitialisez votre mot de passe\./,
    );
    expect(fr.text).not.toContain('Too many attempts');
    const en = await attempt('en').expect(429);
    expect(en.text).toMatch(/Too many attempts\. Try again in \d+ minutes?, or reset your password\./);
  });

  it('shows Stripe’s refusal of a refund as our French sentence, never Stripe’s text', async () => {
    const [m, fr] = await merchantIn(t, 'fr');
    const paid = await createPaidOrder(t, emu, m.shop);
    await control(`/charges/${paid.charge.id}/dispute`, { reason: 'fraudulent' }).expect(200);
    const refused = await fr.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '1' }).expect(422);
    expect(refused.text).toContain(
      'Ce paiement a été contesté et rétrofacturé : il ne peut pas être remboursé.',
    );
    expect(refused.text).not.toContain('charged back; cannot issue a refund');
    // The refusal itself is French; the order's timeline, rendered by the dashboard, still prints
    // the stored English of the same sentence (its entry also keeps the key: `reasonText`).
    const alert = /data-testid='error'>([^<]*)</.exec(refused.text)?.[1] ?? '';
    expect(alert).toContain('Ce paiement a été contesté');
    expect(alert).not.toContain('This payment was disputed');
  });

  it('refuses a French refund amount in French, with the example in French number format', async () => {
    const [m, fr] = await merchantIn(t, 'fr');
    const paid = await createPaidOrder(t, emu, m.shop);
    const refused = await fr
      .post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '12,5,0' })
      .expect(422);
    expect(refused.text).toContain(
      'Saisissez le montant à rembourser sous forme de nombre, par exemple 12,50.',
    );
    expect(refused.text).toContain('12,5,0');
  });

  it('shows a French merchant a Stripe rate limit during onboarding as our French page, not Stripe’s text', async () => {
    const [, fr] = await merchantIn(t, 'fr');
    const page = await fr.get('/dashboard/payments').expect(200);
    emu.emulator.control.injectFault({
      path: '/v1/accounts',
      method: 'POST',
      kind: 'rate_limit',
      shouldRetry: false,
      count: 5,
    });
    try {
      const res = await fr.agent
        .post('/dashboard/payments/setup')
        .set('Host', host)
        .set('Accept', 'text/html')
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
        .expect(503);
      expect(htmlLang(res.text)).toBe('fr');
      expect(res.text).toContain('Stripe est injoignable. Veuillez réessayer dans un instant.');
      expect(res.text).not.toContain('rate limit');
      expect(res.text).not.toContain('Stripe could not be reached');
    } finally {
      emu.emulator.control.clearFaults();
    }
  });
});
