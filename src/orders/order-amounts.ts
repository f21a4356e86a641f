import { applicationFee, type FeePlan } from '../common/fee.js';

/** A line of goods: its unit amount (minor units) and quantity. */
export interface GoodsLine {
  readonly unitAmount: number;
  readonly quantity: number;
}

export interface OrderAmountsInput {
  /** Lower-case ISO code; every amount is in its minor units (a yen is 1, a euro cent is 1). */
  readonly currency: string;
  readonly lines: readonly GoodsLine[];
  /** Discounts on the goods (a later issue): 0 today. Never more than the goods. */
  readonly discount?: number;
  /** The chosen shipping rate's amount: 0 without one. */
  readonly shipping?: number;
  /** Exclusive tax added on top (a later issue): 0 today. */
  readonly tax?: number;
  /** The shop's fee plan: its fee is charged on the goods, never on shipping or tax. */
  readonly feePlan: FeePlan;
}

/** An order's arithmetic, every amount an integer of minor units. */
export interface OrderAmounts {
  readonly currency: string;
  /** Σ unit amount × quantity. */
  readonly goods: number;
  readonly discount: number;
  readonly shipping: number;
  readonly tax: number;
  /** goods − discount + shipping + tax: what Checkout's `amount_total` must say. */
  readonly total: number;
  /** The platform's application fee, on the goods net of discounts (shipping and tax excluded). */
  readonly applicationFee: number;
}

/**
 * The one place that adds an order up: goods − discounts + shipping + exclusive tax = total,
 * with the application fee computed on the goods amount as the fee plan says. Pure integer
 * arithmetic in minor units, so zero-decimal currencies (JPY) need nothing special; anything
 * that is not a non-negative safe integer is refused rather than rounded.
 */
export function orderAmounts(input: OrderAmountsInput): OrderAmounts {
  let goods = 0;
  for (const line of input.lines) {
    minor(line.unitAmount, 'unit amount');
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new RangeError(`bad quantity: ${line.quantity}`);
    }
    goods = minor(goods + line.unitAmount * line.quantity, 'goods');
  }
  const discount = minor(input.discount ?? 0, 'discount');
  if (discount > goods) throw new RangeError(`discount ${discount} is above the goods ${goods}`);
  const shipping = minor(input.shipping ?? 0, 'shipping');
  const tax = minor(input.tax ?? 0, 'tax');
  const net = goods - discount;
  const total = minor(net + shipping + tax, 'total');
  return {
    currency: input.currency,
    goods,
    discount,
    shipping,
    tax,
    total,
    applicationFee: applicationFee(net, input.currency, input.feePlan),
  };
}

function minor(amount: number, what: string): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`bad ${what}: ${amount}`);
  return amount;
}
