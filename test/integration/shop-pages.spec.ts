import { createMerchant, loginAgent, shopHost, type LoggedInAgent } from '../factories/accounts.js';
import { shopOrigin } from '../../src/common/shop-url.js';
import { sellingShop, sessionIdOf, Shopper } from '../factories/checkout.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';
import request from 'supertest';

const HOSTILE = [
  '# Terms of sale',
  '',
  'Orders are **binding** once paid. See [our site](https://example.com/about).',
  '',
  '<script>alert(1)</script>',
  '',
  '[click](javascript:alert(1)) <img src=x onerror="alert(1)"> <a href="https://x.test" onclick="alert(1)">x</a>',
  '',
  '<style>body{display:none}</style>',
].join('\r\n');

describe('shop pages: legal pages edited in the dashboard, rendered safely on the storefront', () => {
  let emu: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    ({ emu, t } = await stripeApp());
  }, 60_000);

  const storefront = (slug: string, path: string) =>
    request(t.app.getHttpServer()).get(path).set('Host', shopHost(t, slug)).set('Accept-Language', 'en');
  const save = (agent: LoggedInAgent, kind: string, body: string) =>
    agent.post(`/dashboard/pages/${kind}`, { body });

  it('renders the Markdown and strips script, style, event handlers and javascript: URLs; links get rel', async () => {
    const m = await createMerchant(t);
    const agent = await loginAgent(t, m);
    await storefront(m.shop.slug, '/pages/terms').expect(404);
    const saved = await save(agent, 'terms', HOSTILE).expect(303);
    expect(saved.headers.location).toBe('/dashboard/pages/terms?saved=1');

    const page = (await storefront(m.shop.slug, '/pages/terms').expect(200)).text;
    expect(page).toContain('<h2>Terms of sale</h2>');
    expect(page).toContain('<strong>binding</strong>');
    expect(page).toContain('<a href="https://example.com/about" rel="nofollow noopener">our site</a>');
    const body = /<div class='shop-page-body'>([\s\S]*?)<\/div>\s*<\/article>/.exec(page)![1];
    const tags = body.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(3);
    for (const tag of tags) {
      expect(tag).toMatch(/^<(h2|p|strong|a href="https:[^"]*" rel="nofollow noopener")>$/);
    }
    // Raw HTML is shown as text, escaped.
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    // The footer of every storefront page links the published pages only.
    const home = (await storefront(m.shop.slug, '/').expect(200)).text;
    expect(home).toContain(`<a href='/pages/terms'>Terms of sale</a>`);
    expect(home).not.toContain(`/pages/privacy`);
    await storefront(m.shop.slug, '/pages/privacy').expect(404);
    await storefront(m.shop.slug, '/pages/nothing').expect(404);

    // The dashboard shows a preview of what is saved, and the text as typed (line ends as LF).
    const edit = (await agent.get('/dashboard/pages/terms?saved=1').expect(200)).text;
    expect(edit).toContain('Page saved.');
    expect(edit).toContain(`data-testid='shop-page-preview'><h2>Terms of sale</h2>`);
    const textarea = /<textarea id='body'[^>]*>([\s\S]*?)<\/textarea>/.exec(edit)![1];
    expect(textarea).toContain('\n&lt;script&gt;alert(1)&lt;/script&gt;\n');
    expect(textarea).not.toContain('\r');
    const list = (await agent.get('/dashboard/pages').expect(200)).text;
    expect(list).toMatch(/data-testid='shop-page-terms'>[\s\S]*?Published/);
    expect(list).toMatch(/data-testid='shop-page-privacy'>[\s\S]*?Empty/);

    // Emptied, the page is gone from the shop and its footer.
    await save(agent, 'terms', '  \r\n ').expect(303);
    await storefront(m.shop.slug, '/pages/terms').expect(404);
    expect((await storefront(m.shop.slug, '/').expect(200)).text).not.toContain(`/pages/terms`);
  }, 60_000);

  it('refuses a page over the limit with a clear message and keeps the text; in French too', async () => {
    const m = await createMerchant(t, { language: 'fr' });
    const agent = await loginAgent(t, m);
    const long = 'é'.repeat(20_001);
    const res = await save(agent, 'privacy', long).expect(422);
    expect(res.text).toContain('Le texte compte 20');
    expect(res.text).toContain('001 caractères');
    expect(res.text).toContain(`${long}</textarea>`);
    // Exactly the limit (counted in characters, not bytes) is kept.
    await save(agent, 'privacy', 'é'.repeat(20_000)).expect(303);
    await agent.post('/dashboard/pages/nothing', { body: 'x' }).expect(404);
  }, 60_000);

  it('under 40 concurrent saves (some over the limit) each shop keeps exactly its published pages', async () => {
    const m = await createMerchant(t);
    const agent = await loginAgent(t, m);
    const kinds = ['legal-notice', 'terms', 'returns', 'privacy', 'contact'];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const kind = kinds[i % kinds.length];
        const body = i % 4 === 3 ? 'x'.repeat(20_001) : `Page ${kind} v${i}`;
        return save(agent, kind, body).then((r) => ({ i, status: r.status }));
      }),
    );
    for (const r of results) expect(r.status).toBe(r.i % 4 === 3 ? 422 : 303);
    const [shop] = await t.db.query<Array<{ published_pages: string[] }>>(
      'SELECT published_pages FROM shop WHERE id = $1',
      [m.shop.id],
    );
    expect([...shop.published_pages].sort()).toEqual([...kinds].sort());
    const lengths = await t.db.query<Array<{ n: number }>>(
      'SELECT max(char_length(body)) AS n FROM shop_page WHERE shop_id = $1',
      [m.shop.id],
    );
    expect(lengths[0].n).toBeLessThan(100);
  }, 90_000);

  it('another merchant edits only their own pages: the route takes the shop from the session', async () => {
    const alice = await createMerchant(t);
    const bob = await createMerchant(t);
    const aliceAgent = await loginAgent(t, alice);
    const bobAgent = await loginAgent(t, bob);
    await save(aliceAgent, 'contact', 'Write to Alice').expect(303);
    await save(bobAgent, 'contact', 'Write to Bob').expect(303);
    expect((await storefront(alice.shop.slug, '/pages/contact').expect(200)).text).toContain(
      'Write to Alice',
    );
    expect((await storefront(bob.shop.slug, '/pages/contact').expect(200)).text).toContain('Write to Bob');
    expect((await bobAgent.get('/dashboard/pages/contact').expect(200)).text).not.toContain('Alice');
    const rows = await t.db.query<Array<{ body: string }>>(
      `SELECT body FROM shop_page WHERE shop_id = $1 AND kind = 'contact'`,
      [alice.shop.id],
    );
    expect(rows).toEqual([{ body: 'Write to Alice' }]);
    // A shop id in the form is not a field: it changes nothing.
    await bobAgent
      .post('/dashboard/pages/contact', { body: 'Hijacked', shopId: alice.shop.id })
      .expect((r) => expect([303, 400]).toContain(r.status));
    expect((await storefront(alice.shop.slug, '/pages/contact').expect(200)).text).toContain(
      'Write to Alice',
    );
  }, 60_000);

  it('"Get started" shows the terms of sale as an open step until they have a body; checkout is not blocked', async () => {
    const shop = await sellingShop(t, emu);
    const agent = await loginAgent(t, shop);
    const step = async () =>
      /data-testid='get-started-step' data-done='(yes|no)'><a href='\/dashboard\/pages\/terms'>Write your terms of sale</.exec(
        (await agent.get('/dashboard').expect(200)).text,
      )?.[1];
    expect(await step()).toBe('no');

    // No terms: the cart has no terms link, and checkout works, with no custom text.
    const before = new Shopper(t, shop.shop.slug);
    await before.add(shop.products[0].id);
    expect((await before.get('/cart').expect(200)).text).not.toContain(`href='/pages/terms'`);
    const bare = await emu.stripe.checkout.sessions.retrieve(
      sessionIdOf(await before.checkout()),
      {},
      {
        stripeAccount: shop.account,
      },
    );
    expect(bare.custom_text.submit).toBeNull();

    await save(agent, 'terms', 'All sales are final.').expect(303);
    expect(await step()).toBe('yes');

    const shopper = new Shopper(t, shop.shop.slug);
    await shopper.add(shop.products[0].id);
    const cart = (await shopper.get('/cart').expect(200)).text;
    expect(cart).toMatch(/By placing your order you accept our <a href='\/pages\/terms'>Terms of sale<\/a>/);
    const url = await shopper.checkout();
    const session = await emu.stripe.checkout.sessions.retrieve(
      sessionIdOf(url),
      {},
      {
        stripeAccount: shop.account,
      },
    );
    const termsUrl = `${shopOrigin(t.config, shop.shop.slug)}/pages/terms`;
    expect(session.custom_text.submit?.message).toBe(
      `By paying, you accept the shop's terms of sale: ${termsUrl}`,
    );
    // The emulator's hosted page shows it, the URL a link.
    const hosted = await (await fetch(url)).text();
    expect(hosted).toContain('data-testid="custom-text-submit"');
    expect(hosted).toContain(`<a href="${termsUrl}"`);
  }, 90_000);

  it('a French shopper’s Checkout names the terms in French', async () => {
    const shop = await sellingShop(t, emu);
    await t.db.query(`UPDATE shop SET languages = '{fr,en}' WHERE id = $1`, [shop.shop.id]);
    await save(await loginAgent(t, shop), 'terms', 'Conditions.').expect(303);
    const shopper = new Shopper(t, shop.shop.slug, 'fr');
    await shopper.add(shop.products[0].id);
    const session = await emu.stripe.checkout.sessions.retrieve(
      sessionIdOf(await shopper.checkout()),
      {},
      {
        stripeAccount: shop.account,
      },
    );
    expect(session.custom_text.submit?.message).toMatch(
      /^En payant, vous acceptez les conditions générales de vente de la boutique : http/,
    );
  }, 90_000);

  it('the emulator refuses a custom_text message over 1200 characters, as Stripe does', async () => {
    const shop = await sellingShop(t, emu);
    const params = {
      mode: 'payment' as const,
      line_items: [{ price: shop.products[0].stripePriceId!, quantity: 1 }],
      success_url: 'https://example.com/ok',
    };
    const err = await emu.stripe.checkout.sessions
      .create(
        { ...params, custom_text: { submit: { message: 'x'.repeat(1201) } } },
        { stripeAccount: shop.account },
      )
      .catch((e: unknown) => e);
    expect((err as { type?: string }).type).toBe('StripeInvalidRequestError');
    expect((err as { param?: string }).param).toBe('custom_text[submit][message]');
    expect((err as Error).message).toContain('must be at most 1200 characters');
    const ok = await emu.stripe.checkout.sessions.create(
      { ...params, custom_text: { after_submit: { message: 'y'.repeat(1200) } } },
      { stripeAccount: shop.account },
    );
    expect(ok.custom_text.after_submit?.message).toHaveLength(1200);
  }, 90_000);
});
