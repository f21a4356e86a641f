import { formatFixedFees } from '../tenants/fee-plan.service.js';
import type { ShopSearchPage } from '../tenants/shop-directory.js';
import type { Shop } from '../tenants/entities/shop.entity.js';
import { STRIPE_STATUSES, stripeStatusOf, type StripeStatus } from '../tenants/stripe-status.js';
import { confirmView } from '../web/confirm-view.js';
import type { ShopDetail } from './admin-shops.service.js';
import { describeOverride, describePlan, moneyStat, pager, stat } from './admin-view.js';
import type { FeePlanForm, ReasonForm, ShopListQuery } from './dto/admin-forms.dto.js';

/** View models of the admin's shop pages (list, detail, the three confirmations). */

const NOTICES: Record<string, string> = {
  suspended: 'The shop is suspended: its storefront is unavailable.',
  resumed: 'The shop is open again.',
  fees: 'The fee plan is saved. It applies to orders made from now on.',
};

/** The list's Stripe filter, if it names a status. */
export function stripeFilter(query: ShopListQuery): StripeStatus | undefined {
  return STRIPE_STATUSES.includes(query.stripe as StripeStatus) ? (query.stripe as StripeStatus) : undefined;
}

export const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);

export function shopListView(result: ShopSearchPage, query: ShopListQuery) {
  return {
    title: 'Shops',
    filters: {
      q: query.q ?? '',
      stripe: stripeFilter(query) ?? '',
      charges: query.charges ?? '',
      suspended: query.suspended ?? '',
    },
    stripeStatuses: STRIPE_STATUSES.map((s) => ({ value: s, label: s.replace('_', ' ') })),
    shops: result.shops.map((s) => ({
      id: s.id,
      name: s.name,
      slug: s.slug,
      ownerEmail: s.owner?.email ?? '',
      stripeStatus: stripeStatusOf(s).replace('_', ' '),
      chargesEnabled: s.stripeChargesEnabled,
      suspended: s.suspendedAt !== null,
      createdAt: s.createdAt,
    })),
    pager: pager('/admin/shops', { ...query }, result.page, result.pageSize, result.total),
  };
}

/**
 * The shop page. `feeForm` and `feeErrors`: a refused fee plan shows the typed values and the
 * errors instead of the saved plan.
 */
export function shopDetailView(
  { shop, effectivePlan, platformPlan, stats }: ShopDetail,
  publicUrl: string,
  options: { done?: string; feeForm?: FeePlanForm; feeErrors?: Record<string, string> } = {},
) {
  const requirements = shop.stripeRequirements;
  return {
    title: shop.name,
    notice: options.done ? NOTICES[options.done] : undefined,
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
      status: stripeStatusOf(shop).replace('_', ' '),
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
      sales: moneyStat(stats.sales),
      fees: moneyStat(stats.fees),
    },
    fees: {
      effective: describePlan(effectivePlan),
      platform: describePlan(platformPlan),
      override: describeOverride(shop.feeBps, shop.feeFixed),
      hasOverride: shop.feeBps !== null || shop.feeFixed !== null,
    },
    feeForm: options.feeForm
      ? { bps: options.feeForm.bps ?? '', fixed: options.feeForm.fixed ?? '' }
      : { bps: shop.feeBps === null ? '' : String(shop.feeBps), fixed: formatFixedFees(shop.feeFixed) },
    feeErrors: options.feeErrors ?? {},
  };
}

export function suspendConfirmView(shop: Shop, form: ReasonForm, errors?: Record<string, string>) {
  return confirmView(
    {
      title: `Suspend ${shop.name}`,
      message: `${shop.slug}'s storefront will show "unavailable" and take no orders, and its owner sees the reason on their dashboard.`,
      action: `/admin/shops/${shop.id}/suspend`,
      button: 'Suspend the shop',
      danger: true,
      cancelHref: `/admin/shops/${shop.id}`,
      inputs: [
        {
          name: 'reason',
          label: 'Reason (shown to the merchant)',
          value: form.reason ?? '',
          multiline: true,
        },
      ],
    },
    errors,
  );
}

export function resumeConfirmView(shop: Shop, form: ReasonForm) {
  return confirmView({
    title: `Resume ${shop.name}`,
    message: `${shop.slug}'s storefront opens again and the dashboard banner disappears.`,
    action: `/admin/shops/${shop.id}/resume`,
    button: 'Resume the shop',
    cancelHref: `/admin/shops/${shop.id}`,
    summary: [{ label: 'Suspended because', value: shop.suspendedReason ?? '(not suspended)' }],
    inputs: [{ name: 'reason', label: 'Note (optional)', value: form.reason ?? '', multiline: true }],
  });
}

export function feePlanConfirmView(
  { shop, effectivePlan }: ShopDetail,
  next: Pick<Shop, 'feeBps' | 'feeFixed'>,
  form: FeePlanForm,
) {
  return confirmView({
    title: `Change the fee plan of ${shop.name}`,
    message: 'The new plan applies to orders made from now on; existing orders keep their fee.',
    action: `/admin/shops/${shop.id}/fee-plan`,
    button: 'Save the fee plan',
    cancelHref: `/admin/shops/${shop.id}`,
    summary: [
      { label: 'Override now', value: describeOverride(shop.feeBps, shop.feeFixed) },
      { label: 'Override after', value: describeOverride(next.feeBps, next.feeFixed) },
      { label: 'Effective now', value: describePlan(effectivePlan) },
    ],
    inputs: [
      { name: 'bps', label: 'Percentage in basis points (blank = platform default)', value: form.bps ?? '' },
      {
        name: 'fixed',
        label: 'Fixed fee per currency, minor units (blank = platform default)',
        value: form.fixed ?? '',
        hint: 'e.g. eur:25, usd:30',
      },
    ],
  });
}
