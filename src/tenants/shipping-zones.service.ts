import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { message, NotFoundError, ValidationFailed, type Message } from '../common/domain-error.js';
import { moneyToInput, parseMoneyInput } from '../common/money-input.js';
import { isUuid } from '../common/uuid.js';
import { ShippingRate, SHIPPING_RATE_KINDS, type ShippingRateKind } from './entities/shipping-rate.entity.js';
import { ShippingZone } from './entities/shipping-zone.entity.js';
import type { ShopContext } from './shop-context.js';
import { parseCountryList, shippingCountriesProblem } from './shop-input.js';

/** Stripe Checkout takes at most five shipping options: a zone offers no more. */
export const MAX_RATES_PER_ZONE = 5;
export const MAX_ZONES_PER_SHOP = 50;
export const MAX_DELIVERY_DAYS = 365;
const NAME_MAX = 80;

export interface ZoneInput {
  name?: string;
  countries?: string;
}

export interface RateInput {
  kind?: string;
  name?: string;
  amount?: string;
  freeAbove?: string;
  perAdditionalItem?: string;
  minDays?: string;
  maxDays?: string;
}

export interface ZoneWithRates {
  zone: ShippingZone;
  rates: ShippingRate[];
}

type CleanRate = Pick<
  ShippingRate,
  'kind' | 'name' | 'amount' | 'freeAbove' | 'perAdditionalItem' | 'minDays' | 'maxDays'
>;

const trim = (v: string | undefined) => (v ?? '').trim();

/** Checks a zone's form: a name, and countries Stripe Checkout ships to (the settings' parser). */
export function checkZone(input: ZoneInput): { name: string; countries: string[] } {
  const errors: Record<string, Message> = {};
  const name = trim(input.name);
  if (!name) errors.name = message('shipping.errors.nameMissing');
  else if ([...name].length > NAME_MAX)
    errors.name = message('shipping.errors.nameTooLong', { max: NAME_MAX });
  const list = parseCountryList(trim(input.countries));
  const problem = shippingCountriesProblem(list);
  if (problem) errors.countries = problem;
  else if (!list.codes.length) errors.countries = message('shipping.errors.countriesMissing');
  if (Object.keys(errors).length) throw new ValidationFailed(errors);
  return { name, countries: list.codes };
}

/** "0" (free) or an amount the money parser accepts. */
function amountOrZero(text: string, currency: string, field: string, errors: Record<string, Message>) {
  if (/^0+(?:[.,]0+)?$/.test(text)) return 0;
  const parsed = parseMoneyInput(text, currency);
  if (!parsed.ok) {
    errors[field] = parsed.message;
    return 0;
  }
  return parsed.amount;
}

function days(text: string, field: string, errors: Record<string, Message>): number | null {
  if (!text) return null;
  if (!/^\d{1,3}$/.test(text) || Number(text) > MAX_DELIVERY_DAYS) {
    errors[field] = message('shipping.errors.days', { max: MAX_DELIVERY_DAYS });
    return null;
  }
  return Number(text);
}

/** Checks a rate's form in the shop's currency; the fields a kind does not use are ignored. */
export function checkRate(input: RateInput, currency: string): CleanRate {
  const errors: Record<string, Message> = {};
  const kind = trim(input.kind) as ShippingRateKind;
  if (!SHIPPING_RATE_KINDS.includes(kind)) errors.kind = message('shipping.errors.kind');
  const name = trim(input.name);
  if (!name) errors.name = message('shipping.errors.nameMissing');
  else if ([...name].length > NAME_MAX)
    errors.name = message('shipping.errors.nameTooLong', { max: NAME_MAX });
  const amount = kind === 'pickup' ? 0 : amountOrZero(trim(input.amount), currency, 'amount', errors);
  let freeAbove: number | null = null;
  if (kind === 'free_above') {
    const parsed = parseMoneyInput(trim(input.freeAbove), currency);
    if (parsed.ok) freeAbove = parsed.amount;
    else errors.freeAbove = parsed.message;
  }
  const perAdditionalItem =
    kind === 'per_item'
      ? amountOrZero(trim(input.perAdditionalItem), currency, 'perAdditionalItem', errors)
      : null;
  const minDays = days(trim(input.minDays), 'minDays', errors);
  const maxDays = days(trim(input.maxDays), 'maxDays', errors);
  if (!errors.minDays && !errors.maxDays) {
    if ((minDays === null) !== (maxDays === null)) errors.maxDays = message('shipping.errors.daysBoth');
    else if (minDays !== null && maxDays !== null && minDays > maxDays)
      errors.maxDays = message('shipping.errors.daysOrder');
  }
  if (Object.keys(errors).length) throw new ValidationFailed(errors);
  return { kind, name, amount, freeAbove, perAdditionalItem, minDays, maxDays };
}

/** A stored rate as its form shows it. */
export function rateToInput(rate: ShippingRate, currency: string, lang: string): Required<RateInput> {
  const money = (v: number | null) => (v === null ? '' : moneyToInput(v, currency, lang));
  return {
    kind: rate.kind,
    name: rate.name,
    amount: rate.kind === 'pickup' ? '' : money(rate.amount),
    freeAbove: money(rate.freeAbove),
    perAdditionalItem: money(rate.perAdditionalItem),
    minDays: rate.minDays === null ? '' : String(rate.minDays),
    maxDays: rate.maxDays === null ? '' : String(rate.maxDays),
  };
}

