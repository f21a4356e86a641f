import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AuthService } from '../../src/auth/auth.service.js';
import type { AuthUser } from '../../src/auth/auth-user.js';
import { SignUpService } from '../../src/tenants/sign-up.service.js';
import { TenantService } from '../../src/tenants/tenant.service.js';
import type { Shop } from '../../src/tenants/entities/shop.entity.js';
import type { TestApp } from '../support/test-app.js';

type TestAgent = ReturnType<typeof request.agent>;

export const DEFAULT_PASSWORD = 'correct horse battery staple';

export interface Merchant {
  user: AuthUser;
  shop: Shop;
  email: string;
  password: string;
}

const unique = () => randomBytes(4).toString('hex');

/** A merchant with a shop, made through the same service as the sign-up form. */
export async function createMerchant(
  t: TestApp,
  overrides: {
    email?: string;
    password?: string;
    shopName?: string;
    slug?: string;
    currency?: string;
    country?: string;
    /** The account's stored language (its dashboard and mails); English unless said. */
    language?: string;
  } = {},
): Promise<Merchant> {
  const id = unique();
  const email = overrides.email ?? `merchant-${id}@example.com`;
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const user = await t.app.get(SignUpService).signUp({
    email,
    password,
    shopName: overrides.shopName ?? `Shop ${id}`,
    slug: overrides.slug ?? `shop-${id}`,
    currency: overrides.currency ?? 'eur',
    country: overrides.country ?? 'FR',
    language: overrides.language ?? 'en',
  });
  const shop = (await t.app.get(TenantService).findOwnedShop(user.id))!;
  return { user, shop, email, password };
}

/** An admin account (as `npm run admin:create` makes it). */
export async function createAdmin(t: TestApp, email = `admin-${unique()}@example.com`) {
  const { password } = await t.app.get(AuthService).createOrPromoteAdmin(email);
  return { email, password };
}

/** The platform's Host header for this app, e.g. `localhost:3000`. */
export const platformHost = (t: TestApp) => t.config.appHost;
export const shopHost = (t: TestApp, slug: string) => `${slug}.${t.config.appDomain}:${t.config.port}`;

/** The `_csrf` value of the first form in a page. */
export function csrfFrom(html: string): string {
  const match = /name='_csrf'\s+value='([^']+)'/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1];
}

export interface LoggedInAgent {
  agent: TestAgent;
  /** A CSRF token bound to this agent's session, for its next POSTs. */
  csrf: string;
  /** Sends a form POST on the platform host with the CSRF token. */
  post(path: string, form?: Record<string, string>): request.Test;
  get(path: string): request.Test;
}

/** A supertest agent logged in through the real log-in form, with its cookies and CSRF token. */
export async function loginAgent(
  t: TestApp,
  who: { email: string; password: string },
): Promise<LoggedInAgent> {
  const agent = request.agent(t.app.getHttpServer());
  const host = platformHost(t);
  const page = await agent.get('/login').set('Host', host).expect(200);
  await agent
    .post('/login')
    .set('Host', host)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email: who.email, password: who.password })
    .expect(303);
  const settings = await agent.get('/account/password').set('Host', host).expect(200);
  const csrf = csrfFrom(settings.text);
  return {
    agent,
    csrf,
    post: (path, form = {}) =>
      agent
        .post(path)
        .set('Host', host)
        .type('form')
        .send({ _csrf: csrf, ...form }),
    get: (path) => agent.get(path).set('Host', host),
  };
}
