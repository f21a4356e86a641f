import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { intlLocale } from '../common/intl-locale.js';
import type { Request, Response } from 'express';
import { Role } from '../auth/guards.js';
import { isUuid } from '../common/uuid.js';
import { ShopDirectory } from '../tenants/shop-directory.js';
import { formatMoney } from '../common/money.js';
import { t } from '../common/i18n.js';
import {
  AdminRevenueService,
  revenueCsv,
  type RevenueFilter,
  type RevenueTotal,
} from './admin-revenue.service.js';
import { renderAdmin } from './admin-view.js';
import { RevenueQuery } from './dto/admin-forms.dto.js';
import { revenueChart } from './revenue-chart.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NO_SHOP = '00000000-0000-0000-0000-000000000000';

/** The platform's revenue: application fees by month and shop, per currency; page and CSV. */
@Controller('admin')
@Role('admin')
export class AdminRevenueController {
  constructor(
    private readonly revenue: AdminRevenueService,
    private readonly shops: ShopDirectory,
  ) {}

  @Get('revenue')
  async page(@Req() req: Request, @Query() query: RevenueQuery, @Res() res: Response) {
    const lang = res.locals.lang as string;
    const report = await this.revenue.report(req.user, await this.filter(query));
    const currencies = report.byCurrency.map((t) => t.currency);
    const qs = new URLSearchParams(
      Object.entries({ from: query.from, to: query.to, shop: query.shop }).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
      ),
    ).toString();
    renderAdmin(res, 'revenue', {
      title: t(lang, 'admin.revenue.title'),
      filters: { from: query.from ?? '', to: query.to ?? '', shop: query.shop ?? '' },
      csvHref: `/admin/revenue.csv${qs ? `?${qs}` : ''}`,
      totals: report.byCurrency.map((total) => money(lang, total)),
      charts: currencies.map((currency) =>
        revenueChart(
          report.byMonth
            .filter((m) => m.currency === currency)
            .map((m) => ({ month: m.key, net: m.netFees })),
          currency,
          lang,
        ),
      ),
      byMonth: report.byMonth.map((total) => money(lang, total)),
      byShop: report.byShop.map((total) => ({ ...money(lang, total), shopId: total.key })),
      rows: report.rows.map((r) => ({
        month: r.month,
        shopId: r.shopId,
        shopSlug: r.shopSlug,
        orders: r.orders,
        ...fees(lang, r),
      })),
    });
  }

  @Get('revenue.csv')
  async csv(@Req() req: Request, @Query() query: RevenueQuery, @Res() res: Response) {
    const report = await this.revenue.report(req.user, await this.filter(query));
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="comptoir-revenue.csv"')
      .send(revenueCsv(report.rows));
  }

  private async filter(query: RevenueQuery): Promise<RevenueFilter> {
    const day = (text: string | undefined, time: string) => {
      if (!text || !DAY.test(text)) return undefined;
      const d = new Date(`${text}T${time}Z`);
      return Number.isNaN(d.getTime()) ? undefined : d;
    };
    const shopText = query.shop?.trim();
    // By id (links from the shop rows) or slug (typed); an unknown shop matches nothing.
    const shop = shopText
      ? isUuid(shopText)
        ? { id: shopText }
        : await this.shops.bySlug(shopText.toLowerCase())
      : undefined;
    return {
      from: day(query.from, '00:00:00.000'),
      to: day(query.to, '23:59:59.999'),
      shopId: shopText ? (shop?.id ?? NO_SHOP) : undefined,
    };
  }
}

function money(lang: string, total: RevenueTotal) {
  return { label: total.label, orders: total.orders, ...fees(lang, total) };
}

/** A row's or a total's fees, formatted for the reader's language. */
function fees(
  lang: string,
  amounts: { currency: string; grossFees: number; refundedFees: number; netFees: number },
) {
  const locale = intlLocale(lang);
  return {
    currency: amounts.currency.toUpperCase(),
    gross: formatMoney(amounts.grossFees, amounts.currency, locale),
    refunded: formatMoney(amounts.refundedFees, amounts.currency, locale),
    net: formatMoney(amounts.netFees, amounts.currency, locale),
  };
}
