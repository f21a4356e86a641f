import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { ROOT_DIR } from '../../src/root-dir.js';
import { launchBrowser } from '../support/browser.js';
import { expectFitsViewport } from '../support/layout-checks.js';
import { freePort } from '../support/test-app.js';

/**
 * A newcomer's first minute: `npm start` (the built app) on a fresh data dir makes the demo
 * shop and prints its URL; that URL shows the demo products, its legal pages render their
 * Markdown (and never run a script typed into them), and the cart links the terms of sale. At
 * 390 and 1280 px, in English and French.
 */
const NODE = join(ROOT_DIR, 'node_modules/.bin/node');
const BOOT_TIMEOUT_MS = 240_000;

const TEXT = {
  en: { product: 'Stoneware mug', terms: 'Terms of sale', footer: 'Legal notice', add: 'Add to cart' },
  fr: {
    product: 'Stoneware mug',
    terms: 'Conditions générales de vente',
    footer: 'Mentions légales',
    add: 'Ajouter au panier',
  },
} as const;

describe('the demo shop of a fresh npm start, and its legal pages, in Chromium', () => {
  let dataDir: string;
  let app: ChildProcess;
  let output = '';
  let exited: Promise<void>;
  let browser: Browser;
  let storefront: string;
  let platform: string;
  let login: { email: string; password: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'comptoir-demo-'));
    // As root, PostgreSQL runs as `postgres` and must pass through it (mkdtemp makes it 0700).
    chmodSync(dataDir, 0o755);
    // What `npm start` builds: the app and the emulator it runs.
    const tsc = join(ROOT_DIR, 'node_modules/typescript/bin/tsc');
    await promisify(execFile)(NODE, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT_DIR });
    await promisify(execFile)(NODE, [tsc, '-p', 'emulator/tsconfig.build.json'], { cwd: ROOT_DIR });
    const port = await freePort();
    platform = `http://localhost:${port}`;
    app = spawn(NODE, [join(ROOT_DIR, 'dist/src/main.js')], {
      cwd: ROOT_DIR,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        PORT: String(port),
        EMULATOR_PORT: String(await freePort()),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
    });
    app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => app.once('exit', () => resolve()));
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (app.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const banner = /Demo shop: (\S+)\s+\(merchant log-in: (\S+) \/ (\S+)\)/.exec(output);
    if (!banner) throw new Error(`no demo shop in the banner:\n${output}`);
    storefront = banner[1];
    login = { email: banner[2], password: banner[3] };
    browser = await launchBrowser();
  }, BOOT_TIMEOUT_MS + 180_000);

  afterAll(async () => {
    await browser?.close();
    if (app?.exitCode === null) {
      process.kill(-app.pid!, 'SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function pageAt(width: number, lang: 'en' | 'fr'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: lang === 'fr' ? 'fr-FR' : 'en-GB',
    });
    context.setDefaultTimeout(20_000);
    return context.newPage();
  }

  it('the banner names the demo shop: its storefront shows the products, the legal pages and the cart’s terms link', async () => {
    expect(storefront).toMatch(/^http:\/\/demo\.localhost:\d+$/);
    for (const width of [390, 1280]) {
      for (const lang of ['en', 'fr'] as const) {
        const text = TEXT[lang];
        const page = await pageAt(width, lang);
        await page.goto(storefront);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('h2.product-name').count()).toBe(12);
        await page.getByRole('heading', { name: text.product }).waitFor();
        await expectFitsViewport(page);

        // The footer links every legal page; the terms render their Markdown.
        const footer = page.getByRole('navigation', {
          name: lang === 'fr' ? 'Informations légales' : 'Legal information',
        });
        expect(await footer.getByRole('link').count()).toBe(5);
        await footer.getByRole('link', { name: text.terms }).click();
        await page.waitForURL(`${storefront}/pages/terms`);
        await page.getByRole('heading', { level: 1, name: text.terms }).waitFor();
        expect(await page.locator('.shop-page-body ol > li').count()).toBe(4);
        expect(await page.locator('.shop-page-body strong').first().innerText()).toBe('Orders.');
        await expectFitsViewport(page);
        await page.getByRole('link', { name: text.footer }).click();
        await page.waitForURL(`${storefront}/pages/legal-notice`);
        await expectFitsViewport(page);

        // The cart links the terms next to the checkout button.
        await page.goto(storefront);
        await page.getByRole('link', { name: text.product }).first().click();
        await page.getByRole('button', { name: text.add }).click();
        await page.waitForURL(`${storefront}/cart`);
        await expectFitsViewport(page);
        const termsLink = page.locator('form[action="/checkout"] a[href="/pages/terms"]');
        expect(await termsLink.innerText()).toBe(text.terms);
        await termsLink.click();
        await page.waitForURL(`${storefront}/pages/terms`);
        await page.close();
      }
    }
  }, 240_000);

  it('a script typed into a page is shown as text and never runs; the editor fits a phone', async () => {
    const page = await pageAt(390, 'en');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${platform}/login`);
    await page.getByLabel('Email').fill(login.email);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/dashboard/);
    await page.getByRole('link', { name: 'Pages' }).click();
    await page.getByRole('link', { name: 'Privacy' }).click();
    await expectFitsViewport(page);
    await page
      .getByLabel('Text (Markdown)')
      .fill(
        '## We care\n\n<script>alert("pwned")</script>\n\n[click](javascript:alert(1)) <img src=x onerror="alert(2)">',
      );
    await page.getByRole('button', { name: 'Save page' }).click();
    await page.getByText('Page saved.').waitFor();
    await expectFitsViewport(page);
    expect(await page.locator('[data-testid="shop-page-preview"] h3').innerText()).toBe('We care');

    await page.goto(`${storefront}/pages/privacy`);
    const body = page.locator('.shop-page-body');
    await body.getByRole('heading', { name: 'We care' }).waitFor();
    expect(await body.innerText()).toContain('<script>alert("pwned")</script>');
    expect(await body.locator('script, img, [onerror]').count()).toBe(0);
    expect(await body.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await expectFitsViewport(page);
  }, 120_000);
});
