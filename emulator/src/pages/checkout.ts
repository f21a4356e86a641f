import type Stripe from 'stripe';
import type { EmulatorContext, PageRequest, PageResponse } from '../context.js';
import {
  applyShipping,
  completeSession,
  ensurePaymentIntent,
  expireDue,
  successUrl,
  type SessionExtra,
  type ShippingChoice,
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
 * sessions the SEPA form and bank-redirect buttons (their posts are in delayed-methods.ts). A session
 * with shipping has one form: the address and rate go with whichever method pays. `error` is already
 * in `locale`'s language; `kept` holds the shopper's entries to show again (`keptEntries`).
 */
export function renderCheckout(
  ctx: EmulatorContext,
  locale: PageLocale,
  owner: Owner,
  session: Stripe.Checkout.Session,
  error?: string,
  email?: string,
  kept: Record<string, string> = {},
): string {
  const { t, money } = locale;
  const account = owner ? ctx.store.find<Stripe.Account>('account', owner)?.value : undefined;
  const merchant =
    account?.business_profile?.name ??
    account?.settings?.dashboard.display_name ??
    t('checkout.testMerchant');
  const extra = ctx.store.get<SessionExtra>('checkout_extra', owner, session.id)!;
  const currency = session.currency ?? 'usd';
  const options = shippingRates(ctx, owner, session);
  const chosen = options.find((o) => o.rate.id === kept.shipping_rate) ?? options[0];
  const total = money((session.amount_subtotal ?? 0) + (chosen?.amount ?? 0), currency);
  const stylesheets = owner ? [`/_emulator/brand/${owner}.css`] : [];
  // With shipping, one form: the SEPA and bank buttons post the address and rate above with them.
  const shipped = hasShipping(session);
  const otherMethods = html`<p class="hint">${t('checkout.testCards')}</p>
    ${currency === 'eur' ? eurMethodsHtml(locale, session, { email, total, kept, inPageForm: shipped }) : ''}`;
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
      ${
        chosen
          ? html`<tr>
              <td>${t('checkout.shipping.line', { name: chosen.rate.display_name ?? '' })}</td>
              <td class="amount" data-testid="shipping-amount">${money(chosen.amount, currency)}</td>
            </tr>`
          : ''
      }
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
      ${session.shipping_address_collection ? addressFields(locale, session, kept) : ''}
      ${options.length ? rateFields(locale, currency, options, chosen.rate.id) : ''}
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
      ${shipped ? otherMethods : ''}
    </form>
    ${shipped ? '' : otherMethods}
    ${
      session.cancel_url
        ? html`<a class="cancel" href="${session.cancel_url}">${t('checkout.back', { merchant })}</a>`
        : ''
    }`;
  return layout(locale, t('checkout.title', { merchant }), body, stylesheets);
}

/** A session's options with their Shipping Rates, in the session's order. */
interface RateOption {
  amount: number;
  rate: Stripe.ShippingRate;
}

function shippingRates(ctx: EmulatorContext, owner: Owner, session: Stripe.Checkout.Session): RateOption[] {
  return session.shipping_options.flatMap((o) => {
    const id = typeof o.shipping_rate === 'string' ? o.shipping_rate : o.shipping_rate.id;
    const rate = ctx.store.get<Stripe.ShippingRate>('shipping_rate', owner, id);
    return rate ? [{ amount: o.shipping_amount, rate }] : [];
  });
}

/** The address block: name, two lines, postal code, city, and a country among the allowed ones. */
function addressFields(
  locale: PageLocale,
  session: Stripe.Checkout.Session,
  kept: Record<string, string>,
): Html {
  const { t } = locale;
  const names = new Intl.DisplayNames([locale.lang], { type: 'region', fallback: 'code' });
  const countries = (session.shipping_address_collection?.allowed_countries ?? [])
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, locale.lang));
  const field = (name: string, label: string, autocomplete: string, required = true) =>
    html`<label for="${name}">${label}</label>
      <input
        id="${name}"
        name="${name}"
        autocomplete="${autocomplete}"
        ${required ? html`required` : ''}
        value="${kept[name] ?? ''}"
      />`;
  return html`<fieldset class="shipping-address">
    <legend>${t('checkout.shipping.address')}</legend>
    ${field('shipping_name', t('checkout.shipping.name'), 'shipping name')}
    ${field('shipping_line1', t('checkout.shipping.line1'), 'shipping address-line1')}
    ${field('shipping_line2', t('checkout.shipping.line2'), 'shipping address-line2', false)}
    <div class="row">
      <div>${field('shipping_postal_code', t('checkout.shipping.postalCode'), 'shipping postal-code')}</div>
      <div>${field('shipping_city', t('checkout.shipping.city'), 'shipping address-level2')}</div>
    </div>
    <label for="shipping_country">${t('checkout.shipping.country')}</label>
    <select id="shipping_country" name="shipping_country" required autocomplete="shipping country">
      ${
        countries.length > 1 && !countries.some((c) => c.code === kept.shipping_country)
          ? html`<option value="">${t('checkout.shipping.chooseCountry')}</option>`
          : ''
      }
      ${countries.map(
        (c) =>
          html`<option value="${c.code}" ${kept.shipping_country === c.code ? html`selected` : ''}>
            ${c.name}
          </option>`,
      )}
    </select>
  </fieldset>`;
}

/** A delivery estimate in the page's language: "3–5 business days", "At least 2 days"… */
function estimateText(locale: PageLocale, estimate: Stripe.ShippingRate.DeliveryEstimate | null): string {
  const { t } = locale;
  const bound = (b: { unit: string; value: number }) =>
    t('checkout.shipping.estimate.bound', {
      count: b.value,
      unit: t(`checkout.shipping.units.${b.unit}`, { count: b.value }),
    });
  const min = estimate?.minimum;
  const max = estimate?.maximum;
  if (min && max) {
    if (min.unit === max.unit && min.value === max.value) return bound(max);
    if (min.unit === max.unit)
      return t('checkout.shipping.estimate.range', {
        min: min.value,
        max: max.value,
        unit: t(`checkout.shipping.units.${max.unit}`, { count: max.value }),
      });
    return t('checkout.shipping.estimate.between', { min: bound(min), max: bound(max) });
  }
  if (min) return t('checkout.shipping.estimate.atLeast', { bound: bound(min) });
  if (max) return t('checkout.shipping.estimate.upTo', { bound: bound(max) });
  return '';
}

/** The options as radios (the chosen one checked) and a submit that recomputes the total. */
function rateFields(locale: PageLocale, currency: string, options: RateOption[], chosen: string): Html {
  const { t, money } = locale;
  return html`<fieldset class="shipping-rates">
    <legend>${t('checkout.shipping.method')}</legend>
    ${options.map(({ amount, rate }, i) => {
      const estimate = estimateText(locale, rate.delivery_estimate);
      return html`<label class="rate" for="shipping_rate_${i}">
        <input
          type="radio"
          id="shipping_rate_${i}"
          name="shipping_rate"
          value="${rate.id}"
          ${rate.id === chosen ? html`checked` : ''}
        />
        <span class="rate-name">${rate.display_name ?? ''}</span>
        <span class="rate-amount"
          >${amount === 0 ? t('checkout.shipping.free') : money(amount, currency)}</span
        >
        ${estimate ? html`<span class="rate-estimate">${estimate}</span>` : ''}
      </label>`;
    })}
    <button class="secondary" type="submit" name="update_total" value="1" formnovalidate>
      ${t('checkout.shipping.updateTotal')}
    </button>
  </fieldset>`;
}

/** Whether the page collects a delivery address or offers shipping options. */
export function hasShipping(session: Stripe.Checkout.Session): boolean {
  return !!session.shipping_address_collection || session.shipping_options.length > 0;
}

/**
 * The shipping fields of a posted form (whatever the payment method), checked: the choice, or the
 * translated refusal's key (`checkout.errors.…`). Without shipping: no rate, no address.
 */
export function readShipping(
  session: Stripe.Checkout.Session,
  form: Record<string, string>,
): { choice: ShippingChoice } | { refusal: string } {
  let rate: string | null = null;
  if (session.shipping_options.length) {
    const ids = session.shipping_options.map((o) =>
      typeof o.shipping_rate === 'string' ? o.shipping_rate : o.shipping_rate.id,
    );
    rate = form.shipping_rate ? form.shipping_rate : ids[0];
    if (!ids.includes(rate)) return { refusal: 'shippingRateInvalid' };
  }
  let details: ShippingChoice['details'] = null;
  const allowed = session.shipping_address_collection?.allowed_countries;
  if (allowed) {
    const value = (name: string) => (form[`shipping_${name}`] ?? '').trim();
    if (!value('name')) return { refusal: 'shippingNameMissing' };
    if (!value('line1')) return { refusal: 'shippingLine1Missing' };
    if (!value('postal_code')) return { refusal: 'shippingPostalCodeMissing' };
    if (!value('city')) return { refusal: 'shippingCityMissing' };
    const country = value('country');
    if (!(allowed as string[]).includes(country)) return { refusal: 'shippingCountryInvalid' };
    details = {
      name: value('name'),
      address: {
        line1: value('line1'),
        line2: value('line2') || null,
        postal_code: value('postal_code'),
        city: value('city'),
        state: null,
        country,
      },
    };
  }
  return { choice: { rate, details } };
}

/**
 * The shopper's choice recorded on the session before a payment (cards, SEPA, bank redirects):
 * the figures the payment, the session and its events carry.
 */
export function recordShipping(
  ctx: EmulatorContext,
  owner: Owner,
  session: Stripe.Checkout.Session,
  choice: ShippingChoice,
): void {
  if (hasShipping(session)) applyShipping(ctx, owner, session, choice);
}

/** The shopper's entries to show again: shipping and the account holder (never card data or IBAN). */
export function keptEntries(form: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form).filter(([k]) => k.startsWith('shipping_') || k === 'account_holder'),
  );
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
    const kept = keptEntries(req.form);
    // "Update total": the page again with the chosen option in its total, nothing checked.
    if (req.form.update_total)
      return { html: renderCheckout(ctx, locale, owner, session, undefined, email, kept) };
    const shipping = readShipping(session, req.form);
    if ('refusal' in shipping)
      return {
        status: 422,
        html: renderCheckout(
          ctx,
          locale,
          owner,
          session,
          locale.t(`checkout.errors.${shipping.refusal}`),
          email,
          kept,
        ),
      };
    const fail = (message: string) => ({
      status: 402,
      html: renderCheckout(ctx, locale, owner, session, message, email, kept),
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
    recordShipping(ctx, owner, session, shipping.choice);
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
