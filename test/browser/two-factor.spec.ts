import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { createAdmin } from '../factories/accounts.js';
import { browserApp } from '../support/browser-app.js';
import type { TestApp } from '../support/test-app.js';

/** A code as the phone would show it `aheadSeconds` from now. */
const codeFor = (secret: string, aheadSeconds = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + aheadSeconds });

async function noHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('two-factor authentication in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    ({ t, browser } = await browserApp());
  });

  for (const width of [390, 1280]) {
    it(`an admin enrols from the banner, logs out, and logs in with password + code (${width} px)`, async () => {
      const who = await createAdmin(t);
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const base = t.baseUrl!;

      await page.goto(`${base}/login`);
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/admin`);
      await page.getByTestId('two-factor-banner').getByRole('link', { name: 'Turn it on' }).click();

      await page.waitForURL(`${base}/account/two-factor`);
      expect(await page.locator('[data-testid=qr] svg').count()).toBe(1);
      const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await noHorizontalScroll(page);
      await page.screenshot({ path: `/tmp/2fa-enrol-${width}.png`, fullPage: true });

      await page.getByLabel('Then enter the code the app shows').fill(await codeFor(secret));
      await page.getByRole('button', { name: 'Turn on' }).click();
      await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
      expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
      await noHorizontalScroll(page);
      await page.screenshot({ path: `/tmp/2fa-recovery-${width}.png`, fullPage: true });
      await page.getByRole('link', { name: 'I have saved them' }).click();
      await page.waitForURL(`${base}/admin`);
      expect(await page.getByTestId('two-factor-banner').count()).toBe(0);

      await page.getByRole('link', { name: 'Account' }).click();
      await page.waitForURL(`${base}/account`);
      expect(await page.getByTestId('two-factor-state').textContent()).toBe('On');
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(/\/login\?out=1$/);

      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/login/two-factor`);
      // Only the second step answers: the back-office is not there yet.
      const admin = await context.newPage();
      expect((await admin.goto(`${base}/admin`))?.status()).toBe(404);
      await admin.close();

      await page.getByLabel('Code').fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('alert').getByText('That code is not valid').waitFor();
      await noHorizontalScroll(page);
      await page.screenshot({ path: `/tmp/2fa-second-step-${width}.png`, fullPage: true });
      // The enrolment's code is spent for its window; the phone's next code (30 s ahead) is
      // within the accepted drift and newer, so it logs in without waiting.
      await page.getByLabel('Code').fill(await codeFor(secret, 30));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(`${base}/admin`);
      await context.close();
    });
  }
});
