import type Stripe from 'stripe';
import { errors } from './errors.js';
import type { Param, Params } from './params.js';

/** Filters on `created` as Stripe takes them: an integer or `{gt,gte,lt,lte}`. */
export function matchesRange(value: number, filter: Param | undefined): boolean {
  if (filter === undefined || filter === '') return true;
  if (typeof filter === 'number') return value === filter;
  if (typeof filter !== 'object' || Array.isArray(filter)) return true;
  const f = filter as Record<string, Param>;
  const n = (k: string) => (typeof f[k] === 'number' ? f[k] : undefined);
  return (
    (n('gt') === undefined || value > n('gt')!) &&
    (n('gte') === undefined || value >= n('gte')!) &&
    (n('lt') === undefined || value < n('lt')!) &&
    (n('lte') === undefined || value <= n('lte')!)
  );
}

/**
 * A Stripe list object from items already newest first: `limit` (1–100, default 10),
 * `starting_after`/`ending_before` cursors (ids), `created` filter, `has_more`.
 */
export function listOf<T extends { id?: string; created?: number }>(
  items: T[],
  params: Params,
  url: string,
): Stripe.ApiList<T> {
  const limit = params.limit === undefined ? 10 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw errors.invalid('Invalid integer: limit must be between 1 and 100', {
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
  }
  let rows = items.filter((i) => i.created === undefined || matchesRange(i.created, params.created));
  const cursor = (name: 'starting_after' | 'ending_before') => {
    const id = params[name];
    if (typeof id !== 'string' || !id) return undefined;
    const index = rows.findIndex((r) => r.id === id);
    if (index === -1) throw errors.notFound('object', id, name);
    return index;
  };
  const after = cursor('starting_after');
  const before = cursor('ending_before');
  let hasMore: boolean;
  if (after !== undefined) {
    rows = rows.slice(after + 1);
    hasMore = rows.length > limit;
    rows = rows.slice(0, limit);
  } else if (before !== undefined) {
    rows = rows.slice(0, before);
    hasMore = rows.length > limit;
    rows = rows.slice(-limit);
  } else {
    hasMore = rows.length > limit;
    rows = rows.slice(0, limit);
  }
  return { object: 'list', data: rows, has_more: hasMore, url };
}

/** Reads a string parameter (validated already), or undefined. */
export function str(params: Params, name: string): string | undefined {
  const v = params[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A string parameter the caller has already required (validation checked its type). */
export function text(params: Params, name: string): string {
  const v = params[name];
  if (typeof v !== 'string') throw errors.invalid(`Invalid string: ${name}`, { param: name });
  return v;
}

/** A nested hash parameter, or undefined ('' unsets). */
export function hash(params: Params | undefined, name: string): Params | undefined {
  const v = params?.[name];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}

/** `metadata[...]`: merged into the current metadata; '' removes a key, '' for the whole hash clears it. */
export function mergeMetadata(
  current: Stripe.Metadata | null | undefined,
  update: Param | undefined,
): Stripe.Metadata {
  const out: Stripe.Metadata = { ...(current ?? {}) };
  if (update === undefined) return out;
  if (update === '') return {};
  for (const [k, v] of Object.entries(update as Record<string, Param>)) {
    if (v === '') delete out[k];
    else if (typeof v === 'string') out[k] = v;
    else throw errors.invalid(`Invalid metadata value: ${k}`, { param: `metadata[${k}]` });
  }
  return out;
}
