import { Inject, Injectable } from '@nestjs/common';
import type { FeePlan } from '../common/fee.js';
import { parseFixedFees } from '../common/fee.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CURRENCIES } from './markets.js';
import type { Shop } from './entities/shop.entity.js';
import { message, type Message } from '../common/domain-error.js';

export const MAX_FEE_BPS = 10_000;

/** The columns a fee plan is read from (a Shop row has them). */
export type ShopFeeColumns = Pick<Shop, 'feeBps' | 'feeFixed'>;

/**
 * Which fee plan applies to a shop: its override where set (each part on its own: a shop may
 * override the percentage and keep the platform's fixed fees), else PLATFORM_FEE_BPS and
 * PLATFORM_FEE_FIXED. Checkout calls planFor() when it makes an order and stores the fee on it,
 * so changing a plan affects later orders only.
 */
@Injectable()
export class FeePlanService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get platformDefault(): FeePlan {
    return this.config.platformFee;
  }

  planFor(shop: ShopFeeColumns): FeePlan {
    return Object.freeze({
      bps: shop.feeBps ?? this.config.platformFee.bps,
      fixed: Object.freeze({ ...(shop.feeFixed ?? this.config.platformFee.fixed) }),
    });
  }
}

export interface FeePlanInput {
  bps?: string;
  fixed?: string;
}

/**
 * Checks an admin's override form: `bps` an integer 0–10000 or blank (platform default), `fixed`
 * like `eur:25, usd:30` with known currencies, or blank (platform default).
 */
export function checkFeePlanInput(
  input: FeePlanInput,
): { value: ShopFeeColumns } | { errors: Record<string, Message> } {
  const errors: Record<string, Message> = {};
  const bpsText = (input.bps ?? '').trim();
  const fixedText = (input.fixed ?? '').trim();
  let feeBps: number | null = null;
  if (bpsText) {
    if (!/^\d{1,5}$/.test(bpsText) || Number(bpsText) > MAX_FEE_BPS) {
      errors.bps = message('validation.feePlan.bps', { max: MAX_FEE_BPS });
    } else feeBps = Number(bpsText);
  }
  let feeFixed: Record<string, number> | null = null;
  if (fixedText) {
    try {
      feeFixed = parseFixedFees(fixedText);
      const known = new Set(CURRENCIES.map((c) => c.code));
      const unknown = Object.keys(feeFixed).filter((c) => !known.has(c));
      if (unknown.length)
        errors.fixed = message('validation.feePlan.unknownCurrency', {
          codes: unknown.join(', '),
          count: unknown.length,
        });
    } catch {
      errors.fixed = message('validation.feePlan.fixed');
    }
  }
  if (Object.keys(errors).length) return { errors };
  return { value: { feeBps, feeFixed } };
}

/** `eur:25, usd:30` for a form field or a page. */
export function formatFixedFees(fixed: Readonly<Record<string, number>> | null): string {
  if (!fixed) return '';
  return Object.entries(fixed)
    .map(([currency, amount]) => `${currency}:${amount}`)
    .join(', ');
}
