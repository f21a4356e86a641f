import type { Expander } from './context.js';
import type { Owner, Store } from './store.js';

/**
 * `expand[]`: id prefixes (`pi`) → tables (`payment_intent`) so ids can be replaced by their
 * objects, and expanders for fields that hold no id (a session's `line_items`).
 */
export class Expansion {
  readonly idTables = new Map<string, string>();
  readonly expanders = new Map<string, Expander>();

  constructor(private readonly store: Store) {}

  /** Applies `expand[]` paths (`payment_intent`, `data.price.product`, `line_items`). */
  expand(value: unknown, paths: string[], owner: Owner): unknown {
    for (const path of paths) value = this.expandPath(value, path.split('.'), owner);
    return value;
  }

  private expandPath(value: unknown, segments: string[], owner: Owner): unknown {
    if (!segments.length || typeof value !== 'object' || value === null) return value;
    // A list field (a session's `shipping_options`): each element in turn.
    if (Array.isArray(value)) return value.map((item) => this.expandPath(item, segments, owner));
    const obj = value as Record<string, unknown>;
    const [head, ...rest] = segments;
    if (obj.object === 'list' && head === 'data' && Array.isArray(obj.data)) {
      return { ...obj, data: obj.data.map((item) => this.expandPath(item, rest, owner)) };
    }
    const expander = this.expanders.get(`${String(obj.object)}.${head}`);
    let field = obj[head];
    if (expander) field = expander(obj, owner);
    else if (typeof field === 'string') {
      const table = this.idTables.get(field.slice(0, field.indexOf('_')));
      const found = table ? this.store.find(table, field) : undefined;
      if (found && (found.owner === owner || table === 'account')) field = structuredClone(found.value);
    }
    return { ...obj, [head]: this.expandPath(field, rest, owner) };
  }
}

/** The request's `expand[]` parameter as a list of paths. */
export function expandPaths(params: Record<string, unknown>): string[] {
  const expand = params.expand;
  return Array.isArray(expand) ? expand.filter((e): e is string => typeof e === 'string') : [];
}
