import type Stripe from 'stripe';
import { html, layout, type Html } from './html.js';
import type { PageLocale } from './i18n.js';

/** The methods an `eur` session offers besides cards. */
export const EUR_METHODS = ['sepa_debit', 'ideal', 'bancontact', 'eps', 'p24'] as const;
export const BANK_REDIRECTS: Record<string, string> = {
  ideal: 'iDEAL',
  bancontact: 'Bancontact',
  eps: 'EPS',
  p24: 'Przelewy24',
};

/**
 * Stripe's SEPA Direct Debit test IBANs and what each does after the session completes; `label`
 * is its description's key under `checkout.sepa.outcome` in the pages' catalogs.
 */
export const TEST_IBANS: Record<
  string,
  { outcome: 'succeeded' | 'failed'; later?: boolean; disputed?: boolean; label: string }
> = {
  AT611904300234573201: { outcome: 'succeeded', label: 'succeeds' },
  AT321904300235473204: { outcome: 'succeeded', later: true, label: 'succeedsLater' },
  AT861904300235473202: { outcome: 'failed', label: 'fails' },
  AT051904300235473205: { outcome: 'failed', later: true, label: 'failsLater' },
  AT591904300235473203: { outcome: 'succeeded', disputed: true, label: 'disputed' },
};

/** What the page shows in the `eur` methods: its email and total, the shopper's kept entries. */
export interface EurMethodsView {
  email?: string;
  /** The page's total (shipping included). */
  total?: string;
  kept?: Record<string, string>;
  /**
   * Inside the page's one form (sessions with shipping): no email of their own, and buttons that post
   * the whole form (address and rate included) to the method's route, the server checking it all.
   */
  inPageForm?: boolean;
}

/**
 * The SEPA form and the bank-redirect buttons under the card form (plain forms, no scripts), or,
 * `inPageForm`, their fields and buttons in the page's form.
 */
export function eurMethodsHtml(
  locale: PageLocale,
  session: Stripe.Checkout.Session,
  view: EurMethodsView = {},
): Html {
  const { t } = locale;
  const total = view.total ?? locale.money(session.amount_total ?? 0, session.currency ?? 'eur');
  const value = view.email ?? session.customer_email ?? '';
  const holder = view.kept?.account_holder ?? '';
  const testIbans = html`<p class="hint">
    ${t('checkout.sepa.testIbans')}
    ${Object.entries(TEST_IBANS).map(
      ([iban, test]) => html`<br />${iban} ${t(`checkout.sepa.outcome.${test.label}`)}`,
    )}
  </p>`;
  if (view.inPageForm) {
    // The card fields are `required`: these buttons skip the browser's checks, the server does them.
    const sepa = `/c/pay/${session.id}/sepa`;
    const redirect = `/c/pay/${session.id}/redirect`;
    return html`<h2>${t('checkout.sepa.heading')}</h2>
      <p class="hint">${t('checkout.shipping.otherMethods')}</p>
      <label for="sepa_name">${t('checkout.sepa.holder')}</label>
      <input id="sepa_name" name="account_holder" autocomplete="name" value="${holder}" />
      <label for="iban">${t('checkout.sepa.iban')}</label>
      <input id="iban" name="iban" placeholder="AT61 1904 3002 3457 3201" />
      <p class="hint">${t('checkout.sepa.mandate')}</p>
      <button type="submit" formaction="${sepa}" formnovalidate>
        ${t('checkout.sepa.pay', { amount: total })}
      </button>
      ${testIbans}
      <h2>${t('checkout.bank.heading')}</h2>
      <p class="hint">${t('checkout.shipping.otherMethods')}</p>
      ${Object.entries(BANK_REDIRECTS).map(
        ([method, label]) =>
          html`<button
            class="secondary"
            type="submit"
            formaction="${redirect}"
            formnovalidate
            name="method"
            value="${method}"
          >
            ${t('checkout.bank.payWith', { method: label })}
          </button>`,
      )}`;
  }
  return html`<h2>${t('checkout.sepa.heading')}</h2>
    <form method="post" action="/c/pay/${session.id}/sepa">
      <label for="sepa_email">${t('checkout.sepa.email')}</label>
      <input id="sepa_email" name="email" type="email" required autocomplete="email" value="${value}" />
      <label for="sepa_name">${t('checkout.sepa.holder')}</label>
      <input id="sepa_name" name="account_holder" required autocomplete="name" value="${holder}" />
      <label for="iban">${t('checkout.sepa.iban')}</label>
      <input id="iban" name="iban" required placeholder="AT61 1904 3002 3457 3201" />
      <p class="hint">${t('checkout.sepa.mandate')}</p>
      <button type="submit">${t('checkout.sepa.pay', { amount: total })}</button>
    </form>
    ${testIbans}
    <h2>${t('checkout.bank.heading')}</h2>
    <form method="post" action="/c/pay/${session.id}/redirect">
      <label for="redirect_email">${t('checkout.bank.email')}</label>
      <input id="redirect_email" name="email" type="email" required autocomplete="email" value="${value}" />
      ${Object.entries(BANK_REDIRECTS).map(
        ([method, label]) =>
          html`<button class="secondary" type="submit" name="method" value="${method}">
            ${t('checkout.bank.payWith', { method: label })}
          </button>`,
      )}
    </form>`;
}

/** Stripe's test-mode bank page: authorise or fail the payment. */
export function bankRedirectPage(
  locale: PageLocale,
  piId: string,
  method: string,
  merchant: string,
  total: string,
): string {
  const { t } = locale;
  const label = BANK_REDIRECTS[method] ?? method;
  return layout(
    locale,
    t('checkout.bankPage.title', { method: label }),
    html`<h1>${t('checkout.bankPage.heading', { method: label })}</h1>
      <p>${t('checkout.bankPage.text', { merchant })} <strong data-testid="total">${total}</strong></p>
      <form method="post" action="/_emulator/bank-redirect/${piId}">
        <button type="submit" name="action" value="authorize">${t('checkout.bankPage.authorize')}</button>
        <button class="secondary" type="submit" name="action" value="fail">
          ${t('checkout.bankPage.fail')}
        </button>
      </form>`,
  );
}
