/**
 * Thrown by guards that send the browser elsewhere (e.g. to /login); the ErrorFilter answers a
 * 303 to `location`, a relative path on the same host.
 */
export class RedirectRequired extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`);
    this.name = 'RedirectRequired';
  }
}

/** A `next` parameter is followed only when it is a path on this host (no //evil, no scheme). */
export function safeNextPath(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return fallback;
  }
  return next;
}
