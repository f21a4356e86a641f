import type { EmulatorOptions } from '@comptoir/stripe-emulator';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { launchBrowser } from './browser.js';
import { closeAfterAll } from './cleanup.js';
import { startTestEmulator, type TestEmulator } from './emulator.js';
import { eventually } from './eventually.js';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export interface StripeAppOptions extends Pick<TestAppOptions, 'imports' | 'logDestination'> {
  /** App environment on top of the emulator's URL (and of the defaults below). */
  env?: Record<string, string>;
  /**
   * Real deliveries (default): the app listens, registers its two webhook endpoints on the
   * emulator at boot, and this waits until both point at it. `false`: no endpoint, so Stripe's
   * events never reach the app (it still listens unless `listen: false`).
   */
  webhooks?: boolean;
  /** Listen on a free port (default true; a browser or real webhooks need it). */
  listen?: boolean;
  /** Start the job workers, as `npm start` does (default true). */
  workers?: boolean;
  /** Launch Chromium too (axe-checked, see browser.ts). */
  browser?: boolean;
  /** Options for a fresh emulator. */
  emulator?: EmulatorOptions;
  /** Another app's emulator instead of a fresh one (apps with different settings side by side). */
  sharing?: StripeApp;
  /** With `sharing`: its database too (a second process, or the same data after a restart). */
  sameDatabase?: boolean;
}

export interface StripeApp {
  t: TestApp;
  emu: TestEmulator;
  /** Set with `browser: true`. */
  browser: Browser;
  /** POSTs to the emulator's control API, e.g. `control('/charges/ch_1/dispute', { reason })`. */
  control(path: string, body?: Record<string, unknown>): request.Test;
}

/**
 * The app against a fresh Stripe emulator, the way `npm start` runs it next to Stripe: for every
 * spec that needs the emulator. Everything started is closed after the spec file's last test
 * (call it in a `beforeAll`).
 */
export async function stripeApp(options: StripeAppOptions = {}): Promise<StripeApp> {
  const webhooks = options.webhooks ?? true;
  let emu = options.sharing?.emu;
  if (!emu) {
    const started = await startTestEmulator(options.emulator);
    closeAfterAll(() => started.close());
    emu = started;
  }
  const t = await createTestApp({
    listen: options.listen ?? true,
    workers: options.workers ?? true,
    imports: options.imports,
    logDestination: options.logDestination,
    databaseUrl: options.sameDatabase ? options.sharing?.t.databaseUrl : undefined,
    env: {
      ...emu.env,
      WEBHOOK_ENDPOINT_SETUP: String(webhooks),
      // Specs check out many times from one address; the limit's own specs set theirs.
      CHECKOUT_LIMIT_PER_IP: '1000',
      ...options.env,
    },
  });
  closeAfterAll(() => t.close());
  if (webhooks) await endpointsRegistered(emu, t);
  let browser: Browser | undefined;
  if (options.browser) {
    browser = await launchBrowser();
    closeAfterAll(() => browser!.close());
  }
  return {
    t,
    emu,
    get browser(): Browser {
      if (!browser) throw new Error('stripeApp was started without { browser: true }');
      return browser;
    },
    control: (path, body = {}) => request(emu.emulator.url).post(`/_emulator${path}`).send(body),
  };
}

/** Both of the app's endpoints (platform and Connect) registered on the emulator at its address. */
async function endpointsRegistered(emu: TestEmulator, t: TestApp): Promise<void> {
  const url = `${t.config.appUrl}/webhooks/stripe`;
  await eventually(
    async () => (await emu.stripe.webhookEndpoints.list()).data.filter((e) => e.url === url).length >= 2,
    20_000,
  );
}
