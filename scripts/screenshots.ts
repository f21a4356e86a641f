/**
 * `npm run screenshots`: the README's pictures, taken from the demo shop so they stay current.
 * Starts the built app (`dist/src/main.js`, as `npm start` does) on a scratch data dir and free
 * ports, reads the demo shop's URL and merchant log-in from its start banner, takes phone (390 px)
 * and desktop (1280 px) screenshots of the storefront and the dashboard in Debian's Chromium into
 * docs/screenshots/*.png (palette PNGs, a few tens of KB each), then stops the app (Ctrl-C) and
 * removes the data dir.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import sharp from 'sharp';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BOOT_TIMEOUT_MS = 240_000;
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-screenshots-'));
  // As root, PostgreSQL runs as `postgres` and must pass through it (mkdtemp makes it 0700).
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  let output = '';
  const app = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      EMULATOR_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DEMO_SHOP: 'true',
      STRIPE_SECRET_KEY: '',
    },
  });
  app.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => app.once('exit', () => resolve()));
  try {
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (app.exitCode !== null) throw new Error(`the app exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the app did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const banner = /Demo shop: (\S+)\s+\(merchant log-in: (\S+) \/ (\S+)\)/.exec(output);
    if (!banner) throw new Error(`no demo shop in the banner:\n${output}`);
    const [, storefront, email, password] = banner;
    await shoot(`http://localhost:${port}`, storefront, email, password);
  } finally {
    process.kill(-app.pid!, 'SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function shoot(platform: string, storefront: string, email: string, password: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    for (const [device, viewport] of Object.entries(WIDTHS)) {
      const context = await browser.newContext({ viewport, locale: 'en-GB', deviceScaleFactor: 1 });
      const page = await context.newPage();
      const save = async (name: string) => {
        const png = await page.screenshot();
        const small = await sharp(png).png({ palette: true, quality: 90, compressionLevel: 9 }).toBuffer();
        writeFileSync(join(OUT, `${name}-${device}.png`), small);
        console.log(`docs/screenshots/${name}-${device}.png  ${Math.round(small.length / 1024)} KB`);
      };
      await page.goto(storefront);
      await save('storefront');
      await page.goto(`${storefront}/pages/terms`);
      await save('terms');
      await page.goto(storefront);
      await page.locator('a[href^="/products/"]').first().click();
      await page.locator('form[action="/cart/add"] button[type="submit"]').click();
      await page.waitForURL(/\/cart$/);
      await save('cart');
      await logIn(page, platform, email, password);
      await page.goto(`${platform}/dashboard`);
      await save('dashboard');
      await page.goto(`${platform}/dashboard/orders`);
      await save('orders');
      await page.goto(`${platform}/dashboard/pages/terms`);
      await save('pages-editor');
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

async function logIn(page: Page, platform: string, email: string, password: string): Promise<void> {
  await page.goto(`${platform}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL(/\/dashboard/),
    page.locator('form[action="/login"] button[type="submit"]').click(),
  ]);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
