import { LANGUAGES } from '../common/i18n.js';
import { COUNTRIES, CURRENCIES } from '../tenants/markets.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
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
    defaultLanguage: shop.languages[0],
    languages: shop.languages.slice(1),
  };
}

export function settingsView(
  shop: Shop,
  values: ShopSettingsForm,
  errors: Record<string, string>,
  saved: boolean,
  publicUrl: string,
) {
  return {
    title: 'Shop settings',
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
    shopLanguages: shopLanguageChoices(values),
    errors,
    notice: saved ? 'Settings saved.' : undefined,
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

export function newShopView(values: NewShopForm, errors: Record<string, string>) {
  return {
    title: 'Create your shop',
    values,
    errors,
    countries: COUNTRIES.map((c) => ({ ...c, selected: c.code === values.country })),
    currencies: CURRENCIES.map((c) => ({ ...c, selected: c.code === values.currency })),
  };
}
