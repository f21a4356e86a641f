import { submitHostedOnboarding } from '@comptoir/stripe-emulator';
import type pg from 'pg';
import Stripe from 'stripe';
import type { BenchShop } from './seed.ts';
import { log } from './util.ts';

/** The checkout shop gets a connected account (and a Price) on the emulator, charges enabled. */
export async function connectCheckoutShop(
  db: pg.Client,
  emulatorUrl: string,
  shop: BenchShop,
): Promise<void> {
  const url = new URL(emulatorUrl);
  const stripe = new Stripe('sk_test_bench', {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
  });
  try {
    const account = await stripe.accounts.create({ type: 'standard', country: 'FR', email: shop.email });
    // The emulator, like Stripe, refuses Checkout Sessions until the account's onboarding is done.
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: `${emulatorUrl}/refresh`,
      return_url: `${emulatorUrl}/return`,
    });
    await submitHostedOnboarding(link.url, { businessName: shop.slug });
    const onboarded = await stripe.accounts.retrieve(account.id);
    if (!onboarded.charges_enabled) throw new Error('the emulator account did not get charges enabled');
    await db.query(
      `UPDATE shop SET stripe_account_id = $2, stripe_charges_enabled = true, stripe_details_submitted = true,
                       stripe_payouts_enabled = true WHERE id = $1`,
      [shop.id, account.id],
    );
    const products = await db.query<{ id: string; name: string; price_amount: number }>(
      'SELECT id, name, price_amount FROM product WHERE shop_id = $1',
      [shop.id],
    );
    for (const p of products.rows) {
      const product = await stripe.products.create(
        { name: p.name, default_price_data: { currency: 'eur', unit_amount: p.price_amount } },
        { stripeAccount: account.id },
      );
      await db.query(
        `UPDATE product SET stripe_product_id = $2, stripe_price_id = $3, stripe_price_amount = $4 WHERE id = $1`,
        [p.id, product.id, product.default_price as string, p.price_amount],
      );
      await db.query(
        `UPDATE product_variant SET stripe_product_id = $2, stripe_price_id = $3, stripe_price_amount = $4
          WHERE product_id = $1`,
        [p.id, product.id, product.default_price as string, p.price_amount],
      );
    }
  } catch (err) {
    log(`could not connect the checkout shop on the emulator: ${String(err)}`);
  }
}
