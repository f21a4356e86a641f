import type Stripe from 'stripe';
import type { EmulatorContext, PageRequest, PageResponse } from '../context.js';
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
import { html, layout, safeColor, type Html } from './html.js';
import { checkoutLanguage, languageFromHeader, pageLocale, type PageLocale } from './i18n.js';

/** The language of a Checkout page: the session's `locale`, else the browser's (i18n.ts). */
export function checkoutLocale(
  session: Stripe.Checkout.Session,
  headers: PageRequest['headers'],
): PageLocale {
  return pageLocale(checkoutLanguage(session.locale, headers['accept-language']));
}

/**
 * The hosted Checkout page (`/c/pay/cs_test_…`, the session's `url`) in `locale`: line items,
 * total, the connected account's name and brand colour, a card form (test cards), and for `eur`
 * sessions the SEPA form and bank-redirect buttons (their posts are in delayed-methods.ts).
 * `error` is already in `locale`'s language.
 */
export function renderCheckout(
  ctx: EmulatorContext,
  locale: PageLocale,
  owner: Owner,
  session: Stripe.Checkout.Session,
  error?: string,
  email?: string,
): string {
  const { t, money } = locale;
  const account = owner ? ctx.store.find<Stripe.Account>('account', owner)?.value : undefined;
  const merchant =
    account?.business_profile?.name ??
    account?.settings?.dashboard.display_name ??
    t('checkout.testMerchant');
  const extra = ctx.store.get<SessionExtra>('checkout_extra', owner, session.id)!;
  const currency = session.currency ?? 'usd';
  const total = money(session.amount_total ?? 0, currency);
  const stylesheets = owner ? [`/_emulator/brand/${owner}.css`] : [];
  const body = html` <div class="merchant">
      <span class="dot"></span><span data-testid="merchant">${merchant}</span>
    </div>
    <h1>${t('checkout.title', { merchant })}</h1>
    <table class="items">
      ${extra.lineItems.map(
        (li) =>
          html`<tr>
            <td>${li.description ?? t('checkout.item')} × ${li.quantity}</td>
            <td class="amount">${money(li.amount_total, currency)}</td>
          </tr>`,
      )}
    </table>
    <div class="total"><span>${t('checkout.total')}</span><span data-testid="total">${total}</span></div>
    ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
    <form method="post" action="/c/pay/${session.id}">
      <label for="email">${t('checkout.email')}</label>
      <input
        id="email"
        name="email"
        type="email"
        required
        autocomplete="email"
        value="${email ?? session.customer_email ?? ''}"
      />
      <label for="card_number">${t('checkout.cardNumber')}</label>
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
          <label for="card_expiry">${t('checkout.expiry')}</label
          ><input id="card_expiry" name="card_expiry" required placeholder="12 / 34" autocomplete="cc-exp" />
        </div>
        <div>
          <label for="card_cvc">${t('checkout.cvc')}</label
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
      <label for="cardholder_name">${t('checkout.nameOnCard')}</label>
      <input id="cardholder_name" name="cardholder_name" autocomplete="cc-name" />
      ${customMessage(session.custom_text?.submit?.message, 'custom-text-submit')}
      <button type="submit">${t('checkout.pay', { amount: total })}</button>
      ${customMessage(session.custom_text?.after_submit?.message, 'custom-text-after-submit')}
    </form>
    <p class="hint">${t('checkout.testCards')}</p>
    ${currency === 'eur' ? eurMethodsHtml(locale, session, email) : ''}
    ${
      session.cancel_url
        ? html`<a class="cancel" href="${session.cancel_url}">${t('checkout.back', { merchant })}</a>`
        : ''
    }`;
  return layout(locale, t('checkout.title', { merchant }), body, stylesheets);
}

