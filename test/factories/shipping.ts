import { ShippingRate, type ShippingRateKind } from '../../src/tenants/entities/shipping-rate.entity.js';
import { ShippingZone } from '../../src/tenants/entities/shipping-zone.entity.js';
import type { TestApp } from '../support/test-app.js';

export interface RateSpec {
  kind: ShippingRateKind;
  name: string;
  amount?: number;
  freeAbove?: number | null;
  perAdditionalItem?: number | null;
  minDays?: number | null;
  maxDays?: number | null;
}

/**
 * Gives a shop a shipping zone with its rates (rows written directly, as the dashboard's
 * shipping pages would; rates made one after the other keep their order).
 */
export async function addZone(
  t: TestApp,
  shopId: string,
  countries: string[],
  rates: RateSpec[] = [],
  name = 'Zone',
): Promise<{ zone: ShippingZone; rates: ShippingRate[] }> {
  const zone = await t.db.getRepository(ShippingZone).save({ shopId, name, countries });
  const made: ShippingRate[] = [];
  for (const [i, r] of rates.entries()) {
    made.push(
      await t.db.getRepository(ShippingRate).save({
        shopId,
        zoneId: zone.id,
        kind: r.kind,
        name: r.name,
        amount: r.amount ?? 0,
        freeAbove: r.freeAbove ?? null,
        perAdditionalItem: r.perAdditionalItem ?? null,
        minDays: r.minDays ?? null,
        maxDays: r.maxDays ?? null,
        createdAt: new Date(Date.now() + i),
      }),
    );
  }
  return { zone, rates: made };
}
