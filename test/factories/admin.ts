import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TestApp } from '../support/test-app.js';

export interface AppRoute {
  method: string;
  path: string;
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/**
 * Every route express knows, read from the router itself (not listed by hand), so a route added
 * later is covered by the specs that walk them.
 */
export function appRoutes(app: NestExpressApplication): AppRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  const routes: AppRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const path of [layer.route.path].flat()) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path });
      }
    }
  }
  return routes;
}

/** Fills `:param` segments with real ids, so a 404 means "refused", not "no such row". */
export function fillParams(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no test value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
}

export async function auditCount(t: TestApp, where = 'true', params: unknown[] = []): Promise<number> {
  const rows = await t.db.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM audit_entry WHERE ${where}`,
    params,
  );
  return rows[0].n;
}

/** Inserts an inbox row directly (the access specs need one to exist, not to be processed). */
export async function insertStoredEvent(
  t: TestApp,
  fields: { id: string; type?: string; account?: string | null; status?: string },
): Promise<void> {
  const type = fields.type ?? 'account.updated';
  await t.db.query(
    `INSERT INTO stripe_event (id, type, account, livemode, created, payload, status)
     VALUES ($1, $2, $3, false, now(), $4, $5)`,
    [
      fields.id,
      type,
      fields.account ?? null,
      JSON.stringify({ id: fields.id, type, data: { object: { note: '<script>alert(1)</script>' } } }),
      fields.status ?? 'processed',
    ],
  );
}
