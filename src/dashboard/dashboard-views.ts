import { marketOptions } from '../tenants/markets.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { t } from '../common/i18n.js';
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
    errors,
    notice: saved ? t(lang, 'dashboard.settings.saved') : undefined,
  };
}

export function newShopView(lang: string, values: NewShopForm, errors: Record<string, string>) {
  return {
    title: t(lang, 'dashboard.newShop.title'),
    values,
    errors,
    ...marketOptions(lang, values),
  };
}
