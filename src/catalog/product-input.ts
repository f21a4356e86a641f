import { moneyToInput, parseMoneyInput } from '../common/money-input.js';

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
): { value: ProductValues } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = (input.name ?? '').trim();
  if (!name) errors.name = 'Enter a name.';
  else if (name.length > NAME_MAX) errors.name = `Keep the name under ${NAME_MAX} characters.`;
  const description = normaliseDescription(input.description ?? '');
  if (description.length > DESCRIPTION_MAX) {
    errors.description = `Keep the description under ${DESCRIPTION_MAX} characters.`;
  }
  const price = parseMoneyInput(input.price ?? '', currency, { noun: 'price' });
  if (!price.ok) errors.price = price.message;
  const stock = wholeNumber(input.stock, STOCK_MAX);
  if (stock === 'invalid')
    errors.stock = 'Enter the stock as a whole number, or leave it empty for unlimited.';
  const sortOrder = wholeNumber(input.sortOrder, SORT_MAX);
  if (sortOrder === 'invalid') errors.sortOrder = 'Enter the position as a whole number (0 comes first).';
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
