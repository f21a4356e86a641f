/**
 * Stripe's wire format: `application/x-www-form-urlencoded` with bracket notation
 * (`line_items[0][price]=p`, `metadata[k]=v`, `expand[]=x`), nested into objects and arrays.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    const path = splitKey(key);
    if (!path) continue;
    assign(root, path, value);
  }
  return arrayify(root) as FormObject;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** `a[b][0][]` → ['a', 'b', '0', ''] ; null for a malformed key. */
export function splitKey(key: string): string[] | null {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const rest = key.slice(first);
  const re = /\[([^\][]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== consumed) return null;
    parts.push(m[1]);
    consumed = m.index + m[0].length;
  }
  return consumed === rest.length && parts[0] ? parts : null;
}

// Arrays are built as objects keyed by index ('' = append) and turned into arrays at the end.
function assign(node: Record<string, unknown>, path: string[], value: string): void {
  let cur = node;
  for (let i = 0; i < path.length - 1; i++) {
    let seg = path[i];
    if (seg === '') seg = String(Object.keys(cur).length);
    const next = cur[seg];
    if (typeof next !== 'object' || next === null) cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  let last = path[path.length - 1];
  if (last === '') last = String(Object.keys(cur).length);
  cur[last] = value;
}

function arrayify(node: unknown): FormValue {
  if (typeof node !== 'object' || node === null) return node as string;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => arrayify(obj[String(k)]));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = arrayify(obj[k]);
  return out;
}

/** Bracket name of a nested parameter, as Stripe names it in errors: `line_items[0][price]`. */
export function paramName(path: readonly (string | number)[]): string {
  return path.map((p, i) => (i === 0 ? String(p) : `[${p}]`)).join('');
}
