import type { Browser } from 'playwright-core';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

describe('landing page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
  });

  it('shows the pitch and the sign-up call to action, styled, on a phone-sized screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    const response = await page.goto(`${t.baseUrl}/`);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toContain('Comptoir');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Your shop');
    const cta = page.getByRole('link', { name: 'Open your shop' });
    expect(await cta.isVisible()).toBe(true);
    // The stylesheet loaded under the CSP: buttons get the accent background.
    const background: string = await cta.evaluate((el: Element) => getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgb(59, 91, 219)');
    // Nothing overflows sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
