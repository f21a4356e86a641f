import { marketOptions } from '../tenants/markets.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { isTimeZone, TIME_ZONES } from '../common/dates.js';
import { LANGUAGES, t } from '../common/i18n.js';
import type { Shop } from '../tenants/entities/shop.entity.js';
import type { NewShopForm, ShopSettingsForm } from './dto/shop-forms.dto.js';

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
    shippingCountries: shop.shippingCountries.join(', '),
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
  saved: boolean,
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
    notice: saved ? t(lang, 'dashboard.settings.saved') : undefined,
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
