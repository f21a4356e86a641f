/** A platform fee plan: basis points of the total plus a fixed fee per currency (minor units). */
export interface FeePlan {
  readonly bps: number;
  readonly fixed: Readonly<Record<string, number>>;
}

/**
 * The platform's application fee on an order: round(total × bps / 10000) + fixed[currency],
 * never above the total. Computed once when the order is made and stored on it. Rounding is
 * half away from zero on exact integers (no float drift: total × bps is an integer).
 */
export function applicationFee(totalMinor: number, currency: string, plan: FeePlan): number {
  if (!Number.isSafeInteger(totalMinor) || totalMinor < 0) throw new RangeError(`bad total: ${totalMinor}`);
  const product = totalMinor * plan.bps;
  const percentage = Math.floor(product / 10_000) + (product % 10_000 >= 5_000 ? 1 : 0);
  const fee = percentage + (plan.fixed[currency.toLowerCase()] ?? 0);
  return Math.min(fee, totalMinor);
}

/** Parses `PLATFORM_FEE_FIXED` such as `usd:30,eur:25,jpy:30`; throws on a malformed entry. */
export function parseFixedFees(text: string): Record<string, number> {
  const fees: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z]{3}):(\d{1,7})$/.exec(part.toLowerCase());
    if (!match) throw new Error(`"${part}" is not currency:amount (e.g. usd:30)`);
    fees[match[1]] = Number(match[2]);
  }
  return fees;
}
