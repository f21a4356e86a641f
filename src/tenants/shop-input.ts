import { isEmail } from 'class-validator';
import { isCountry, isCurrency, isShippingCountry, SHIPPING_COUNTRY_HINTS } from './markets.js';
import { normalizeSlug, slugProblem } from './slug.js';
import { parseShopLanguages } from './shop-languages.js';

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
  /** ISO country codes separated by commas or spaces, e.g. `FR, BE, DE`. */
  shippingCountries?: string;
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
  logoPath: string | null;
  contactEmail: string | null;
  statementDescriptorSuffix: string | null;
  shipsPhysicalGoods: boolean;
  shippingCountries: string[];
  /** Undefined: the input had no language fields, the saved languages stay. */
  languages?: string[];
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

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
export function shippingCountriesProblem(list: { unknown: string[]; unsupported: string[] }): string | null {
  const parts: string[] = [];
  if (list.unknown.length) parts.push(`Unknown country code: ${list.unknown.join(', ')}.`);
  const hinted = list.unsupported.filter((c) => SHIPPING_COUNTRY_HINTS[c]);
  const other = list.unsupported.filter((c) => !SHIPPING_COUNTRY_HINTS[c]);
  for (const code of hinted)
    parts.push(`Stripe Checkout does not accept ${code}: ${SHIPPING_COUNTRY_HINTS[code]}.`);
  if (other.length) {
    const named = other.map((c) => `${c} (${regionNames.of(c)})`).join(', ');
    parts.push(`Stripe Checkout cannot ship to ${named}: remove ${other.length > 1 ? 'them' : 'it'}.`);
  }
  if (!parts.length) return null;
  if (list.unknown.length) parts.push('Use two-letter codes such as FR, DE.');
  return parts.join(' ');
}

const trim = (v: string | undefined) => (v ?? '').trim();

function nameProblem(name: string): string | null {
  if (!name) return 'Give your shop a name.';
  if (name.length > 80) return 'Keep the name under 80 characters.';
  return null;
}

/** Checks the sign-up/new-shop fields; returns clean values or the messages per field. */
export function checkNewShop(
  input: NewShopInput,
): { value: CleanNewShop } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = trim(input.name);
  const slug = normalizeSlug(input.slug ?? '');
  const currency = trim(input.currency).toLowerCase();
  const country = trim(input.country).toUpperCase();
  const n = nameProblem(name);
  if (n) errors.shopName = n;
  const s = slugProblem(slug);
  if (s) errors.slug = s;
  if (!isCurrency(currency)) errors.currency = 'Choose a currency from the list.';
  if (!isCountry(country)) errors.country = 'Choose a country from the list.';
  return Object.keys(errors).length ? { errors } : { value: { name, slug, currency, country } };
}

/** Checks the settings form; blank optional fields become null. */
export function checkShopSettings(
  input: ShopSettingsInput,
): { value: CleanShopSettings } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = trim(input.name);
  const description = trim(input.description);
  const brandColour = trim(input.brandColour).toLowerCase() || null;
  const logoPath = trim(input.logoPath) || null;
  const contactEmail = trim(input.contactEmail).toLowerCase() || null;
  const suffix = trim(input.statementDescriptorSuffix).toUpperCase() || null;
  const n = nameProblem(name);
  if (n) errors.name = n;
  if (description.length > 2000) errors.description = 'Keep the description under 2000 characters.';
  if (brandColour && !/^#[0-9a-f]{6}$/.test(brandColour)) {
    errors.brandColour = 'Use a colour such as #3b5bdb.';
  }
  // Served by this app only: the CSP allows images from 'self', and a path cannot point elsewhere.
  if (logoPath && !/^\/(static|uploads)\/[A-Za-z0-9._/-]+$/.test(logoPath)) {
    errors.logoPath = 'Use a path on this site, such as /static/logo.png.';
  }
  if (contactEmail && !isEmail(contactEmail))
    errors.contactEmail = 'Enter an email address such as you@example.com.';
  // Stripe: latin letters, digits, spaces and a few signs; no < > \ ' " *; at least one letter.
  if (suffix && (suffix.length > 22 || !/^[A-Z0-9 .,\-&#/]+$/.test(suffix) || !/[A-Z]/.test(suffix))) {
    errors.statementDescriptorSuffix =
      'Use up to 22 letters, digits and spaces (at least one letter), as it appears on bank statements.';
  }
  const shipsPhysicalGoods = input.shipsPhysicalGoods !== undefined && input.shipsPhysicalGoods !== '';
  const countries = parseCountryList(trim(input.shippingCountries));
  const countriesProblem = shippingCountriesProblem(countries);
  if (countriesProblem) {
    errors.shippingCountries = countriesProblem;
  } else if (shipsPhysicalGoods && !countries.codes.length) {
    errors.shippingCountries = 'Name at least one country you ship to (e.g. FR, BE).';
  }
  const languages = parseShopLanguages(input);
  if ('problem' in languages) errors.languages = 'Choose languages from the list.';
  if ('problem' in languages || Object.keys(errors).length) return { errors };
  return {
    value: {
      ...(languages.value ? { languages: languages.value } : {}),
      name,
      description,
      brandColour,
      logoPath,
      contactEmail,
      statementDescriptorSuffix: suffix,
      shipsPhysicalGoods,
      shippingCountries: countries.codes,
    },
  };
}