/**
 * A shop's shipping zones and their rates. Every query names the shop; another shop's (or a
 * malformed) id is "not found". Writes take the shop row's lock, so that a country is in at most
 * one zone and a zone never gets a sixth rate however many requests arrive at once.
 */
@Injectable()
export class ShippingZonesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async zones(shop: ShopContext): Promise<ZoneWithRates[]> {
    const zones = await this.db
      .getRepository(ShippingZone)
      .find({ where: { shopId: shop.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const rates = await this.db
      .getRepository(ShippingRate)
      .find({ where: { shopId: shop.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return zones.map((zone) => ({ zone, rates: rates.filter((r) => r.zoneId === zone.id) }));
  }

  /**
   * Where the shop's cart may deliver to: the countries of its zones, or null when it does not
   * ship physical goods (no "Deliver to" asked).
   */
  async destinations(shop: Pick<ShopContext, 'id'>): Promise<string[] | null> {
    const rows = await this.db.query<Array<{ ships: boolean; countries: string[] | null }>>(
      `SELECT s.ships_physical_goods AS ships,
              (SELECT array_agg(DISTINCT c) FROM shipping_zone z, unnest(z.countries) c WHERE z.shop_id = s.id)
                AS countries
         FROM shop s WHERE s.id = $1`,
      [shop.id],
    );
    if (!rows[0]?.ships) return null;
    return rows[0].countries ?? [];
  }

  async zone(
    shop: ShopContext,
    zoneId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<ZoneWithRates> {
    if (!isUuid(zoneId)) throw new NotFoundError();
    const zone = await manager.findOne(ShippingZone, { where: { id: zoneId, shopId: shop.id } });
    if (!zone) throw new NotFoundError();
    const rates = await manager.find(ShippingRate, {
      where: { shopId: shop.id, zoneId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { zone, rates };
  }

  async rate(shop: ShopContext, zoneId: string, rateId: string): Promise<ShippingRate> {
    const { rates } = await this.zone(shop, zoneId);
    const rate = rates.find((r) => r.id === rateId);
    if (!rate) throw new NotFoundError();
    return rate;
  }

  /** Creates (zoneId null) or updates a zone; returns its id. */
  async saveZone(shop: ShopContext, zoneId: string | null, input: ZoneInput): Promise<string> {
    const clean = checkZone(input);
    return this.db.transaction(async (m) => {
      await lockShop(m, shop.id);
      if (zoneId) await this.zone(shop, zoneId, m);
      const others = await m.find(ShippingZone, { where: { shopId: shop.id } });
      const taken = clean.countries.filter((c) =>
        others.some((z) => z.id !== zoneId && z.countries.includes(c)),
      );
      if (taken.length) {
        throw new ValidationFailed({
          countries: message('shipping.errors.countryTaken', {
            codes: taken.join(', '),
            count: taken.length,
          }),
        });
      }
      if (!zoneId) {
        if (others.length >= MAX_ZONES_PER_SHOP) {
          throw new ValidationFailed({
            name: message('shipping.errors.tooManyZones', { max: MAX_ZONES_PER_SHOP }),
          });
        }
        const zone = m.create(ShippingZone, { shopId: shop.id, ...clean });
        await m.insert(ShippingZone, zone);
        return zone.id;
      }
      await m.update(ShippingZone, { id: zoneId, shopId: shop.id }, clean);
      return zoneId;
    });
  }

  async deleteZone(shop: ShopContext, zoneId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await lockShop(m, shop.id);
      await this.zone(shop, zoneId, m);
      await m.delete(ShippingRate, { shopId: shop.id, zoneId });
      await m.delete(ShippingZone, { id: zoneId, shopId: shop.id });
    });
  }

  /** Creates (rateId null) or updates one of the zone's rates: at most five per zone. */
  async saveRate(shop: ShopContext, zoneId: string, rateId: string | null, input: RateInput): Promise<void> {
    const clean = checkRate(input, shop.currency);
    await this.db.transaction(async (m) => {
      await lockShop(m, shop.id);
      const { rates } = await this.zone(shop, zoneId, m);
      if (rateId) {
        if (!rates.some((r) => r.id === rateId)) throw new NotFoundError();
        await m.update(ShippingRate, { id: rateId, shopId: shop.id, zoneId }, clean);
        return;
      }
      if (rates.length >= MAX_RATES_PER_ZONE) {
        throw new ValidationFailed({
          kind: message('shipping.errors.tooManyRates', { max: MAX_RATES_PER_ZONE }),
        });
      }
      await m.insert(ShippingRate, m.create(ShippingRate, { shopId: shop.id, zoneId, ...clean }));
    });
  }

  async deleteRate(shop: ShopContext, zoneId: string, rateId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await lockShop(m, shop.id);
      const { rates } = await this.zone(shop, zoneId, m);
      if (!rates.some((r) => r.id === rateId)) throw new NotFoundError();
      await m.delete(ShippingRate, { id: rateId, shopId: shop.id, zoneId });
    });
  }
}

async function lockShop(m: EntityManager, shopId: string): Promise<void> {
  await m.query('SELECT id FROM shop WHERE id = $1 FOR UPDATE', [shopId]);
}
