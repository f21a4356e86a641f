import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config/app-config.js';
import { Readiness } from './health/readiness.js';

export interface GracefulShutdown {
  /**
   * Runs the whole stop; resolves with how many requests had to be cut at SHUTDOWN_TIMEOUT_MS.
   * `drain: false` skips step 1 (Ctrl-C in a terminal: no load balancer to tell).
   */
  shutDown(log: (line: string) => void, options?: { drain?: boolean }): Promise<{ cutRequests: number }>;
}

/**
 * A web process's graceful stop, set up once the server listens (main.ts; tests), run on
 * SIGTERM/SIGINT:
 * 1. `/readyz` turns 503 and everything keeps being served for SHUTDOWN_DRAIN_MS, the time a load
 *    balancer needs to see it and stop sending;
 * 2. the server stops accepting; idle keep-alive connections are closed, and responses from then
 *    on say `Connection: close`, so no client sends a request into a closing socket;
 * 3. requests in flight get SHUTDOWN_TIMEOUT_MS to finish, then their connections are cut;
 * 4. `app.close()`: the job queue stops (handlers finish or their jobs are released) before the
 *    pools and the cache listener close. The caller stops a database it started after this.
 */
export function gracefulShutdown(app: NestExpressApplication, config: AppConfig): GracefulShutdown {
  const server = app.getHttpServer();
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  // First of the 'request' listeners, so it sees every request before express answers it.
  server.prependListener('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (closing) res.setHeader('Connection', 'close');
  });

  async function stopServing(log: (line: string) => void): Promise<number> {
    closing = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // close() ends the idle keep-alive connections once; sweep those going idle later too.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const timer = new AbortController();
    try {
      const timedOut = delay(config.shutdown.timeoutMs, 'timeout' as const, { signal: timer.signal });
      if ((await Promise.race([closed, timedOut])) !== 'timeout') return 0;
      const cut = inFlight.size;
      log(`${cut} request(s) still running after ${config.shutdown.timeoutMs} ms: cutting them`);
      server.closeAllConnections();
      await closed;
      return cut;
    } finally {
      clearInterval(sweep);
      timer.abort();
    }
  }

  return {
    async shutDown(log, { drain = true } = {}) {
      app.get(Readiness).startDraining();
      if (drain && config.shutdown.drainMs > 0) {
        log(`Draining for ${config.shutdown.drainMs} ms (/readyz answers 503)…`);
        await delay(config.shutdown.drainMs);
      }
      const cutRequests = server.listening ? await stopServing(log) : 0;
      await app.close();
      return { cutRequests };
    },
  };
}
