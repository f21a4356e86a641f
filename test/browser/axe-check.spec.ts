import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { expectAccessible, launchBrowser, takeAxeAudits } from '../support/browser.js';

/** Pages served with the app's strict CSP, so the check is proven to work under it. */
const PAGES: Record<string, string> = {
  '/low-contrast': `<!doctype html><html lang="en"><head><title>Low contrast</title>
    <link rel="stylesheet" href="/style.css"></head>
    <body><main><h1>Notice</h1><p class="faint">Pale grey text on white.</p></main></body></html>`,
  '/fine': `<!doctype html><html lang="en"><head><title>Fine</title></head>
    <body><main><h1>Readable</h1><p>Black on white.</p></main></body></html>`,
  '/style.css': '.faint { color: #bbbbbb; background: #ffffff; }',
};

describe('the accessibility check every browser spec runs', () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = createServer((req, res) => {
      const body = PAGES[req.url ?? ''];
      res.writeHead(body ? 200 : 404, {
        'Content-Type': req.url?.endsWith('.css') ? 'text/css' : 'text/html',
        'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'",
      });
      res.end(body ?? 'not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('fails on a page with a known serious violation (low contrast), naming the rule and the element', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/low-contrast`);
    const failure = expectAccessible();
    await expect(failure).rejects.toThrow(/\[serious\] color-contrast/);
    await expect(failure).rejects.toThrow(/Pale grey|#bbbbbb/);
    await page.close();
  });

  it('audits every page load, even one left at once, and passes a clean page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/fine`);
    await page.goto(`${base}/low-contrast`);
    await page.goto(`${base}/fine`);
    const { audits, unchecked } = await takeAxeAudits();
    expect(unchecked).toEqual([]);
    expect(audits.map((a) => new URL(a.url).pathname)).toEqual(['/fine', '/low-contrast', '/fine']);
    expect(audits[0].violations).toEqual([]);
    expect(audits[1].violations.map((v) => v.id)).toContain('color-contrast');
    await page.goto(`${base}/fine`);
    await expect(expectAccessible()).resolves.toBeUndefined();
    await page.close();
  });

  it('checks a page from a data: URL too', async () => {
    const page = await browser.newPage();
    await page.goto(
      `data:text/html,${encodeURIComponent('<html lang="en"><title>x</title><main><p style="color:#ccc">faint</p></main></html>')}`,
    );
    await expect(expectAccessible()).rejects.toThrow(/color-contrast/);
    await page.close();
  });
});
