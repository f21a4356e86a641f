import { cookieHeader, cookiesOf, csrfField, send } from './http.ts';
import { BENCH_PASSWORD, type BenchShop } from './seed.ts';
import type { Row } from './types.ts';

/** The app as a browser uses it: forms with their CSRF token, a merchant's log-in. */

/** A shop page's CSRF cookie and token, as a shopper's browser has them before posting a form. */
export async function shopperForm(port: number, host: string, productId: string) {
  const page = await send(port, host, 'GET', `/products/${productId}`);
  if (page.status !== 200) throw new Error(`product page answered ${page.status}`);
  const cookies = cookiesOf(page);
  return {
    token: csrfField(page.body),
    cookies,
    headers: {
      host,
      origin: `http://${host}`,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(cookies),
    },
  };
}

/** Logs the shop's merchant in through the form; returns the Cookie header of the session. */
export async function merchantSession(port: number, shop: BenchShop): Promise<string> {
  return cookieHeader(await logIn(port, shop.email, BENCH_PASSWORD));
}

/** Logs a user in through the form on the platform host; returns the session's cookies. */
export async function logIn(port: number, email: string, password: string): Promise<Map<string, string>> {
  const host = `localhost:${port}`;
  const page = await send(port, host, 'GET', '/login');
  const cookies = cookiesOf(page);
  const reply = await send(
    port,
    host,
    'POST',
    '/login',
    {
      origin: `http://${host}`,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(cookies),
    },
    new URLSearchParams({ email, password, _csrf: csrfField(page.body) }).toString(),
  );
  if (reply.status !== 303) throw new Error(`log-in of ${email} answered ${reply.status}`);
  return new Map([...cookies, ...cookiesOf(reply)]);
}

/** The visible text of an error page, shortened: why a probe was refused. */
export function pageText(html: string): string {
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? html;
  return main
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

export function notAvailable(scenario: string, why: string): Row {
  return {
    scenario,
    server: 'app',
    available: false,
    note: `not available yet (${why})`,
    reps: [],
    median: { rps: 0, p50: 0, p99: 0, rssMb: 0, qpr: 0, requests: 0, bad: 0 },
  };
}
