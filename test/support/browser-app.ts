import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { closeAfterAll } from './cleanup.js';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';

/**
 * The app listening on a free port and Chromium (axe-checked), for browser specs that need no
 * Stripe (those use `stripeApp({ browser: true })`); both closed after the file's last test.
 */
export async function browserApp(
  options: Omit<TestAppOptions, 'listen'> = {},
): Promise<{ t: TestApp; browser: Browser }> {
  const t = await createTestApp({ ...options, listen: true });
  closeAfterAll(() => t.close());
  const browser = await launchBrowser();
  closeAfterAll(() => browser.close());
  return { t, browser };
}
