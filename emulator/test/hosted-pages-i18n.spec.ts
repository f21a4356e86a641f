import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import type { RunningEmulator } from '../src/index.js';
import { CHECKOUT_LOCALES } from '../src/data/checkout-locales.js';
import { checkoutLanguage, languageFromHeader } from '../src/pages/i18n.js';
import { freshEmulator, onboardedAccount, sdk } from './helpers.js';

const euros = (lang: string, amount: number) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' }).format(amount);

/** The hosted pages in the shopper's (Checkout) or the merchant's (onboarding) language. */
describe('emulator hosted pages in French and English', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let account: Stripe.Account;
  let price: Stripe.Price;
  beforeAll(async () => {
    emulator = await freshEmulator();
    stripe = sdk(emulator, { maxNetworkRetries: 0 });
    account = await onboardedAccount(emulator, stripe, 'Atelier Lune');
    const product = await stripe.products.create({ name: 'Théière' }, { stripeAccount: account.id });
    price = await stripe.prices.create(
      { product: product.id, currency: 'eur', unit_amount: 2450 },
      { stripeAccount: account.id },
    );
  });
  afterAll(() => emulator.close());

  const session = (locale?: string) =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: 'http://shop.test/ok',
        cancel_url: 'http://shop.test/cart',
        ...(locale ? { locale } : {}),
      },
      { stripeAccount: account.id },
    );
  const page = async (url: string, acceptLanguage?: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}), ...init.headers },
    });
    return { status: res.status, text: await res.text() };
  };
  const langOf = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

  it('shows the Checkout page in French for locale fr, money as Intl writes it in French', async () => {
    const { url } = await session('fr');
    // The session's locale wins over an English browser.
    const { text } = await page(url!, 'en-US,en;q=0.9');
    expect(langOf(text)).toBe('fr');
    expect(text).toContain('<h1>Payer Atelier Lune</h1>');
    expect(text).toContain(`Payer ${euros('fr', 24.5)}`);
    expect(text).toContain(`data-testid="total">${euros('fr', 24.5)}<`);
    expect(text).toContain('Numéro de carte');
    expect(text).toContain('Ou payez par prélèvement SEPA');
    expect(text).toContain('Mode test · émulateur Stripe');
    for (const english of ['Card number', 'Pay ', 'Test mode', 'Back to', '€24.50'])
      expect(text).not.toContain(english);
  });

  it('shows it in English for locale en, even to a French browser', async () => {
    const { url } = await session('en');
    const { text } = await page(url!, 'fr-FR,fr;q=0.9');
    expect(langOf(text)).toBe('en');
    expect(text).toContain('<h1>Pay Atelier Lune</h1>');
    expect(text).toContain(`Pay ${euros('en', 24.5)}`);
    expect(text).toContain('Card number');
    expect(text).not.toContain('Numéro de carte');
  });

  it('follows the browser’s Accept-Language for auto or no locale, English for a language without a catalog', async () => {
    const auto = (await session('auto')).url!;
    expect(langOf((await page(auto, 'fr-BE,fr;q=0.9,en;q=0.5')).text)).toBe('fr');
    expect(langOf((await page(auto, 'de-DE,de;q=0.9,en;q=0.5')).text)).toBe('en');
    expect(langOf((await page(auto, 'de-DE')).text)).toBe('en');
    // q-values order the choice, not the header's order.
    expect(langOf((await page(auto, 'en;q=0.4,fr;q=0.8')).text)).toBe('fr');
    const none = (await session()).url!;
    expect(langOf((await page(none, 'fr')).text)).toBe('fr');
    expect(langOf((await page(none)).text)).toBe('en');
    // Stripe takes `de` and `fr-CA`; the emulator has French but no German catalog.
    expect(langOf((await page((await session('de')).url!, 'fr')).text)).toBe('en');
    expect(langOf((await page((await session('fr-CA')).url!, 'en')).text)).toBe('fr');
  });

  it('answers a refused payment in the page’s language', async () => {
    const { url } = await session('fr');
    const form = (card: string) =>
      new URLSearchParams({
        email: 'ada@example.com',
        card_number: card,
        card_expiry: '12 / 34',
        card_cvc: '123',
      });
    const declined = await page(url!, 'en', { method: 'POST', body: form('4000000000000002') });
    expect(declined.status).toBe(402);
    expect(declined.text).toContain('<p class="error" role="alert">Votre carte a été refusée.</p>');
    const badNumber = await page(url!, 'en', { method: 'POST', body: form('1234') });
    expect(badNumber.text).toContain('Le numéro de votre carte n’est pas valide.');
    const english = await page((await session('en')).url!, 'fr', {
      method: 'POST',
      body: form('4000000000000002'),
    });
    expect(english.text).toContain('<p class="error" role="alert">Your card was declined.</p>');
  });

  it('refuses a locale Stripe refuses, with Stripe’s error shape, and takes every locale of the SDK’s list', async () => {
    for (const bad of ['fr-FR', 'FR', 'xx', 'english']) {
      const err = await session(bad).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      const refusal = err as Stripe.errors.StripeInvalidRequestError;
      expect(refusal.statusCode).toBe(400);
      expect(refusal.raw).toMatchObject({ type: 'invalid_request_error', param: 'locale' });
      expect(refusal.message).toMatch(/^Invalid locale: must be one of auto, bg, /);
    }
    const created = await Promise.all(CHECKOUT_LOCALES.map((locale) => session(locale)));
    expect(created.map((s) => s.locale)).toEqual([...CHECKOUT_LOCALES]);
    expect(CHECKOUT_LOCALES).toContain('hi-IN');
  });

  it('shows the onboarding page in the browser’s language (Account Links take no locale)', async () => {
    const fresh = await stripe.accounts.create({ type: 'express', country: 'FR' });
    const link = () =>
      stripe.accountLinks.create({
        account: fresh.id,
        type: 'account_onboarding',
        refresh_url: 'http://app.test/refresh',
        return_url: 'http://app.test/return',
      });
    const fr = (await page((await link()).url, 'fr-FR,fr;q=0.9,en;q=0.8')).text;
    expect(langOf(fr)).toBe('fr');
    expect(fr).toContain('<h1>Configurer les paiements</h1>');
    expect(fr).toContain('Nom de l’entreprise');
    expect(fr).toMatch(/<option value="FR"\s+selected>\s*France\s*<\/option>/);
    expect(fr).toMatch(/<option value="DE"\s*>\s*Allemagne\s*<\/option>/);
    expect(fr).not.toContain('Business name');
    const en = (await page((await link()).url, 'en-GB')).text;
    expect(langOf(en)).toBe('en');
    expect(en).toContain('<h1>Set up payments</h1>');
    expect(en).toMatch(/<option value="DE"\s*>\s*Germany\s*<\/option>/);
    const unknown = await page(`${emulator.url}/connect/onboarding/nope`, 'fr');
    expect([unknown.status, langOf(unknown.text)]).toEqual([404, 'fr']);
    expect(unknown.text).toContain('Ce lien n’est pas valide.');
  });

  it('picks languages as documented', () => {
    expect(languageFromHeader(undefined)).toBe('en');
    expect(languageFromHeader('*')).toBe('en');
    expect(languageFromHeader('fr-CH, fr;q=0.9')).toBe('fr');
    expect(languageFromHeader('fr;q=0, en')).toBe('en');
    expect(checkoutLanguage('en-GB', 'fr')).toBe('en');
    expect(checkoutLanguage(null, 'fr')).toBe('fr');
  });

  it('has the same keys in every catalog, none empty', () => {
    const flat = (o: Record<string, unknown>, prefix = ''): Array<[string, unknown]> =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object'
          ? flat(v as Record<string, unknown>, `${prefix}${k}.`)
          : [[`${prefix}${k}`, v]],
      );
    const read = (lang: string) =>
      flat(
        JSON.parse(readFileSync(new URL(`../locales/${lang}.json`, import.meta.url), 'utf8')) as Record<
          string,
          unknown
        >,
      );
    const en = read('en');
    const fr = read('fr');
    // Plural forms differ by language (French has `_many`): compared by their stem.
    const stems = (entries: Array<[string, unknown]>) => [
      ...new Set(entries.map(([k]) => k.replace(/_(zero|one|two|few|many|other)$/, '')).sort()),
    ];
    expect(stems(fr)).toEqual(stems(en));
    const plural = (entries: Array<[string, unknown]>, form: string) =>
      entries.filter(([k]) => k.endsWith(`_${form}`)).map(([k]) => k.slice(0, -form.length - 1));
    // Every French plural has its three forms.
    expect(plural(fr, 'many').sort()).toEqual(plural(fr, 'other').sort());
    expect(plural(fr, 'one').sort()).toEqual(plural(fr, 'other').sort());
    for (const [key, value] of [...en, ...fr])
      expect([key, typeof value === 'string' && value.trim() !== '']).toEqual([key, true]);
  });
});
