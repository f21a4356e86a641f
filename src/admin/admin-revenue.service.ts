import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { assertRole } from '../auth/guards.js';
import { PAID_STATUSES } from '../orders/order-status.js';
import { minorUnitDigits } from '../common/money.js';

export interface RevenueFilter {
  /** Inclusive bounds on `paid_at` (UTC). */
  from?: Date;
  to?: Date;
  shopId?: string;
}

/** One (month, shop, currency) cell: the grain of the report and of the CSV. */
export interface RevenueRow {
  /** `YYYY-MM` of `paid_at`, UTC. */
  month: string;
  shopId: string;
  shopSlug: string;
  shopName: string;
  currency: string;
  orders: number;
  grossFees: number;
  refundedFees: number;
  netFees: number;
}

/** A subtotal in one currency (by month, by shop or overall). Never summed across currencies. */
export interface RevenueTotal {
  key: string;
  label: string;
  currency: string;
  orders: number;
  grossFees: number;
  refundedFees: number;
  netFees: number;
}

export interface RevenueReport {
  rows: RevenueRow[];
  byMonth: RevenueTotal[];
  byShop: RevenueTotal[];
  byCurrency: RevenueTotal[];
}

/**
 * The platform's revenue read model: application fees of orders that sold (paid, partially
 * refunded, refunded), by the UTC month they were paid, net of the fees refunds returned.
 * Every figure comes from ONE grouped query at the (month, shop, currency) grain; subtotals are
 * sums of those rows per currency, so a usd and an eur figure are never added together.
 */
@Injectable()
export class AdminRevenueService {
  constructor(private readonly db: DataSource) {}

  async report(actor: AuthUser | undefined, filter: RevenueFilter = {}): Promise<RevenueReport> {
    assertRole(actor, 'admin');
    const params: unknown[] = [PAID_STATUSES];
    const where = ['o.status = ANY($1)', 'o.paid_at IS NOT NULL'];
    if (filter.from) where.push(`o.paid_at >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`o.paid_at <= $${params.push(filter.to)}`);
    if (filter.shopId) where.push(`o.shop_id = $${params.push(filter.shopId)}`);
    const raw = await this.db.query<
      Array<{
        month: string;
        shop_id: string;
        slug: string;
        name: string;
        currency: string;
        orders: string;
        gross: string;
        refunded: string;
      }>
    >(
      `SELECT to_char(o.paid_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
              o.shop_id, s.slug, s.name, o.currency,
              COUNT(*) AS orders,
              SUM(o.application_fee_amount) AS gross,
              SUM(o.fee_refunded_amount) AS refunded
         FROM shop_order o
         JOIN shop s ON s.id = o.shop_id
        WHERE ${where.join(' AND ')}
        GROUP BY 1, o.shop_id, s.slug, s.name, o.currency
        ORDER BY 1 DESC, s.slug, o.currency`,
      params,
    );
    const rows: RevenueRow[] = raw.map((r) => ({
      month: r.month,
      shopId: r.shop_id,
      shopSlug: r.slug,
      shopName: r.name,
      currency: r.currency,
      orders: Number(r.orders),
      grossFees: Number(r.gross),
      refundedFees: Number(r.refunded),
      netFees: Number(r.gross) - Number(r.refunded),
    }));
    return {
      rows,
      byMonth: subtotals(rows, (r) => [r.month, r.month]),
      byShop: subtotals(rows, (r) => [r.shopId, r.shopSlug]).sort(
        (a, b) => a.label.localeCompare(b.label) || a.currency.localeCompare(b.currency),
      ),
      byCurrency: subtotals(rows, () => ['all', 'All']).sort((a, b) => a.currency.localeCompare(b.currency)),
    };
  }
}

/** Sums rows per (key, currency), keeping the rows' order of first appearance. */
function subtotals(rows: RevenueRow[], keyOf: (r: RevenueRow) => [string, string]): RevenueTotal[] {
  const out = new Map<string, RevenueTotal>();
  for (const r of rows) {
    const [key, label] = keyOf(r);
    const id = `${key}\u0000${r.currency}`;
    const t = out.get(id) ?? {
      key,
      label,
      currency: r.currency,
      orders: 0,
      grossFees: 0,
      refundedFees: 0,
      netFees: 0,
    };
    t.orders += r.orders;
    t.grossFees += r.grossFees;
    t.refundedFees += r.refundedFees;
    t.netFees += r.netFees;
    out.set(id, t);
  }
  return [...out.values()];
}

const CSV_HEADER = ['month', 'shop_slug', 'currency', 'orders', 'gross_fees', 'refunded_fees', 'net_fees'];

/**
 * The report as CSV (RFC 4180: CRLF, fields quoted when needed). Amounts are decimal major
 * units of the row's currency (`12.50`, `1250` for JPY), never mixed within a column's row.
 */
export function revenueCsv(rows: RevenueRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.month,
        csvText(r.shopSlug),
        r.currency,
        String(r.orders),
        decimal(r.grossFees, r.currency),
        decimal(r.refundedFees, r.currency),
        decimal(r.netFees, r.currency),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** Quotes a text field when it needs it, and defuses spreadsheet formulas (`=`, `+`, `-`, `@`). */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Minor units as a plain decimal string, without floats: 1250 usd → `12.50`, -5 → `-0.05`. */
export function decimal(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
