// Money after payment (a delayed SEPA debit, a refund returning part of the fee, a dispute won, a
// payout), against a running emulator (`npm run emulator` in another terminal):
//   node_modules/.bin/node emulator/examples/money-after-payment.mjs
// Only the `stripe` SDK and the emulator's control routes; the two form posts stand in for the
// person on the hosted onboarding and Checkout pages. Prints the balances at each step.
import Stripe from 'stripe';

const base = process.env.EMULATOR_URL ?? 'http://127.0.0.1:12111';
const url = new URL(base);
const stripe = new Stripe('sk_test_money_after_payment', {
  host: url.hostname,
  port: Number(url.port),
  protocol: 'http',
});
const control = async (path, body = {}) => {
  const res = await fetch(`${base}/_emulator${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
const post = (to, fields) =>
  fetch(to, { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields) });

const eur = (list) => list.find((b) => b.currency === 'eur')?.amount ?? 0;
async function balances(step) {
  const a = await stripe.balance.retrieve({}, { stripeAccount: account.id });
  const p = await stripe.balance.retrieve();
  console.log(
    `${step.padEnd(44)} account available ${String(eur(a.available)).padStart(6)} pending ${String(eur(a.pending)).padStart(6)}` +
      ` | platform available ${String(eur(p.available)).padStart(6)} pending ${String(eur(p.pending)).padStart(6)}`,
  );
}

// An onboarded connected account (the person submits the hosted form).
const account = await stripe.accounts.create({ type: 'standard' });
const link = await stripe.accountLinks.create({
  account: account.id,
  type: 'account_onboarding',
  refresh_url: 'http://127.0.0.1:1/refresh',
  return_url: 'http://127.0.0.1:1/return',
});
const formToken = /name="form_token" value="([^"]+)"/.exec(await (await fetch(link.url)).text())[1];
await post(link.url, {
  form_token: formToken,
  business_name: 'Atelier Lune',
  country: 'FR',
  bank_account: 'FR1420041010050500013M02606',
  action: 'submit',
});
console.log('account', account.id);
await balances('start');

// 1. A delayed SEPA debit that succeeds after three minutes of emulator time.
const stripeAccount = { stripeAccount: account.id };
const session = await stripe.checkout.sessions.create(
  {
    mode: 'payment',
    line_items: [
      { price_data: { currency: 'eur', unit_amount: 5000, product_data: { name: 'Teapot' } }, quantity: 1 },
    ],
    success_url: 'http://127.0.0.1:1/thanks?session={CHECKOUT_SESSION_ID}',
    payment_intent_data: { application_fee_amount: 300 },
  },
  stripeAccount,
);
await post(`${session.url}/sepa`, {
  email: 'ada@example.com',
  account_holder: 'Ada Shopper',
  iban: 'AT321904300235473204',
});
let s = await stripe.checkout.sessions.retrieve(session.id, {}, stripeAccount);
const pi = await stripe.paymentIntents.retrieve(s.payment_intent, {}, stripeAccount);
console.log(`1. SEPA AT32…3204: session ${s.status}/${s.payment_status}, payment intent ${pi.status}`);
await balances('   while the debit is processing');
await control('/clock/advance', { seconds: 180 });
s = await stripe.checkout.sessions.retrieve(session.id, {}, stripeAccount);
const charge = await stripe.charges.retrieve(pi.latest_charge, {}, stripeAccount);
console.log(
  `   after 180 s: session ${s.payment_status}, charge ${charge.status} (5000 − 175 Stripe fee − 300 app fee)`,
);
await balances('   debit succeeded');

// 2. A partial refund that gives the platform's fee back in proportion.
const refund = await stripe.refunds.create(
  { payment_intent: pi.id, amount: 2000, refund_application_fee: true, reason: 'requested_by_customer' },
  stripeAccount,
);
const fee = await stripe.applicationFees.retrieve(charge.application_fee);
console.log(
  `2. refund ${refund.amount} ${refund.status}; application fee refunded ${fee.amount_refunded} of ${fee.amount}`,
);
await balances('   after the refund');

// 3. A dispute on the rest of the charge (3000 + 1500 dispute fee), then won.
const dispute = await control(`/charges/${charge.id}/dispute`, { reason: 'product_not_received' });
console.log(`3. dispute ${dispute.id} ${dispute.status} for ${dispute.amount}`);
await balances('   dispute opened');
await control(`/disputes/${dispute.id}/close`, { outcome: 'won' });
console.log(`   dispute ${(await stripe.disputes.retrieve(dispute.id, {}, stripeAccount)).status}`);
await balances('   dispute won');

// 4. Two days later the funds are available; pay them out.
await control('/clock/advance', { seconds: 2 * 24 * 3600 });
await balances('4. two days later');
const payout = await control(`/accounts/${account.id}/payouts`, { outcome: 'paid' });
console.log(`   payout ${payout.id} ${payout.status} for ${payout.amount}`);
await balances('   after the payout');
const txns = await stripe.balanceTransactions.list({ limit: 20 }, stripeAccount);
console.log(
  '   balance transactions:',
  txns.data
    .map((t) => `${t.type} ${t.net}`)
    .reverse()
    .join(', '),
);
const events = await stripe.events.list({ limit: 40 }, stripeAccount);
console.log(
  '   events:',
  events.data
    .map((e) => e.type)
    .reverse()
    .filter((t) => !t.startsWith('account') && !t.startsWith('capability'))
    .join(', '),
);
