import { isEmail } from 'class-validator';
import { isTimeZone } from '../common/dates.js';
import { isCountry, isCurrency, isShippingCountry, SHIPPING_COUNTRY_HINTS } from './markets.js';
import { normalizeSlug, slugProblem } from './slug.js';
import { parseShopLanguages } from './shop-languages.js';
import { message, translate, type Message } from '../common/domain-error.js';

export interface NewShopInput {
  name?: string;
  slug?: string;
  currency?: string;
  country?: string;
}

export interface ShopSettingsInput {
  name?: string;
  description?: string;
  brandColour?: string;
  logoPath?: string;
  contactEmail?: string;
  statementDescriptorSuffix?: string;
  /** A checkbox: present (any value) = on. */
  shipsPhysicalGoods?: string;
  /** An IANA zone of the settings' list; absent = unchanged. */
  timeZone?: string;
  /** The storefront's own language (a select) … */
  defaultLanguage?: string;
  /** … and the other languages it offers (checkboxes: absent, one value or several). */
  languages?: string | string[];
}

export interface CleanNewShop {
  name: string;
  slug: string;
  currency: string;
  country: string;
}

export interface CleanShopSettings {
  name: string;
  description: string;
  brandColour: string | null;
  /** Absent when the form has no such field (the settings page uploads a logo instead). */
  logoPath?: string | null;
  contactEmail: string | null;
  statementDescriptorSuffix: string | null;
  shipsPhysicalGoods: boolean;
  /** Undefined: the form did not send the field, the zone stays as it is. */
  timeZone?: string;
  /** Undefined: the input had no language fields, the saved languages stay. */
  languages?: string[];
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** A country's name in the reader's language: "BR (Brazil)", "BR (Brésil)". */
const countryIn = (code: string) => (lang: string) =>
  `${code} (${new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }).of(code)})`;

/**
 * Parses `FR, be de` into unique upper-case codes Stripe Checkout ships to. Apart: `unknown`,
 * what is no country code at all, and `unsupported`, real codes Stripe refuses (UK, EU, AS…).
 */
export function parseCountryList(text: string): {
  codes: string[];
  unknown: string[];
  unsupported: string[];
} {
  const codes: string[] = [];
  const unknown: string[] = [];
  const unsupported: string[] = [];
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const code = part.toUpperCase();
    if (!/^[A-Z]{2}$/.test(code) || !regionNames.of(code)) unknown.push(part);
    else if (!isShippingCountry(code)) {
      if (!unsupported.includes(code)) unsupported.push(code);
    } else if (!codes.includes(code)) codes.push(code);
  }
  return { codes, unknown, unsupported };
}

/** The settings field's message for codes Checkout would refuse, or null when all are fine. */
export function shippingCountriesProblem(list: { unknown: string[]; unsupported: string[] }): Message | null {
  const parts: Message[] = [];
  if (list.unknown.length)
    parts.push(
      message('validation.shop.unknownCountries', {
        codes: list.unknown.join(', '),
        count: list.unknown.length,
      }),
    );
  const hinted = list.unsupported.filter((c) => SHIPPING_COUNTRY_HINTS.includes(c));
  const other = list.unsupported.filter((c) => !SHIPPING_COUNTRY_HINTS.includes(c));
  for (const code of hinted) parts.push(message(`validation.shop.notAccepted.${code}`));
  if (other.length) {
    const named = (lang: string) => other.map((c) => countryIn(c)(lang)).join(', ');
    parts.push(message('validation.shop.cannotShipTo', { countries: named, count: other.length }));
  }
  if (!parts.length) return null;
  if (list.unknown.length) parts.push(message('validation.shop.twoLetterCodes'));
  return message('validation.joined', { text: (lang) => parts.map((m) => translate(lang, m)).join(' ') });
}

const trim = (v: string | undefined) => (v ?? '').trim();

function nameProblem(name: string): Message | null {
  if (!name) return message('validation.shop.nameMissing');
  if (name.length > 80) return message('validation.shop.nameTooLong', { max: 80 });
  return null;
}

/** Checks the sign-up/new-shop fields; returns clean values or the messages per field. */
export function checkNewShop(
  input: NewShopInput,
): { value: CleanNewShop } | { errors: Record<string, Message> } {
  const errors: Record<string, Message> = {};
  const name = trim(input.name);
  const slug = normalizeSlug(input.slug ?? '');
  const currency = trim(input.currency).toLowerCase();
  const country = trim(input.country).toUpperCase();
  const n = nameProblem(name);
  if (n) errors.shopName = n;
  const s = slugProblem(slug);
  if (s) errors.slug = s;
  if (!isCurrency(currency)) errors.currency = message('validation.shop.currency');
  if (!isCountry(country)) errors.country = message('validation.shop.country');
  return Object.keys(errors).length ? { errors } : { value: { name, slug, currency, country } };
}

/** Checks the settings form; blank optional fields become null. */
export function checkShopSettings(
  input: ShopSettingsInput,
): { value: CleanShopSettings } | { errors: Record<string, Message> } {
  const errors: Record<string, Message> = {};
  const name = trim(input.name);
  const description = trim(input.description);
  const brandColour = trim(input.brandColour).toLowerCase() || null;
  const logoPath = trim(input.logoPath) || null;
  const contactEmail = trim(input.contactEmail).toLowerCase() || null;
  const suffix = trim(input.statementDescriptorSuffix).toUpperCase() || null;
  const n = nameProblem(name);
  if (n) errors.name = n;
  if (description.length > 2000)
    errors.description = message('validation.shop.descriptionTooLong', { max: 2000 });
  if (brandColour && !/^#[0-9a-f]{6}$/.test(brandColour)) {
    errors.brandColour = message('validation.shop.brandColour');
  }
  // Served by this app only: the CSP allows images from 'self', and a path cannot point elsewhere.
  if (logoPath && !/^\/(static|uploads)\/[A-Za-z0-9._/-]+$/.test(logoPath)) {
    errors.logoPath = message('validation.shop.logoPath');
  }
  if (contactEmail && !isEmail(contactEmail)) errors.contactEmail = message('validation.email');
  // Stripe: latin letters, digits, spaces and a few signs; no < > \ ' " *; at least one letter.
  if (suffix && (suffix.length > 22 || !/^[A-Z0-9 .,\-&#/]+$/.test(suffix) || !/[A-Z]/.test(suffix))) {
    errors.statementDescriptorSuffix = message('validation.shop.statementDescriptor', { max: 22 });
  }
  const shipsPhysicalGoods = input.shipsPhysicalGoods !== undefined && input.shipsPhysicalGoods !== '';
  const timeZone = input.timeZone === undefined ? undefined : trim(input.timeZone);
  if (timeZone !== undefined && !isTimeZone(timeZone)) errors.timeZone = message('timeZone.invalid');
  const languages = parseShopLanguages(input);
  if ('problem' in languages) errors.languages = message('validation.shop.languagesInvalid');
  if ('problem' in languages || Object.keys(errors).length) return { errors };
  return {
    value: {
      ...(languages.value ? { languages: languages.value } : {}),
      name,
      description,
      brandColour,
      // The settings page no longer types a path (logos are uploaded): a saved one stays.
      ...(input.logoPath !== undefined && { logoPath }),
      contactEmail,
      statementDescriptorSuffix: suffix,
      shipsPhysicalGoods,
      ...(timeZone !== undefined && { timeZone }),
    },
  };
}
