import { t } from '../common/i18n.js';
import { formatMoney } from '../common/money.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { SHIPPING_RATE_KINDS, type ShippingRate } from '../tenants/entities/shipping-rate.entity.js';
import type { ShippingZone } from '../tenants/entities/shipping-zone.entity.js';
import {
  MAX_RATES_PER_ZONE,
  type RateInput,
  type ZoneInput,
  type ZoneWithRates,
} from '../tenants/shipping-zones.service.js';

const base = '/dashboard/shipping';

function countryNames(lang: string, codes: readonly string[]): string {
  const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  return codes.map((c) => names.of(c) ?? c).join(', ');
}

/** What a rate costs, in words: "€4.90", "€4.90, free from €50.00", "Free". */
export function rateSummary(lang: string, rate: ShippingRate, currency: string): string {
  const money = (v: number) => formatMoney(v, currency, lang);
  const amount = rate.amount === 0 ? t(lang, 'shipping.free') : money(rate.amount);
  switch (rate.kind) {
    case 'pickup':
      return t(lang, 'shipping.free');
    case 'free_above':
      return t(lang, 'shipping.summary.freeAbove', { amount, threshold: money(rate.freeAbove ?? 0) });
    case 'per_item':
      return t(lang, 'shipping.summary.perItem', { amount, extra: money(rate.perAdditionalItem ?? 0) });
    default:
      return amount;
  }
}

function delivery(lang: string, rate: ShippingRate): string {
  if (rate.minDays === null || rate.maxDays === null) return '';
  if (rate.maxDays === 0) return t(lang, 'shipping.sameDay');
  return rate.minDays === rate.maxDays
    ? t(lang, 'shipping.days', { count: rate.maxDays })
    : t(lang, 'shipping.daysRange', { min: rate.minDays, max: rate.maxDays });
}

function ratesRows(lang: string, zone: ShippingZone, rates: ShippingRate[], currency: string) {
  return rates.map((r) => ({
    id: r.id,
    name: r.name,
    kind: t(lang, `shipping.kinds.${r.kind}`),
    price: rateSummary(lang, r, currency),
    delivery: delivery(lang, r),
    editHref: `${base}/zones/${zone.id}/rates/${r.id}`,
    deleteAction: `${base}/zones/${zone.id}/rates/${r.id}/delete`,
  }));
}

export function shippingListView(lang: string, zones: ZoneWithRates[], currency: string, notice?: string) {
  return {
    title: t(lang, 'shipping.title'),
    layout: DASHBOARD_LAYOUT,
    section: 'shipping',
    notice: notice ? t(lang, `shipping.notices.${notice}`) : null,
    zones: zones.map(({ zone, rates }) => ({
      id: zone.id,
      name: zone.name,
      countries: countryNames(lang, zone.countries),
      editHref: `${base}/zones/${zone.id}`,
      rates: ratesRows(lang, zone, rates, currency),
    })),
  };
}

export function zoneFormView(
  lang: string,
  zone: ZoneWithRates | null,
  values: ZoneInput,
  errors: Record<string, string>,
  currency: string,
  notice?: string,
) {
  return {
    title: zone ? t(lang, 'shipping.editZone', { name: zone.zone.name }) : t(lang, 'shipping.newZone'),
    layout: DASHBOARD_LAYOUT,
    section: 'shipping',
    notice: notice ? t(lang, `shipping.notices.${notice}`) : null,
    heading: zone ? zone.zone.name : t(lang, 'shipping.newZone'),
    action: zone ? `${base}/zones/${zone.zone.id}` : `${base}/zones`,
    values,
    errors,
    zone: zone
      ? {
          id: zone.zone.id,
          deleteAction: `${base}/zones/${zone.zone.id}/delete`,
          rates: ratesRows(lang, zone.zone, zone.rates, currency),
          canAddRate: zone.rates.length < MAX_RATES_PER_ZONE,
          newRateHref: `${base}/zones/${zone.zone.id}/rates/new`,
        }
      : null,
    maxRates: MAX_RATES_PER_ZONE,
  };
}

export function rateFormView(
  lang: string,
  zone: ShippingZone,
  rateId: string | null,
  values: RateInput,
  errors: Record<string, string>,
  currency: string,
) {
  const selected = values.kind ?? 'fixed';
  return {
    title: rateId ? t(lang, 'shipping.editRate') : t(lang, 'shipping.newRate'),
    layout: DASHBOARD_LAYOUT,
    section: 'shipping',
    zone: { name: zone.name, href: `${base}/zones/${zone.id}` },
    action: rateId ? `${base}/zones/${zone.id}/rates/${rateId}` : `${base}/zones/${zone.id}/rates`,
    kinds: SHIPPING_RATE_KINDS.map((k) => ({
      value: k,
      label: t(lang, `shipping.kinds.${k}`),
      selected: k === selected,
    })),
    currency: currency.toUpperCase(),
    values,
    errors,
  };
}
