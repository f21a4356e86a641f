import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import {
  completeSession,
  ensurePaymentIntent,
  expireDue,
  successUrl,
  type SessionExtra,
} from '../resources/checkout-sessions.js';
import { chargeCard, TEST_CARDS } from '../resources/payments.js';
import type { Owner } from '../store.js';
import { eurMethodsHtml } from './eur-methods.js';
import { formatMoney, html, layout, safeColor } from './html.js';

/**
 * The hosted Checkout page (`/c/pay/cs_test_…`, the session's `url`): line items, total, the
 * connected account's name and brand colour, a card form (test cards), and for `eur` sessions
 * the SEPA form and bank-redirect buttons (their posts are in delayed-methods.ts).
 */
export function renderCheckout(
  ctx: EmulatorContext,
  owner: Owner,
  session: Stripe.Checkout.Session,
  error?: string,
  email?: string,
): string {
  const account = owner ? ctx.store.find<Stripe.Account>('account', owner)?.value : undefined;
  const merchant =
    account?.business_profile?.name ?? account?.settings?.dashboard.display_name ?? 'Test merchant';
  const extra = ctx.store.get<SessionExtra>('checkout_extra', owner, session.id)!;
  const currency = session.currency ?? 'usd';
  const stylesheets = owner ? [`/_emulator/brand/${owner}.css`] : [];
  const body = html` <div class="merchant">
      <span class="dot"></span><span data-testid="merchant">${merchant}</span>
    </div>
    <h1>Pay ${merchant}</h1>
    <table class="items">
      ${extra.lineItems.map(
        (li) =>
          html`<tr>
            <td>${li.description ?? 'Item'} × ${li.quantity}</td>
            <td class="amount">${formatMoney(li.amount_total, currency)}</td>
          </tr>`,
      )}
    </table>
    <div class="total">
      <span>Total</span><span data-testid="total">${formatMoney(session.amount_total ?? 0, currency)}</span>
    </div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    <form method="post" action="/c/pay/${session.id}">
      <label for="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        required
        autocomplete="email"
        value="${email ?? session.customer_email ?? ''}"
      />
      <label for="card_number">Card number</label>
      <input
        id="card_number"
        name="card_number"
        required
        inputmode="numeric"
        autocomplete="cc-number"
        placeholder="4242 4242 4242 4242"
      />
      <div class="row">
        <div>
          <label for="card_expiry">Expiry (MM / YY)</label
          ><input id="card_expiry" name="card_expiry" required placeholder="12 / 34" autocomplete="cc-exp" />
        </div>
        <div>
          <label for="card_cvc">CVC</label
          ><input
            id="card_cvc"
            name="card_cvc"
            required
            inputmode="numeric"
            placeholder="123"
            autocomplete="cc-csc"
          />
        </div>
      </div>
      <label for="cardholder_name">Name on card</label>
      <input id="cardholder_name" name="cardholder_name" autocomplete="cc-name" />
      <button type="submit">Pay ${formatMoney(session.amount_total ?? 0, currency)}</button>
    </form>
    <p class="hint">
      Test cards: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 has
      insufficient funds; 4000 0000 0000 0259 is disputed; refunds of 4000 0000 0000 5126 fail. Any future
      expiry, any CVC.
    </p>
    ${currency === 'eur' ? eurMethodsHtml(session, email) : ''}
    ${session.cancel_url ? html`<a class="cancel" href="${session.cancel_url}">← Back to ${merchant}</a>` : ''}`;
  return layout(`Pay ${merchant}`, body, stylesheets);
}

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function registerCheckoutPage(ctx: EmulatorContext): void {
  const find = (id: string) => ctx.store.find<Stripe.Checkout.Session>('checkout_session', id);

  ctx.page('GET', '/_emulator/brand/{account}.css', (req) => {
    const account = ctx.store.find<Stripe.Account>('account', req.pathParams.account)?.value;
    const color = safeColor(account?.settings?.branding?.primary_color);
    return { css: color ? `:root { --brand: ${color}; }\n` : '' };
  });

  const closedPage = (session: Stripe.Checkout.Session) =>
    session.status === 'complete'
      ? layout(
          'Paid',
          html`<h1>This payment is complete.</h1>
            ${session.success_url ? html`<a href="${successUrl(session)}">Continue</a>` : ''}`,
        )
      : layout(
          'Expired',
          html`<h1>This Checkout Session is no longer active.</h1>
            ${session.cancel_url ? html`<a class="cancel" href="${session.cancel_url}">Return</a>` : ''}`,
        );

  ctx.page('GET', '/c/pay/{session}', (req) => {
    const found = find(req.pathParams.session);
    if (!found)
      return {
        status: 404,
        html: layout(
          'Not found',
          html`<h1>Something went wrong</h1>
            <p>This page is not available.</p>`,
        ),
      };
    expireDue(ctx);
    const session = found.value;
    if (session.status !== 'open')
      return { status: session.status === 'expired' ? 410 : 200, html: closedPage(session) };
    // A bank redirect the shopper failed comes back here, as on Stripe's page.
    const failed = req.query.get('redirect_status') === 'failed';
    return {
      html: renderCheckout(
        ctx,
        found.owner,
        session,
        failed
          ? 'We are unable to authenticate your payment method. Please choose a different payment method and try again.'
          : undefined,
      ),
    };
  });

  ctx.page('POST', '/c/pay/{session}', async (req) => {
    const found = find(req.pathParams.session);
    if (!found) return { status: 404, html: layout('Not found', html`<h1>Something went wrong</h1>`) };
    expireDue(ctx);
    const { owner, value: session } = found;
    if (session.status !== 'open')
      return { status: session.status === 'expired' ? 410 : 200, html: closedPage(session) };
    const email = (req.form.email ?? '').trim();
    const number = (req.form.card_number ?? '').replace(/[\s-]/g, '');
    const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(req.form.card_expiry ?? '');
    const fail = (message: string) => ({
      status: 402,
      html: renderCheckout(ctx, owner, session, message, email),
    });
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) return fail('Your email address is invalid.');
    if (!/^\d{12,19}$/.test(number) || !luhn(number)) return fail('Your card number is invalid.');
    if (!expiry) return fail("Your card's expiration date is incomplete.");
    const month = Number(expiry[1]);
    const year = expiry[2].length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2]);
    const nowDate = new Date(ctx.clock.now() * 1000);
    if (
      month < 1 ||
      month > 12 ||
      year < nowDate.getUTCFullYear() ||
      (year === nowDate.getUTCFullYear() && month < nowDate.getUTCMonth() + 1)
    ) {
      return fail("Your card's expiration date is in the past.");
    }
    if (!/^\d{3,4}$/.test(req.form.card_cvc ?? '')) return fail("Your card's security code is incomplete.");
    if (!TEST_CARDS[number]) {
      return fail(
        'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
      );
    }
    const pi = ensurePaymentIntent(ctx, owner, session, email);
    const name = (req.form.cardholder_name ?? '').trim() || null;
    const result = chargeCard(ctx, owner, pi, { number, expMonth: month, expYear: year, name, email });
    if (!result.ok) return fail(result.message);
    const completed = completeSession(ctx, owner, session, email, name);
    // Stripe waits for the endpoints' answer to checkout.session.completed before redirecting.
    await ctx.webhooks.firstDelivery(completed.id, ctx.settings.completionWaitMs);
    return { redirect: successUrl(session) };
  });
}
