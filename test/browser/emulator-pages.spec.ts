import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { onboardedAccount } from '@comptoir/stripe-emulator/test-helpers';
import { launchBrowser } from '../support/browser.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

describe('the emulator’s hosted pages in Chromium', () => {
  let s: TestEmulator;
  let browser: Browser;
  let platform: Server;
  let platformUrl: string;
  beforeAll(async () => {
    s = await startTestEmulator();
    browser = await launchBrowser();
    // Stands in for the app's return, success and cancel pages.
    platform = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        `<!doctype html><html lang="en"><title>platform</title><main><h1>Back on the platform: ${req.url}</h1>`,
      );
    });
    await new Promise<void>((r) => platform.listen(0, '127.0.0.1', () => r()));
    platformUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await new Promise((r) => platform?.close(r));
  });

  it('a person onboards, then pays on the branded Checkout page after a declined card', async () => {
    const { stripe } = s;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });

    const account = await stripe.accounts.create({
      type: 'standard',
      settings: { branding: { primary_color: '#aa3355' } },
    });
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: `${platformUrl}/refresh`,
      return_url: `${platformUrl}/return`,
    });
    await page.goto(link.url);
    await page.getByLabel('Business name').fill('Atelier Lune');
    await page.getByLabel('Country').selectOption('FR');
    await page.getByRole('button', { name: 'Agree and submit' }).click();
    await page.waitForURL(`${platformUrl}/return`);
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({
      charges_enabled: true,
      details_submitted: true,
    });

    const price = await stripe.prices.create(
      { currency: 'eur', unit_amount: 1850, product_data: { name: 'Linen apron' } },
      { stripeAccount: account.id },
    );
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ price: price.id, quantity: 2 }],
        success_url: `${platformUrl}/thanks?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${platformUrl}/cart`,
        payment_intent_data: { application_fee_amount: 200 },
      },
      { stripeAccount: account.id },
    );
    await page.goto(session.url!);
    expect(await page.getByTestId('merchant').textContent()).toBe('Atelier Lune');
    expect(await page.getByTestId('total').textContent()).toBe('€37.00');
    expect(await page.getByRole('link', { name: /Back to Atelier Lune/ }).getAttribute('href')).toBe(
      `${platformUrl}/cart`,
    );
    // eur sessions also offer SEPA and bank redirects, whose buttons say "Pay … by/with …".
    const pay = page.getByRole('button', { name: 'Pay €37.00', exact: true });
    // The account's brand colour reaches the page through a stylesheet (no inline styles under the CSP).
    expect(await pay.evaluate((el: Element) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(170, 51, 85)',
    );

    await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByLabel('Expiry (MM / YY)').fill('12 / 34');
    await page.getByLabel('CVC').fill('123');
    await pay.click();
    expect(await page.getByRole('alert').textContent()).toContain('Your card was declined.');

    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM / YY)').fill('12 / 34');
    await page.getByLabel('CVC').fill('123');
    await pay.click();
    await page.waitForURL(`${platformUrl}/thanks?session_id=${session.id}`);
    const paid = await stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount: account.id });
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid' });
    // Declined responses are 402s; nothing else failed, and the CSP blocked nothing.
    expect(problems.filter((p) => !p.includes('402'))).toEqual([]);
  });

  it('a person pays an eur session by SEPA Direct Debit; it settles on the emulator clock', async () => {
    const { stripe, emulator } = s;
    const page = await browser.newPage();
    const account = await onboardedAccount(emulator, stripe);
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            price_data: { currency: 'eur', unit_amount: 4000, product_data: { name: 'Teapot' } },
            quantity: 1,
          },
        ],
        success_url: `${platformUrl}/thanks?session_id={CHECKOUT_SESSION_ID}`,
        payment_intent_data: { application_fee_amount: 200 },
      },
      { stripeAccount: account.id },
    );
    await page.goto(session.url!);
    await page.getByLabel('Email for the mandate').fill('ada@example.com');
    await page.getByLabel('Account holder name').fill('Ada Shopper');
    await page.getByLabel('IBAN').fill('AT61 1904 3002 3457 3201');
    await page.getByRole('button', { name: 'Pay €40.00 by SEPA Direct Debit' }).click();
    await page.waitForURL(`${platformUrl}/thanks?session_id=${session.id}`);
    const opts = { stripeAccount: account.id };
    expect(await stripe.checkout.sessions.retrieve(session.id, {}, opts)).toMatchObject({
      status: 'complete',
      payment_status: 'unpaid',
    });
    emulator.advanceClock(5);
    expect((await stripe.checkout.sessions.retrieve(session.id, {}, opts)).payment_status).toBe('paid');
    // 4000 − (116 + 30) − 200, pending for two days.
    expect((await stripe.balance.retrieve({}, opts)).pending[0].amount).toBe(3654);
  });

  it('a French browser onboards in French; a session with locale fr is paid in French, 390 and 1280 px wide', async () => {
    const { stripe, emulator } = s;
    const shots = process.env.ADMIN_I18N_SHOTS ?? '/tmp';
    const euros = (amount: number) =>
      new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(amount);
    const merchant = await onboardedAccount(emulator, stripe, 'Atelier Lune');
    for (const width of [390, 1280]) {
      for (const lang of ['fr', 'en'] as const) {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          locale: lang === 'fr' ? 'fr-FR' : 'en-US',
        });
        const page = await context.newPage();
        const account = await stripe.accounts.create({ type: 'standard' });
        const link = await stripe.accountLinks.create({
          account: account.id,
          type: 'account_onboarding',
          refresh_url: `${platformUrl}/refresh`,
          return_url: `${platformUrl}/return`,
        });
        await page.goto(link.url);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        await page.screenshot({ path: `${shots}/emulator-onboarding-${lang}-${width}.png`, fullPage: true });
        const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(await overflow()).toBe(0);
        if (lang === 'fr') {
          await page.getByLabel('Nom de l’entreprise').fill('Atelier Soleil');
          await page.getByLabel('Pays').selectOption({ label: 'France' });
          await page.getByRole('button', { name: 'Accepter et envoyer' }).click();
          await page.waitForURL(`${platformUrl}/return`);
        }

        // The session's locale decides, whatever the browser asks for.
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            locale: lang === 'fr' ? 'en' : 'fr',
            line_items: [
              {
                price_data: { currency: 'eur', unit_amount: 1850, product_data: { name: 'Tablier' } },
                quantity: 2,
              },
            ],
            success_url: `${platformUrl}/thanks?session_id={CHECKOUT_SESSION_ID}`,
            cancel_url: `${platformUrl}/cart`,
          },
          { stripeAccount: merchant.id },
        );
        const shown = lang === 'fr' ? 'en' : 'fr';
        await page.goto(session.url!);
        expect(await page.locator('html').getAttribute('lang')).toBe(shown);
        expect(await overflow()).toBe(0);
        await page.screenshot({ path: `${shots}/emulator-checkout-${shown}-${width}.png`, fullPage: true });
        if (shown === 'fr') {
          expect(await page.getByTestId('total').textContent()).toBe(euros(37));
          await page.getByLabel('E-mail', { exact: true }).fill('ada@example.com');
          await page.getByLabel('Numéro de carte').fill('4000 0000 0000 0002');
          await page.getByLabel('Date d’expiration (MM / AA)').fill('12 / 34');
          await page.getByLabel('Cryptogramme (CVC)').fill('123');
          await page.getByRole('button', { name: `Payer ${euros(37)}`, exact: true }).click();
          expect(await page.getByRole('alert').textContent()).toBe('Votre carte a été refusée.');
          await page.screenshot({
            path: `${shots}/emulator-checkout-declined-fr-${width}.png`,
            fullPage: true,
          });
        }
        await context.close();
      }
    }
  }, 240_000);
});
