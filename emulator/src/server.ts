import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiDispatcher } from './api.js';
import { readBody } from './http/request.js';
import type { PageDispatcher } from './http/pages.js';

/**
 * The HTTP server: `/v1/...` goes to the API dispatcher (api.ts), everything else to the hosted
 * pages and control routes (http/pages.ts).
 */
export function createEmulatorServer(api: ApiDispatcher, pages: PageDispatcher): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);
    if (url.pathname.startsWith('/v1/')) return api.handle(req, res, url, body);
    return pages.handle(req, res, url, body);
  };
  const http = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(err instanceof Error ? err.message : 'error');
    });
  });
  // The SDK keeps connections alive; do not let idle ones hold close() up.
  http.keepAliveTimeout = 5000;
  return http;
}
