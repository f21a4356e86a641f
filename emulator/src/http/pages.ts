import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PageHandler, PageResponse } from '../context.js';
import { header } from './request.js';
import { compile, match, type Route } from './routes.js';

// Hosted pages: strict CSP, no scripts at all; the stylesheet is served from the same origin.
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Everything off `/v1`: the hosted pages and the `/_emulator/...` control routes (form or JSON bodies). */
export class PageDispatcher {
  private readonly routes: Route<PageHandler>[] = [];

  add(method: string, pattern: string, handler: PageHandler): void {
    this.routes.push(compile(method, pattern, handler));
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const found = match(this.routes, method === 'HEAD' ? 'GET' : method, url.pathname);
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    const type = header(req, 'content-type') ?? '';
    let json: unknown;
    const form: Record<string, string> = {};
    if (type.includes('application/json') && body) {
      try {
        json = JSON.parse(body);
      } catch {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Invalid JSON body' } }));
        return;
      }
    } else {
      for (const [k, v] of new URLSearchParams(body)) form[k] = v;
    }
    const response = await found.route.handler({
      method,
      path: url.pathname,
      pathParams: found.pathParams,
      query: url.searchParams,
      form,
      json,
      headers: req.headers,
    });
    writePage(res, response);
  }
}

function writePage(res: ServerResponse, r: PageResponse): void {
  if (r.redirect) {
    res.writeHead(r.status ?? 303, { Location: r.redirect, ...PAGE_HEADERS });
    res.end();
  } else if (r.html !== undefined) {
    res.writeHead(r.status ?? 200, { 'Content-Type': 'text/html; charset=utf-8', ...PAGE_HEADERS });
    res.end(r.html);
  } else if (r.css !== undefined) {
    res.writeHead(r.status ?? 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(r.css);
  } else {
    res.writeHead(r.status ?? 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(r.json ?? {}, null, 2));
  }
}
