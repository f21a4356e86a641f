import { moneyToInput, parseMoneyInput } from '../common/money-input.js';
import { message, type Message } from '../common/domain-error.js';

/** The product form as typed (all strings), kept as is to re-render on error. */
export interface ProductFormInput {
  name?: string;
  description?: string;
  price?: string;
  stock?: string;
  sortOrder?: string;
}

export interface ProductValues {
  name: string;
  description: string;
  priceAmount: number;
  stock: number | null;
  sortOrder: number;
}

export const NAME_MAX = 120;
export const DESCRIPTION_MAX = 5000;
const STOCK_MAX = 1_000_000;
const SORT_MAX = 1_000_000;

/** Checks a product form for a shop in `currency`: values, or a message per field. */
export function checkProductInput(
  input: ProductFormInput,
  currency: string,
): { value: ProductValues } | { errors: Record<string, Message> } {
  const errors: Record<string, Message> = {};
  const name = (input.name ?? '').trim();
  if (!name) errors.name = message('validation.product.nameMissing');
  else if (name.length > NAME_MAX) errors.name = message('validation.product.nameTooLong', { max: NAME_MAX });
  const description = normaliseDescription(input.description ?? '');
  if (description.length > DESCRIPTION_MAX) {
    errors.description = message('validation.product.descriptionTooLong', { max: DESCRIPTION_MAX });
  }
  const price = parseMoneyInput(input.price ?? '', currency, { field: 'price' });
  if (!price.ok) errors.price = price.message;
  const stock = wholeNumber(input.stock, STOCK_MAX);
  if (stock === 'invalid') errors.stock = message('validation.product.stock');
  const sortOrder = wholeNumber(input.sortOrder, SORT_MAX);
  if (sortOrder === 'invalid') errors.sortOrder = message('validation.product.sortOrder');
  if (Object.keys(errors).length || !price.ok || stock === 'invalid' || sortOrder === 'invalid') {
    return { errors };
  }
  return { value: { name, description, priceAmount: price.amount, stock, sortOrder: sortOrder ?? 0 } };
}

/**
 * A description is stored as typed, so saving a product twice changes nothing: line breaks become
 * `\n` (browsers send a textarea's as `\r\n`), blank lines before the text and white space after
 * it go; indentation, blank lines inside and spaces at the end of a line stay.
 */
export function normaliseDescription(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[^\S\n]*\n)+/, '')
    .trimEnd();
}

function wholeNumber(text: string | undefined, max: number): number | null | 'invalid' {
  const t = (text ?? '').trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return 'invalid';
  const n = Number(t);
  return n > max ? 'invalid' : n;
}

/** A saved product back into form strings, for the edit page. */
export function productToInput(
  p: { name: string; description: string; priceAmount: number; stock: number | null; sortOrder: number },
  currency: string,
): Required<ProductFormInput> {
  return {
    name: p.name,
    description: p.description,
    price: moneyToInput(p.priceAmount, currency),
    stock: p.stock === null ? '' : String(p.stock),
    sortOrder: String(p.sortOrder),
  };
}
