import { message, type Message } from '../common/domain-error.js';
import { moneyToInput, parseMoneyInput } from '../common/money-input.js';

export const MAX_OPTIONS = 3;
export const MAX_VALUES_PER_OPTION = 20;
export const MAX_VARIANTS = 100;
const NAME_MAX = 40;
const VALUE_MAX = 40;
const SKU_MAX = 64;
const STOCK_MAX = 1_000_000;
const WEIGHT_MAX = 1_000_000;

export interface OptionValues {
  name: string;
  values: string[];
}

/**
 * The options form: up to three (name, values) pairs, values one per line or comma-separated,
 * in the merchant's order. Blank pairs are dropped; duplicates refused. The combinations are
 * limited to MAX_VARIANTS so the table stays editable.
 */
export function checkOptionsInput(
  names: readonly string[],
  values: readonly string[],
): { value: OptionValues[] } | { errors: Record<string, Message> } {
  const errors: Record<string, Message> = {};
  const options: OptionValues[] = [];
  for (let i = 0; i < MAX_OPTIONS; i++) {
    const name = (names[i] ?? '').replace(/\s+/g, ' ').trim();
    const list = (values[i] ?? '')
      .split(/[\n,]/)
      .map((v) => v.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    if (!name && !list.length) continue;
    const field = `option${i + 1}`;
    if (!name) errors[`${field}Name`] = message('variants.errors.optionName');
    else if (name.length > NAME_MAX)
      errors[`${field}Name`] = message('variants.errors.tooLong', { max: NAME_MAX });
    else if (options.some((o) => o.name.toLowerCase() === name.toLowerCase())) {
      errors[`${field}Name`] = message('variants.errors.duplicateOption');
    }
    if (!list.length) errors[`${field}Values`] = message('variants.errors.optionValues');
    else if (list.length > MAX_VALUES_PER_OPTION) {
      errors[`${field}Values`] = message('variants.errors.tooManyValues', { max: MAX_VALUES_PER_OPTION });
    } else if (list.some((v) => v.length > VALUE_MAX)) {
      errors[`${field}Values`] = message('variants.errors.tooLong', { max: VALUE_MAX });
    } else if (new Set(list.map((v) => v.toLowerCase())).size !== list.length) {
      errors[`${field}Values`] = message('variants.errors.duplicateValue');
    }
    options.push({ name, values: list });
  }
  const combinations = options.reduce((n, o) => n * Math.max(1, o.values.length), 1);
  if (!Object.keys(errors).length && options.length && combinations > MAX_VARIANTS) {
    errors.options = message('variants.errors.tooManyVariants', { max: MAX_VARIANTS, combos: combinations });
  }
  return Object.keys(errors).length ? { errors } : { value: options };
}

/** Every combination of the options' values, in the options' order (the first option varies slowest). */
export function combinations(options: readonly OptionValues[]): string[][] {
  return options.reduce<string[][]>(
    (combos, option) => combos.flatMap((combo) => option.values.map((value) => [...combo, value])),
    [[]],
  );
}

/** One row of the variants table as posted (strings), kept as typed to re-render on error. */
export interface VariantRowInput {
  id: string;
  price: string;
  compareAt: string;
  stock: string;
  sku: string;
  weight: string;
  /** One of the product's image ids, or '' for the main image. */
  image: string;
  active: boolean;
}

export interface VariantRowValues {
  id: string;
  priceAmount: number;
  compareAtAmount: number | null;
  stock: number | null;
  sku: string | null;
  weightGrams: number | null;
  imageId: string | null;
  active: boolean;
}

/** Checks the table's rows; errors are keyed `<field>-<variant id>` (the inputs' ids). */
export function checkVariantRows(
  rows: readonly VariantRowInput[],
  currency: string,
): { value: VariantRowValues[] } | { errors: Record<string, Message> } {
  const errors: Record<string, Message> = {};
  const values: VariantRowValues[] = [];
  const skus = new Map<string, string>();
  for (const row of rows) {
    const price = parseMoneyInput(row.price, currency, { field: 'price' });
    if (!price.ok) errors[`price-${row.id}`] = price.message;
    let compareAt: number | null = null;
    if (row.compareAt.trim()) {
      const parsed = parseMoneyInput(row.compareAt, currency, { field: 'price' });
      if (!parsed.ok) errors[`compareAt-${row.id}`] = parsed.message;
      else if (price.ok && parsed.amount <= price.amount) {
        errors[`compareAt-${row.id}`] = message('variants.errors.compareAt');
      } else compareAt = parsed.amount;
    }
    const stock = whole(row.stock, STOCK_MAX);
    if (stock === 'invalid') errors[`stock-${row.id}`] = message('validation.product.stock');
    const weight = whole(row.weight, WEIGHT_MAX);
    if (weight === 'invalid') errors[`weight-${row.id}`] = message('variants.errors.weight');
    const sku = row.sku.trim() || null;
    if (sku && (sku.length > SKU_MAX || /\s/.test(sku))) {
      errors[`sku-${row.id}`] = message('variants.errors.sku', { max: SKU_MAX });
    } else if (sku && skus.has(sku.toLowerCase())) {
      errors[`sku-${row.id}`] = message('variants.errors.skuTaken');
    } else if (sku) skus.set(sku.toLowerCase(), row.id);
    if (price.ok && stock !== 'invalid' && weight !== 'invalid') {
      values.push({
        id: row.id,
        priceAmount: price.amount,
        compareAtAmount: compareAt,
        stock,
        sku,
        weightGrams: weight,
        imageId: row.image || null,
        active: row.active,
      });
    }
  }
  return Object.keys(errors).length ? { errors } : { value: values };
}

/** A saved variant back into the table's strings. */
export function variantToRow(v: VariantRowValues, currency: string): VariantRowInput {
  return {
    id: v.id,
    price: moneyToInput(v.priceAmount, currency),
    compareAt: v.compareAtAmount === null ? '' : moneyToInput(v.compareAtAmount, currency),
    stock: v.stock === null ? '' : String(v.stock),
    sku: v.sku ?? '',
    weight: v.weightGrams === null ? '' : String(v.weightGrams),
    image: v.imageId ?? '',
    active: v.active,
  };
}

function whole(text: string, max: number): number | null | 'invalid' {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return 'invalid';
  const n = Number(t);
  return n > max ? 'invalid' : n;
}
