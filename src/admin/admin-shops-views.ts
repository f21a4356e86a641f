import { t } from '../common/i18n.js';
import { formatFixedFees } from '../tenants/fee-plan.service.js';
import type { ShopSearchPage } from '../tenants/shop-directory.js';
import type { Shop } from '../tenants/entities/shop.entity.js';
import { STRIPE_STATUSES, stripeStatusOf, type StripeStatus } from '../tenants/stripe-status.js';
import { confirmView } from '../web/confirm-view.js';
import type { ShopDetail } from './admin-shops.service.js';
import { describeOverride, describePlan, label, moneyStat, pager, stat } from './admin-view.js';
import type { FeePlanForm, ReasonForm, ShopListQuery } from './dto/admin-forms.dto.js';

/** View models of the admin's shop pages (list, detail, the three confirmations), in `lang`. */

/** The `?done=` values that have a notice (admin.shop.notice.*); any other shows none. */
const NOTICES = new Set(['suspended', 'resumed', 'fees']);

/** The list's Stripe filter, if it names a status. */
export function stripeFilter(query: ShopListQuery): StripeStatus | undefined {
  return STRIPE_STATUSES.includes(query.stripe as StripeStatus) ? (query.stripe as StripeStatus) : undefined;
}

export const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);

export function shopListView(lang: string, result: ShopSearchPage, query: ShopListQuery) {
  return {
    title: t(lang, 'admin.shops.title'),
    filters: {
      q: query.q ?? '',
      stripe: stripeFilter(query) ?? '',
      charges: query.charges ?? '',
      suspended: query.suspended ?? '',
    },
    stripeStatuses: STRIPE_STATUSES.map((s) => ({ value: s, label: label(lang, 'stripeStatus', s) })),
    shops: result.shops.map((s) => ({
      id: s.id,
      name: s.name,
      slug: s.slug,
      ownerEmail: s.owner?.email ?? '',
      stripeStatus: label(lang, 'stripeStatus', stripeStatusOf(s)),
      chargesEnabled: s.stripeChargesEnabled,
      suspended: s.suspendedAt !== null,
      createdAt: s.createdAt,
    })),
    pager: pager(lang, '/admin/shops', { ...query }, result.page, result.pageSize, result.total),
  };
}

/**
 * The shop page. `feeForm` and `feeErrors`: a refused fee plan shows the typed values and the
 * errors instead of the saved plan.
 */
export function shopDetailView(
  lang: string,
  { shop, effectivePlan, platformPlan, stats }: ShopDetail,
  publicUrl: string,
  options: { done?: string; feeForm?: FeePlanForm; feeErrors?: Record<string, string> } = {},
) {
  const requirements = shop.stripeRequirements;
  return {
    title: shop.name,
    notice:
      options.done && NOTICES.has(options.done) ? t(lang, `admin.shop.notice.${options.done}`) : undefined,
    shop: {
      id: shop.id,
      name: shop.name,
      slug: shop.slug,
      publicUrl,
      currency: shop.currency.toUpperCase(),
      country: shop.country,
      createdAt: shop.createdAt,
      ownerEmail: shop.owner?.email ?? '',
      ownerId: shop.ownerUserId,
      suspended: shop.suspendedAt !== null,
      suspendedAt: shop.suspendedAt,
      suspendedReason: shop.suspendedReason,
    },
    stripe: {
      accountId: shop.stripeAccountId,
      status: label(lang, 'stripeStatus', stripeStatusOf(shop)),
      detailsSubmitted: shop.stripeDetailsSubmitted,
      chargesEnabled: shop.stripeChargesEnabled,
      payoutsEnabled: shop.stripePayoutsEnabled,
      syncedAt: shop.stripeSyncedAt,
      disconnectedAt: shop.stripeDisconnectedAt,
      currentlyDue: requirements?.currently_due ?? [],
      pastDue: requirements?.past_due ?? [],
      disabledReason: requirements?.disabled_reason ?? null,
    },
    stats: {
      products: stat(stats.products),
      orders: stat(stats.orders),
      sales: moneyStat(lang, stats.sales),
      fees: moneyStat(lang, stats.fees),
    },
    fees: {
      effective: describePlan(lang, effectivePlan),
      platform: describePlan(lang, platformPlan),
      override: describeOverride(lang, shop.feeBps, shop.feeFixed),
      hasOverride: shop.feeBps !== null || shop.feeFixed !== null,
    },
    feeForm: options.feeForm
      ? { bps: options.feeForm.bps ?? '', fixed: options.feeForm.fixed ?? '' }
      : { bps: shop.feeBps === null ? '' : String(shop.feeBps), fixed: formatFixedFees(shop.feeFixed) },
    feeErrors: options.feeErrors ?? {},
  };
}

