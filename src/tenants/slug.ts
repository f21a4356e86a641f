import { message, type Message } from '../common/domain-error.js';

/**
 * Shop address rules: `<slug>.<APP_DOMAIN>`. Pure functions, shared by the sign-up form, the
 * settings page and the Host → shop resolution (a Host whose label breaks the rules is no shop).
 */
export const SLUG_MIN = 3;
export const SLUG_MAX = 40;

/** Labels people expect to be the platform's, or that would confuse mail, DNS or routing. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'www',
  'app',
  'admin',
  'api',
  'dashboard',
  'static',
  'assets',
  'cdn',
  'mail',
  'email',
  'smtp',
  'imap',
  'pop',
  'ftp',
  'webhooks',
  'webhook',
  'stripe',
  'login',
  'logout',
  'signup',
  'auth',
  'account',
  'accounts',
  'billing',
  'help',
  'support',
  'status',
  'docs',
  'blog',
  'shop',
  'shops',
  'store',
  'checkout',
  'pay',
  'payments',
  'comptoir',
  'root',
  'system',
  'test',
  'dev',
  'staging',
  'localhost',
  'mailbox',
  'healthz',
  'readyz',
  'ns1',
  'ns2',
]);

const SLUG_SHAPE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Trims and lower-cases what a person typed; it does not invent a slug from arbitrary text. */
export function normalizeSlug(input: string): string {
  return input.trim().toLowerCase();
}

/** The message to show for a slug that breaks the rules, or null when it is acceptable. */
export function slugProblem(slug: string): Message | null {
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX) {
    return message('validation.slug.length', { min: SLUG_MIN, max: SLUG_MAX });
  }
  if (!/^[a-z0-9-]+$/.test(slug)) return message('validation.slug.characters');
  if (!SLUG_SHAPE.test(slug)) return message('validation.slug.ends');
  if (slug.includes('--')) return message('validation.slug.doubleHyphen');
  if (RESERVED_SLUGS.has(slug)) return message('validation.slug.reserved');
  return null;
}

/** A suggestion for the sign-up form: "Café de Flore" → "cafe-de-flore". */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, '');
}
