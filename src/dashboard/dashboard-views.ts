import { marketOptions } from '../tenants/markets.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { isTimeZone, TIME_ZONES } from '../common/dates.js';
import { LANGUAGES, t } from '../common/i18n.js';
import type { Shop } from '../tenants/entities/shop.entity.js';
import type { NewShopForm, ShopSettingsForm } from './dto/shop-forms.dto.js';
import { shopBanner, shopLogo } from '../storefront/shop-images.js';
import { HEX_COLOUR } from '../storefront/storefront-frame.js';
import { BRANDING_NOTICES } from './dto/dashboard-queries.dto.js';

/** View models of the dashboard's shop pages (settings, a new shop): plain values, no entities. */

/** The settings form filled with what is saved. */
export function settingsValues(shop: Shop): ShopSettingsForm {
  return {
    name: shop.name,
    description: shop.description,
    brandColour: shop.brandColour ?? '',
    logoPath: shop.logoPath ?? '',
    contactEmail: shop.contactEmail ?? '',
    statementDescriptorSuffix: shop.statementDescriptorSuffix ?? '',
    shipsPhysicalGoods: shop.shipsPhysicalGoods ? 'on' : undefined,
    timeZone: shop.timeZone,
    defaultLanguage: shop.languages[0],
    languages: shop.languages.slice(1),
  };
}

export function settingsView(
  lang: string,
  shop: Shop,
  values: ShopSettingsForm,
  errors: Record<string, string>,
  /** true (or '1'): the settings were saved; a BRANDING_NOTICES key: the logo or banner changed. */
  saved: boolean | string | undefined,
  publicUrl: string,
) {
  return {
    title: t(lang, 'dashboard.settings.title'),
    layout: DASHBOARD_LAYOUT,
    section: 'settings',
    shop: {
      name: shop.name,
      slug: shop.slug,
      publicUrl,
      currency: shop.currency.toUpperCase(),
      country: shop.country,
    },
    values,
    // Every zone Intl knows; the one just sent selected, else (unknown, refused) the saved one.
    timeZones: TIME_ZONES.map((zone) => ({
      zone,
      selected: zone === (isTimeZone(values.timeZone) ? values.timeZone : shop.timeZone),
    })),
    shopLanguages: shopLanguageChoices(values),
    errors,
    notice: settingsNotice(lang, saved),
    branding: brandingView(lang, shop, values, errors),
  };
}

function settingsNotice(lang: string, saved: boolean | string | undefined): string | undefined {
  if (saved === true || saved === '1') return t(lang, 'dashboard.settings.saved');
  if ((BRANDING_NOTICES as readonly unknown[]).includes(saved))
    return t(lang, `dashboard.branding.${String(saved)}`);
  return undefined;
}

/**
 * The settings' logo, banner and colour preview (views/partials/dashboard/branding.hbs): the
 * pictures as the storefront shows them, and a stylesheet URL for the colour being edited (the
 * one just typed when the form was refused, if it is a colour, else the saved one).
 */
function brandingView(lang: string, shop: Shop, values: ShopSettingsForm, errors: Record<string, string>) {
  const typed = (values.brandColour ?? '').trim();
  const colour = HEX_COLOUR.test(typed)
    ? typed
    : shop.brandColour && HEX_COLOUR.test(shop.brandColour)
      ? shop.brandColour
      : null;
  const logo = shopLogo(shop.logoImage);
  const banner = shopBanner(shop.bannerImage);
  return {
    logo: logo && { ...logo, alt: t(lang, 'dashboard.branding.currentLogo') },
    legacyLogoPath: !shop.logoImage && shop.logoPath ? shop.logoPath : null,
    banner: banner && {
      ...banner,
      alt: t(lang, 'dashboard.branding.currentBanner'),
      sizes: '(min-width: 40rem) 30rem, 100vw',
    },
    logoError: errors.logo,
    bannerError: errors.banner,
    previewHref: colour
      ? `/dashboard/settings/brand-preview.css?colour=${colour.slice(1).toLowerCase()}`
      : null,
  };
}

/** The settings' language choices: every catalog language, marked as the shop's own or offered. */
function shopLanguageChoices(values: ShopSettingsForm) {
  const offered = Array.isArray(values.languages) ? values.languages : [values.languages];
  return LANGUAGES.map((code) => ({
    code,
    isDefault: code === values.defaultLanguage,
    offered: code === values.defaultLanguage || offered.includes(code),
  }));
}

export function newShopView(lang: string, values: NewShopForm, errors: Record<string, string>) {
  return {
    title: t(lang, 'dashboard.newShop.title'),
    values,
    errors,
    ...marketOptions(lang, values),
  };
}
