import type { Request } from 'express';

/** The address the throttles count: express's `req.ip`, which TRUST_PROXY governs. */
export function clientIp(req: Request): string {
  return req.ip ?? 'unknown';
}
