import type { Response } from 'express';
import { intlLocale } from '../common/intl-locale.js';
import type { FeePlan } from '../common/fee.js';
import { CONFIRM_PAGE, type confirmView } from '../web/confirm-view.js';
import { formatMoney } from '../common/money.js';
import { t } from '../common/i18n.js';
import type { MoneyTotal } from '../tenants/shop-stats.js';
import { formatFixedFees } from '../tenants/fee-plan.service.js';

/**
 * View-model helpers shared by the admin pages (templates get plain values, never entities). Text
 * built here is in the admin's stored language (`res.locals.lang`, passed as `lang`).
 */
export const ADMIN_LAYOUT = 'layouts/admin';

/** The admin nav's tab each page belongs to (marked as the current one in views/layouts/admin.hbs). */
const ADMIN_SECTIONS: Record<string, string> = { shop: 'shops', event: 'events' };

export function renderAdmin(res: Response, view: string, model: Record<string, unknown>, status = 200): void {
  const adminSection = ADMIN_SECTIONS[view] ?? view;
  res.status(status).render(`pages/admin/${view}`, { layout: ADMIN_LAYOUT, adminSection, ...model });
}

/** The shared confirmation page (views/pages/confirm.hbs) in the admin layout. */
export function renderConfirm(res: Response, model: ReturnType<typeof confirmView>): void {
  res.status(200).render(CONFIRM_PAGE, { layout: ADMIN_LAYOUT, ...model });
}

export interface Pager {
  page: number;
  pages: number;
  total: number;
  prevHref: string | null;
  nextHref: string | null;
  /** `Page 2 of 5 · 113 in all`, between the links (views/partials/page/pager.hbs). */
  summary: string;
}

/** Previous/next links that keep the current filters. */
export function pager(
  lang: string,
  path: string,
  query: Record<string, string | number | undefined>,
  page: number,
  pageSize: number,
  total: number,
): Pager {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== '' && k !== 'page') params.set(k, String(v));
    if (p > 1) params.set('page', String(p));
    const qs = params.toString();
    return `${path}${qs ? `?${qs}` : ''}`;
  };
  return {
    page,
    pages,
    total,
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: page < pages ? href(page + 1) : null,
    summary: t(lang, 'admin.pager', { page, pages, total }),
  };
}

/** `500 bps (5.00 %) + eur:25`; the fixed fees keep the form's own `eur:25` syntax in every language. */
export function describePlan(lang: string, plan: FeePlan): string {
  const fixed = formatFixedFees(plan.fixed);
  const percent = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    plan.bps / 100,
  );
  return `${t(lang, 'admin.plan.describe', { bps: plan.bps, percent })}${fixed ? ` + ${fixed}` : ''}`;
}

export function describeOverride(
  lang: string,
  feeBps: number | null,
  feeFixed: Record<string, number> | null,
): string {
  const bps =
    feeBps === null
      ? t(lang, 'admin.plan.defaultPercent')
      : t(lang, 'admin.plan.overrideBps', { bps: feeBps });
  const fixed =
    feeFixed === null
      ? t(lang, 'admin.plan.defaultFixed')
      : formatFixedFees(feeFixed) || t(lang, 'admin.plan.noFixed');
  return `${bps}, ${fixed}`;
}

/** A stored enum value (event status, Stripe status, audit action…) as the admin reads it. */
export function label(lang: string, group: string, value: string): string {
  return t(lang, `admin.${group}.${value}`, { defaultValue: value });
}

/** "—" when no module provides the figure yet. */
export function stat(value: number | undefined): string {
  return value === undefined ? '—' : String(value);
}

export function moneyStat(lang: string, totals: MoneyTotal[] | undefined): string {
  if (!totals) return '—';
  if (!totals.length) return t(lang, 'admin.noneYet');
  return totals.map((total) => formatMoney(total.amount, total.currency, intlLocale(lang))).join(' · ');
}
