import request from 'supertest';
import type Stripe from 'stripe';
import { NotFoundError } from '../../src/common/domain-error.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { AccountSyncService } from '../../src/onboarding/account-sync.service.js';
import { OnboardingService } from '../../src/onboarding/onboarding.service.js';
import { Shop } from '../../src/tenants/entities/shop.entity.js';
import { toShopContext } from '../../src/tenants/shop-context.js';
import { TenantService } from '../../src/tenants/tenant.service.js';
import {
  createMerchant,
  csrfFrom,
  loginAgent,
  platformHost,
  shopHost,
  type LoggedInAgent,
  type Merchant,
} from '../factories/accounts.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

const SETUP = '/dashboard/payments/setup';

describe('Stripe Connect onboarding', () => {
  let emu: TestEmulator;
  let t: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Listening, with workers and the endpoints registered on the emulator: real deliveries.
    ({ emu, t } = await stripeApp({
      env: { LOG_LEVEL: 'info' },
      logDestination: { write: (line) => void logLines.push(line) },
    }));
  });

  const shopRow = (m: Merchant) => t.db.getRepository(Shop).findOneByOrFail({ id: m.shop.id });
  const accountsOf = async (m: Merchant) =>
    (await emu.stripe.accounts.list({ limit: 100 })).data.filter((a) => a.metadata?.shop_id === m.shop.id);
  const stateOf = async (agent: LoggedInAgent, path = '/dashboard') => {
    const page = await agent.get(path).expect(200);
    return /data-state='([a-z_]+)'/.exec(page.text)?.[1];
  };
  const setup = async (agent: LoggedInAgent) => {
    const page = await agent.get('/dashboard/payments').expect(200);
    return agent.agent
      .post(SETUP)
      .set('Host', platformHost(t))
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
  };

  describe('access', () => {
    it.each(['/dashboard/payments', '/dashboard/payments/refresh', '/dashboard/payments/return'])(
      'sends an anonymous %s to the log-in page, with a way back',
      async (path) => {
        const res = await request(t.app.getHttpServer()).get(path).set('Host', platformHost(t)).expect(303);
        expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
      },
    );

    it('brings the merchant back to the onboarding route after logging in, and only to local paths', async () => {
      const m = await createMerchant(t);
      for (const [next, expected] of [
        ['/dashboard/payments/return', '/dashboard/payments/return'],
        ['//evil.example/dashboard', '/dashboard'],
        ['https://evil.example/', '/dashboard'],
        ['/\\evil.example', '/dashboard'],
      ]) {
        const agent = request.agent(t.app.getHttpServer());
        const page = await agent
          .get(`/login?next=${encodeURIComponent(next)}`)
          .set('Host', platformHost(t))
          .expect(200);
        const res = await agent
          .post('/login')
          .set('Host', platformHost(t))
          .type('form')
          .send({ _csrf: csrfFrom(page.text), email: m.email, password: m.password, next })
          .expect(303);
        expect(res.headers.location).toBe(expected);
      }
    });

    it('refuses an anonymous "Set up payments" and creates nothing', async () => {
      const before = (await emu.stripe.accounts.list({ limit: 100 })).data.length;
      // No session, so no valid CSRF token: refused before the route runs.
      await request(t.app.getHttpServer()).post(SETUP).set('Host', platformHost(t)).type('form').expect(403);
      expect((await emu.stripe.accounts.list({ limit: 100 })).data.length).toBe(before);
    });

    it("treats another merchant's shop as not found, and never shows it", async () => {
      const alice = await createMerchant(t);
      const bob = await createMerchant(t);
      await setup(await loginAgent(t, alice));
      const aliceShop = await shopRow(alice);
      const service = t.app.get(OnboardingService);
      const aliceCtx = toShopContext(aliceShop);
      await expect(service.startOnboarding(aliceCtx, bob.user)).rejects.toBeInstanceOf(NotFoundError);
      await expect(service.refreshLink(aliceCtx, bob.user)).rejects.toBeInstanceOf(NotFoundError);
      await expect(service.syncFromStripe(aliceCtx, bob.user)).rejects.toBeInstanceOf(NotFoundError);
      await expect(service.dashboardUrl(aliceCtx, bob.user)).rejects.toBeInstanceOf(NotFoundError);

      const bobAgent = await loginAgent(t, bob);
      const page = await bobAgent.get('/dashboard/payments?shop=' + alice.shop.id).expect(200);
      expect(page.text).not.toContain(aliceShop.stripeAccountId);
      expect(/data-state='([a-z_]+)'/.exec(page.text)?.[1]).toBe('not_started');
      // The dashboard routes do not exist on a shop host.
      await bobAgent.agent
        .get('/dashboard/payments/return')
        .set('Host', shopHost(t, alice.shop.slug))
        .expect(404);
    });
  });

  describe('account creation', () => {
    it('creates one account under a double click', async () => {
      const m = await createMerchant(t);
      const agent = await loginAgent(t, m);
      const page = await agent.get('/dashboard/payments').expect(200);
      const csrf = csrfFrom(page.text);
      // The emulator holds the first create for a while, so the two clicks overlap.
      emu.emulator.control.injectFault({ path: '/v1/accounts', method: 'POST', kind: 'delay', delayMs: 500 });
      const [a, b] = await Promise.all(
        [1, 2].map(() =>
          agent.agent.post(SETUP).set('Host', platformHost(t)).type('form').send({ _csrf: csrf }),
        ),
      );
      expect([a.status, b.status]).toEqual([303, 303]);
      const accounts = await accountsOf(m);
      expect(accounts).toHaveLength(1);
      expect((await shopRow(m)).stripeAccountId).toBe(accounts[0].id);
    });

    it('creates one account when the connection drops after Stripe made it (the SDK retries)', async () => {
      const m = await createMerchant(t);
      const agent = await loginAgent(t, m);
      emu.emulator.control.clearRequests();
      emu.emulator.control.injectFault({ path: '/v1/accounts', method: 'POST', kind: 'reset' });
      await setup(agent);
      const creates = emu.emulator.control.requests({ path: '/v1/accounts', method: 'POST' });
      expect(creates).toHaveLength(2);
      expect(creates[0].idempotencyKey).toBeTruthy();
      expect(creates[1].idempotencyKey).toBe(creates[0].idempotencyKey);
      expect(creates[1].replayed).toBe(true);
      const accounts = await accountsOf(m);
      expect(accounts).toHaveLength(1);
      expect((await shopRow(m)).stripeAccountId).toBe(accounts[0].id);
    });
  });

  describe('the onboarding journey', () => {
    let m: Merchant;
    let agent: LoggedInAgent;
    let accountId: string;
    let firstLink: string;

    const openForm = async (url: string) => {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(200);
      const html = await res.text();
      return /name="form_token" value="([^"]+)"/.exec(html)![1];
    };
    const submitForm = async (url: string, action: 'submit' | 'leave') => {
      const formToken = await openForm(url);
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({
          form_token: formToken,
          action,
          business_name: 'Atelier Lune',
          country: 'FR',
          bank_account: 'DE89370400440532013000',
        }),
      });
      expect([302, 303]).toContain(res.status);
      return res.headers.get('location')!;
    };

    beforeAll(async () => {
      m = await createMerchant(t, { shopName: 'Atelier Lune', country: 'FR', currency: 'eur' });
      await t.app.get(TenantService).updateSettings(toShopContext(m.shop), {
        name: 'Atelier Lune',
        brandColour: '#aa3355',
      });
      agent = await loginAgent(t, m);
    });

    it('"Set up payments" saves a prefilled account and answers 303 to its link, uncached', async () => {
      expect(await stateOf(agent)).toBe('not_started');
      const res = await setup(agent);
      firstLink = res.headers.location;
      expect(firstLink).toMatch(new RegExp(`^${emu.emulator.url}/connect/onboarding/`));
      expect(res.headers['cache-control']).toBe('no-store');

      const shop = await shopRow(m);
      accountId = shop.stripeAccountId!;
      expect(accountId).toMatch(/^acct_/);
      const account = await emu.stripe.accounts.retrieve(accountId);
      expect(account).toMatchObject({
        email: m.email,
        country: 'FR',
        metadata: { shop_id: m.shop.id },
        business_profile: { name: 'Atelier Lune' },
        settings: { branding: { primary_color: '#aa3355' } },
        controller: { stripe_dashboard: { type: 'full' }, fees: { payer: 'account' } },
      });
      const [link] = emu.emulator.control.requests({ path: '/v1/account_links' }).slice(-1);
      expect(link.params).toMatchObject({
        account: accountId,
        type: 'account_onboarding',
        refresh_url: `${t.config.appUrl}/dashboard/payments/refresh`,
        return_url: `${t.config.appUrl}/dashboard/payments/return`,
      });
      expect(await stateOf(agent)).toBe('in_progress');
    });

    it('never writes the link to the logs, the pages or the mails', async () => {
      const token = firstLink.split('/').pop()!;
      // The redirect itself was logged (so the capture works), without its Location.
      expect(logLines.some((l) => l.includes(SETUP))).toBe(true);
      expect(logLines.join('\n')).not.toContain(token);
      for (const path of ['/dashboard', '/dashboard/payments']) {
        expect((await agent.get(path).expect(200)).text).not.toContain(token);
      }
      const mails = await t.db.getRepository(OutboxMail).find();
      expect(mails.map((x) => x.text).join('\n')).not.toContain(token);
    });

    it('after "Leave for now", the return page says what is still due', async () => {
      const back = await submitForm(firstLink, 'leave');
      expect(back).toBe(`${t.config.appUrl}/dashboard/payments/return`);
      const page = await agent.get('/dashboard/payments/return').expect(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(/data-state='([a-z_]+)'/.exec(page.text)?.[1]).toBe('in_progress');
      expect(page.text).toContain('Bank account for payouts');
      expect(page.text).toContain('Continue setup');
    });

    it('a used link leads to refresh_url, which makes a new link', async () => {
      const used = await fetch(firstLink, { redirect: 'manual' });
      expect(used.status).toBe(302);
      expect(used.headers.get('location')).toBe(`${t.config.appUrl}/dashboard/payments/refresh`);
      const res = await agent.get('/dashboard/payments/refresh').expect(303);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.location).toMatch(/\/connect\/onboarding\//);
      expect(res.headers.location).not.toBe(firstLink);
      await openForm(res.headers.location);
    });

    it('an expired link leads to refresh_url too', async () => {
      const res = await agent.get('/dashboard/payments/refresh').expect(303);
      emu.emulator.advanceClock(301);
      const expired = await fetch(res.headers.location, { redirect: 'manual' });
      expect(expired.headers.get('location')).toBe(`${t.config.appUrl}/dashboard/payments/refresh`);
      const again = await agent.get('/dashboard/payments/refresh').expect(303);
      await openForm(again.headers.location);
    });

    it('completing the hosted form makes the dashboard say "active" through account.updated', async () => {
      // "Continue setup" on an existing account makes a link, not a second account.
      const res = await setup(agent);
      expect(await accountsOf(m)).toHaveLength(1);
      await submitForm(res.headers.location, 'submit');
      // No visit to return_url: only the webhook delivery can change the status.
      await eventually(async () => (await stateOf(agent)) === 'active');
      const shop = await shopRow(m);
      expect(shop).toMatchObject({
        stripeDetailsSubmitted: true,
        stripeChargesEnabled: true,
        stripePayoutsEnabled: true,
      });
      expect(shop.stripeRequirements?.currently_due).toEqual([]);
      const events = await t.db.query<Array<{ status: string }>>(
        `SELECT status FROM stripe_event WHERE type = 'account.updated' AND account = $1`,
        [accountId],
      );
      expect(events.map((e) => e.status)).toContain('processed');
      expect((await t.app.get(TenantService).findBySlug(m.shop.slug))?.canCheckout).toBe(true);
      const returned = await agent.get('/dashboard/payments/return').expect(200);
      expect(returned.text).toContain("data-state='active'");
      expect(returned.text).toContain('Open your Stripe dashboard');
    });

    it('"Open your Stripe dashboard" goes to Stripe\'s dashboard for a full-dashboard account', async () => {
      const page = await agent.get('/dashboard/payments').expect(200);
      const res = await agent.agent
        .post('/dashboard/payments/stripe-dashboard')
        .set('Host', platformHost(t))
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
        .expect(303);
      expect(res.headers.location).toBe('https://dashboard.stripe.com/');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('pushes a new shop name and brand colour to the connected account', async () => {
      const page = await agent.get('/dashboard/settings').expect(200);
      await agent.agent
        .post('/dashboard/settings')
        .set('Host', platformHost(t))
        .type('form')
        .send({ _csrf: csrfFrom(page.text), name: 'Atelier Soleil', brandColour: '#225588' })
        .expect(303);
      await eventually(async () => {
        const account = await emu.stripe.accounts.retrieve(accountId);
        return (
          account.business_profile?.name === 'Atelier Soleil' &&
          account.settings?.branding.primary_color === '#225588'
        );
      });
    });

    it('deauthorization disconnects the shop and turns checkout off; connecting again makes a new account', async () => {
      emu.emulator.control.deauthorize(accountId);
      await eventually(async () => (await shopRow(m)).stripeDisconnectedAt !== null);
      expect((await t.app.get(TenantService).findBySlug(m.shop.slug))?.canCheckout).toBe(false);
      const page = await agent.get('/dashboard').expect(200);
      expect(page.text).toContain("data-state='disconnected'");
      expect(page.text).toContain('Connect again');

      emu.emulator.control.clearRequests();
      await setup(agent);
      const shop = await shopRow(m);
      expect(shop.stripeAccountId).not.toBe(accountId);
      expect(shop.stripeDisconnectedAt).toBeNull();
      expect(shop.stripeAccountGeneration).toBe(1);
      const [create] = emu.emulator.control.requests({ path: '/v1/accounts', method: 'POST' });
      expect(create.replayed).toBe(false);
      expect(await stateOf(agent)).toBe('in_progress');
    });
  });

  describe('requirements mail', () => {
    it.each([
      ['en', 'Stripe needs information about', 'Identity document', 'by', 'en-US'],
      ['fr', 'Stripe a besoin d’informations sur', 'Pièce d’identité', 'avant le', 'fr-FR'],
    ])(
      'mails the merchant once, in their language (%s), when Stripe starts asking for something',
      async (language, subject, item, by, locale) => {
        const m = await createMerchant(t, { language });
        await setup(await loginAgent(t, m));
        const shop = await shopRow(m);
        const account = {
          ...(await emu.stripe.accounts.retrieve(shop.stripeAccountId ?? 'acct_missing')),
          details_submitted: true,
          charges_enabled: true,
          requirements: {
            currently_due: ['individual.verification.document'],
            past_due: [],
            eventually_due: ['individual.verification.document'],
            disabled_reason: null,
            current_deadline: 1_900_000_000,
            alternatives: [],
            errors: [],
            pending_verification: [],
          },
        } satisfies Stripe.Account;
        const sync = t.app.get(AccountSyncService);
        const apply = () =>
          t.db.transaction(async (manager) => {
            const locked = await sync.lockShopByAccount(manager, account.id);
            await sync.applyAccount(manager, locked!, account);
          });
        await apply();
        await apply(); // a second event with the same requirements
        const mails = await t.db.getRepository(OutboxMail).find({ where: { to: m.email } });
        expect(mails).toHaveLength(1);
        expect(mails[0].subject).toBe(`${subject} ${m.shop.name}`);
        expect(mails[0].text).toContain(`  - ${item}`);
        // The deadline in the reader's language and the shop's zone, the zone named.
        const when = new Intl.DateTimeFormat(locale, {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: shop.timeZone,
        }).format(new Date(1_900_000_000_000));
        expect(mails[0].text).toContain(`${by} ${when} (${shop.timeZone})`);
        expect(mails[0].text).toContain(`${t.config.appUrl}/dashboard/payments`);
      },
    );
  });
});

describe('Express accounts (CONNECT_ACCOUNT_KIND=express)', () => {
  let emu: TestEmulator;
  let t: TestApp;
  beforeAll(async () => {
    ({ emu, t } = await stripeApp({
      webhooks: false,
      listen: false,
      workers: false,
      env: { CONNECT_ACCOUNT_KIND: 'express' },
    }));
  });

  it('creates an Express account and opens its dashboard through a single-use login link', async () => {
    const m = await createMerchant(t);
    const agent = await loginAgent(t, m);
    await agent.post(SETUP).expect(303);
    const shop = await t.db.getRepository(Shop).findOneByOrFail({ id: m.shop.id });
    const account = await emu.stripe.accounts.retrieve(shop.stripeAccountId ?? 'acct_missing');
    expect(account.type).toBe('express');

    const res = await agent.post('/dashboard/payments/stripe-dashboard').expect(303);
    expect(res.headers.location).toMatch(new RegExp(`^${emu.emulator.url}/express/${account.id}/`));
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