export function suspendConfirmView(
  lang: string,
  shop: Shop,
  form: ReasonForm,
  errors?: Record<string, string>,
) {
  return confirmView(
    {
      title: t(lang, 'admin.shop.suspendConfirm.title', { name: shop.name }),
      message: t(lang, 'admin.shop.suspendConfirm.message', { slug: shop.slug }),
      action: `/admin/shops/${shop.id}/suspend`,
      button: t(lang, 'admin.shop.suspendConfirm.button'),
      danger: true,
      cancelHref: `/admin/shops/${shop.id}`,
      inputs: [
        {
          name: 'reason',
          label: t(lang, 'admin.shop.suspendConfirm.reason'),
          value: form.reason ?? '',
          multiline: true,
        },
      ],
    },
    errors,
  );
}

export function resumeConfirmView(lang: string, shop: Shop, form: ReasonForm) {
  return confirmView({
    title: t(lang, 'admin.shop.resumeConfirm.title', { name: shop.name }),
    message: t(lang, 'admin.shop.resumeConfirm.message', { slug: shop.slug }),
    action: `/admin/shops/${shop.id}/resume`,
    button: t(lang, 'admin.shop.resumeConfirm.button'),
    cancelHref: `/admin/shops/${shop.id}`,
    summary: [
      {
        label: t(lang, 'admin.shop.resumeConfirm.suspendedBecause'),
        value: shop.suspendedReason ?? t(lang, 'admin.shop.resumeConfirm.notSuspended'),
      },
    ],
    inputs: [
      {
        name: 'reason',
        label: t(lang, 'admin.shop.resumeConfirm.note'),
        value: form.reason ?? '',
        multiline: true,
      },
    ],
  });
}

export function feePlanConfirmView(
  lang: string,
  { shop, effectivePlan }: ShopDetail,
  next: Pick<Shop, 'feeBps' | 'feeFixed'>,
  form: FeePlanForm,
) {
  return confirmView({
    title: t(lang, 'admin.shop.feeConfirm.title', { name: shop.name }),
    message: t(lang, 'admin.shop.feeConfirm.message'),
    action: `/admin/shops/${shop.id}/fee-plan`,
    button: t(lang, 'admin.shop.feeConfirm.button'),
    cancelHref: `/admin/shops/${shop.id}`,
    summary: [
      {
        label: t(lang, 'admin.shop.feeConfirm.overrideNow'),
        value: describeOverride(lang, shop.feeBps, shop.feeFixed),
      },
      {
        label: t(lang, 'admin.shop.feeConfirm.overrideAfter'),
        value: describeOverride(lang, next.feeBps, next.feeFixed),
      },
      { label: t(lang, 'admin.shop.feeConfirm.effectiveNow'), value: describePlan(lang, effectivePlan) },
    ],
    inputs: [
      { name: 'bps', label: t(lang, 'admin.shop.bpsLabel'), value: form.bps ?? '' },
      {
        name: 'fixed',
        label: t(lang, 'admin.shop.fixedLabel'),
        value: form.fixed ?? '',
        hint: t(lang, 'admin.shop.fixedHint'),
      },
    ],
  });
}