/** The page of a session that is no longer open: paid, or expired. */
/** A `custom_text` message as Stripe shows it: plain text, its http(s) URLs made links. */
function customMessage(message: string | undefined, testId: string): Html | string {
  if (!message) return '';
  const parts = message.split(/(https?:\/\/[^\s<>"]+)/);
  return html`<p class="custom-text" data-testid="${testId}">
    ${parts.map((part, i) =>
      i % 2 === 1 ? html`<a href="${part}" target="_blank" rel="noopener">${part}</a>` : part,
    )}
  </p>`;
}

export function closedCheckoutPage(locale: PageLocale, session: Stripe.Checkout.Session): PageResponse {
  const { t } = locale;
  if (session.status === 'complete')
    return {
      status: 200,
      html: layout(
        locale,
        t('checkout.paidTitle'),
        html`<h1>${t('checkout.paidHeading')}</h1>
          ${session.success_url ? html`<a href="${successUrl(session)}">${t('checkout.continue')}</a>` : ''}`,
      ),
    };
  return {
    status: session.status === 'expired' ? 410 : 200,
    html: layout(
      locale,
      t('checkout.expiredTitle'),
      html`<h1>${t('checkout.expiredHeading')}</h1>
        ${session.cancel_url ? html`<a class="cancel" href="${session.cancel_url}">${t('checkout.return')}</a>` : ''}`,
    ),
  };
}

/** A hosted page that does not exist (no session to take a locale from: the browser's language). */
export function notFoundPage(headers: PageRequest['headers']): PageResponse {
  const locale = pageLocale(languageFromHeader(headers['accept-language']));
  return {
    status: 404,
    html: layout(
      locale,
      locale.t('notFound.title'),
      html`<h1>${locale.t('notFound.heading')}</h1>
        <p>${locale.t('notFound.text')}</p>`,
    ),
  };
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

  ctx.page('GET', '/c/pay/{session}', (req) => {
    const found = find(req.pathParams.session);
    if (!found) return notFoundPage(req.headers);
    expireDue(ctx);
    const session = found.value;
    const locale = checkoutLocale(session, req.headers);
    if (session.status !== 'open') return closedCheckoutPage(locale, session);
    // A bank redirect the shopper failed comes back here, as on Stripe's page.
    const failed = req.query.get('redirect_status') === 'failed';
    return {
      html: renderCheckout(
        ctx,
        locale,
        found.owner,
        session,
        failed ? locale.t('checkout.errors.redirectFailed') : undefined,
      ),
    };
  });

  ctx.page('POST', '/c/pay/{session}', async (req) => {
    const found = find(req.pathParams.session);
    if (!found) return notFoundPage(req.headers);
    expireDue(ctx);
    const { owner, value: session } = found;
    const locale = checkoutLocale(session, req.headers);
    if (session.status !== 'open') return closedCheckoutPage(locale, session);
    const email = (req.form.email ?? '').trim();
    const number = (req.form.card_number ?? '').replace(/[\s-]/g, '');
    const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(req.form.card_expiry ?? '');
    const fail = (message: string) => ({
      status: 402,
      html: renderCheckout(ctx, locale, owner, session, message, email),
    });
    const refuse = (key: string) => fail(locale.t(`checkout.errors.${key}`));
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) return refuse('emailInvalid');
    if (!/^\d{12,19}$/.test(number) || !luhn(number)) return refuse('numberInvalid');
    if (!expiry) return refuse('expiryIncomplete');
    const month = Number(expiry[1]);
    const year = expiry[2].length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2]);
    const nowDate = new Date(ctx.clock.now() * 1000);
    if (
      month < 1 ||
      month > 12 ||
      year < nowDate.getUTCFullYear() ||
      (year === nowDate.getUTCFullYear() && month < nowDate.getUTCMonth() + 1)
    ) {
      return refuse('expiryPast');
    }
    if (!/^\d{3,4}$/.test(req.form.card_cvc ?? '')) return refuse('cvcIncomplete');
    if (!TEST_CARDS[number]) return refuse('notTestCard');
    const pi = ensurePaymentIntent(ctx, owner, session, email);
    const name = (req.form.cardholder_name ?? '').trim() || null;
    const result = chargeCard(ctx, owner, pi, { number, expMonth: month, expYear: year, name, email });
    // The charge keeps Stripe's English message; the shopper reads it in the page's language.
    if (!result.ok)
      return fail(
        locale.t(`checkout.decline.${TEST_CARDS[number].declineCode}`, { defaultValue: result.message }),
      );
    const completed = completeSession(ctx, owner, session, email, name);
    // Stripe waits for the endpoints' answer to checkout.session.completed before redirecting.
    await ctx.webhooks.firstDelivery(completed.id, ctx.settings.completionWaitMs);
    return { redirect: successUrl(session) };
  });
}
