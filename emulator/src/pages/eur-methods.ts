import type Stripe from 'stripe';
import { formatMoney, html, layout, type Html } from './html.js';

/** The methods an `eur` session offers besides cards. */
export const EUR_METHODS = ['sepa_debit', 'ideal', 'bancontact', 'eps', 'p24'] as const;
export const BANK_REDIRECTS: Record<string, string> = {
  ideal: 'iDEAL',
  bancontact: 'Bancontact',
  eps: 'EPS',
  p24: 'Przelewy24',
};

/** Stripe's SEPA Direct Debit test IBANs and what each does after the session completes. */
export const TEST_IBANS: Record<
  string,
  { outcome: 'succeeded' | 'failed'; later?: boolean; disputed?: boolean; label: string }
> = {
  AT611904300234573201: { outcome: 'succeeded', label: 'succeeds after a few seconds' },
  AT321904300235473204: { outcome: 'succeeded', later: true, label: 'succeeds after three minutes' },
  AT861904300235473202: { outcome: 'failed', label: 'fails after a few seconds' },
  AT051904300235473205: { outcome: 'failed', later: true, label: 'fails after three minutes' },
  AT591904300235473203: { outcome: 'succeeded', disputed: true, label: 'succeeds, then is disputed' },
};

/** The SEPA form and the bank-redirect buttons under the card form (plain forms, no scripts). */
export function eurMethodsHtml(session: Stripe.Checkout.Session, email?: string): Html {
  const total = formatMoney(session.amount_total ?? 0, session.currency ?? 'eur');
  const value = email ?? session.customer_email ?? '';
  return html`<h2>Or pay by SEPA Direct Debit</h2>
    <form method="post" action="/c/pay/${session.id}/sepa">
      <label for="sepa_email">Email for the mandate</label>
      <input id="sepa_email" name="email" type="email" required autocomplete="email" value="${value}" />
      <label for="sepa_name">Account holder name</label>
      <input id="sepa_name" name="account_holder" required autocomplete="name" />
      <label for="iban">IBAN</label>
      <input id="iban" name="iban" required placeholder="AT61 1904 3002 3457 3201" />
      <p class="hint">
        By providing your IBAN and confirming this payment, you authorise the merchant and Stripe to send
        instructions to your bank to debit your account (SEPA mandate).
      </p>
      <button type="submit">Pay ${total} by SEPA Direct Debit</button>
    </form>
    <p class="hint">
      Test IBANs: ${Object.entries(TEST_IBANS).map(([iban, t]) => html`<br />${iban} ${t.label}`)}
    </p>
    <h2>Or pay with your bank</h2>
    <form method="post" action="/c/pay/${session.id}/redirect">
      <label for="redirect_email">Email for the bank payment</label>
      <input id="redirect_email" name="email" type="email" required autocomplete="email" value="${value}" />
      ${Object.entries(BANK_REDIRECTS).map(
        ([method, label]) =>
          html`<button class="secondary" type="submit" name="method" value="${method}">
            Pay with ${label}
          </button>`,
      )}
    </form>`;
}

/** Stripe's test-mode bank page: authorise or fail the payment. */
export function bankRedirectPage(piId: string, method: string, merchant: string, total: string): string {
  const label = BANK_REDIRECTS[method] ?? method;
  return layout(
    `${label} test payment`,
    html`<h1>${label} test payment page</h1>
      <p>This is a test payment of <strong data-testid="total">${total}</strong> to ${merchant}.</p>
      <form method="post" action="/_emulator/bank-redirect/${piId}">
        <button type="submit" name="action" value="authorize">Authorize test payment</button>
        <button class="secondary" type="submit" name="action" value="fail">Fail test payment</button>
      </form>`,
  );
}
