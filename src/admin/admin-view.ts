import type { Response } from 'express';
import type { FeePlan } from '../common/fee.js';
import { CONFIRM_PAGE, type confirmView } from '../web/confirm-view.js';
import { formatMoney } from '../common/money.js';
import type { MoneyTotal } from '../tenants/shop-stats.js';
import { formatFixedFees } from '../tenants/fee-plan.service.js';

/** View-model helpers shared by the admin pages (templates get plain values, never entities). */
export const ADMIN_LAYOUT = 'layouts/admin';

export function renderAdmin(res: Response, view: string, model: Record<string, unknown>, status = 200): void {
  res.status(status).render(`pages/admin/${view}`, { layout: ADMIN_LAYOUT, ...model });
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
    summary: `Page ${page} of ${pages} · ${total} in all`,
  };
}

export function describePlan(plan: FeePlan): string {
  const fixed = formatFixedFees(plan.fixed);
  return `${plan.bps} bps (${(plan.bps / 100).toFixed(2)} %)${fixed ? ` + ${fixed}` : ''}`;
}

export function describeOverride(feeBps: number | null, feeFixed: Record<string, number> | null): string {
  const bps = feeBps === null ? 'platform default %' : `${feeBps} bps`;
  const fixed =
    feeFixed === null ? 'platform default fixed fees' : formatFixedFees(feeFixed) || 'no fixed fee';
  return `${bps}, ${fixed}`;
}

/** "—" when no module provides the figure yet. */
export function stat(value: number | undefined): string {
  return value === undefined ? '—' : String(value);
}

export function moneyStat(totals: MoneyTotal[] | undefined): string {
  if (!totals) return '—';
  if (!totals.length) return 'none yet';
  return totals.map((t) => formatMoney(t.amount, t.currency)).join(' · ');
}
