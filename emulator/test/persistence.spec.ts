import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshEmulator, sdk } from './helpers.js';

describe('emulator state under a data dir', () => {
  it('keeps accounts, products and events across a restart; in-memory instances start empty', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
    try {
      const first = await freshEmulator({ dataDir });
      const account = await sdk(first).accounts.create({ type: 'standard' });
      const product = await sdk(first).products.create({ name: 'Kept' }, { stripeAccount: account.id });
      first.advanceClock(60);
      await first.close();

      const second = await freshEmulator({ dataDir });
      const stripe = sdk(second);
      await expect(stripe.accounts.retrieve(account.id)).resolves.toMatchObject({ id: account.id });
      await expect(
        stripe.products.retrieve(product.id, {}, { stripeAccount: account.id }),
      ).resolves.toMatchObject({ name: 'Kept' });
      const events = await stripe.events.list({ type: 'product.created' }, { stripeAccount: account.id });
      expect(events.data).toHaveLength(1);
      expect(second.now() - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(59);
      await second.close();

      const blank = await freshEmulator();
      await expect(sdk(blank).accounts.list()).resolves.toMatchObject({ data: [] });
      await blank.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
