import type Stripe from 'stripe';
import type { EmulatorContext, PageRequest, PageResponse } from '../context.js';
import { newId, randomToken } from '../ids.js';
import { completeSession, ensurePaymentIntent, successUrl } from '../resources/checkout-sessions.js';
import { redirectDetails, REDIRECT_FAILURE, type RedirectAttempt } from '../resources/delayed-methods.js';
import { failCharge, newCharge, settleCharge, type ChargeMethod } from '../resources/payments.js';
import type { Owner } from '../store.js';
import { checkoutLocale, keptEntries, readShipping, recordShipping, renderCheckout } from './checkout.js';
import { bankRedirectPage, BANK_REDIRECTS, TEST_IBANS } from './eur-methods.js';
import { html, layout } from './html.js';
import { languageFromHeader, pageLocale, type PageLocale } from './i18n.js';

function merchantOf(ctx: EmulatorContext, locale: PageLocale, owner: Owner): string {
  const account = owner ? ctx.store.find<Stripe.Account>('account', owner)?.value : undefined;
  return account?.business_profile?.name ?? locale.t('checkout.testMerchant');
}

function openSession(ctx: EmulatorContext, id: string) {
  const found = ctx.store.find<Stripe.Checkout.Session>('checkout_session', id);
  return found && found.value.status === 'open' && found.value.expires_at > ctx.clock.now()
    ? found
    : undefined;
}

/** A session that is no longer open (or unknown): in its locale if there is one, else the browser's. */
function gone(ctx: EmulatorContext, req: PageRequest): PageResponse {
  const session = ctx.store.find<Stripe.Checkout.Session>('checkout_session', req.pathParams.session)?.value;
  const locale = session
    ? checkoutLocale(session, req.headers)
    : pageLocale(languageFromHeader(req.headers['accept-language']));
  return {
    status: 410,
    html: layout(
      locale,
      locale.t('checkout.expiredTitle'),
      html`<h1>${locale.t('checkout.expiredHeading')}</h1>`,
    ),
  };
}

/** The bank's test page when its payment is not pending; in the session's locale. */
function notPending(locale: PageLocale): PageResponse {
  return {
    status: 404,
    html: layout(
      locale,
      locale.t('notFound.title'),
      html`<h1>${locale.t('checkout.bankPage.notPending')}</h1>`,
    ),
  };
}

/**
 * SEPA Direct Debit: the session completes `unpaid` with the intent `processing` and a `pending`
 * charge (`payment_intent.created`, `payment_intent.processing`, `charge.pending`,
 * `checkout.session.completed`); the debit settles on the emulator's clock (`sepa.settle`). With
 * shipping, the posted address and rate are checked (422, nothing charged) and recorded first, as
 * for a card, so the debit and the session's events carry them.
 */
async function paySepa(
  ctx: EmulatorContext,
  locale: PageLocale,
  owner: Owner,
  session: Stripe.Checkout.Session,
  form: Record<string, string>,
): Promise<PageResponse> {
  const email = (form.email ?? '').trim();
  const holder = (form.account_holder ?? '').trim();
  const iban = (form.iban ?? '').replace(/\s/g, '').toUpperCase();
  const kept = keptEntries(form);
  const fail = (key: string, status = 402): PageResponse => ({
    status,
    html: renderCheckout(ctx, locale, owner, session, locale.t(`checkout.errors.${key}`), email, kept),
  });
  const shipping = readShipping(session, form);
  if ('refusal' in shipping) return fail(shipping.refusal, 422);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) return fail('emailInvalid');
  if (!holder) return fail('holderMissing');
  const test = TEST_IBANS[iban];
  if (!test) return fail('ibanInvalid');
  recordShipping(ctx, owner, session, shipping.choice);
  const pi = ensurePaymentIntent(ctx, owner, session, email);
  const mandate = newId('mandate');
  const method: ChargeMethod = {
    type: 'sepa_debit',
    name: holder,
    email,
    details: {
      type: 'sepa_debit',
      sepa_debit: {
        bank_code: iban.slice(4, 9),
        branch_code: '',
        country: iban.slice(0, 2),
        fingerprint: randomToken(12),
        last4: iban.slice(-4),
        mandate,
      },
    },
  };
  const charge = newCharge(ctx, owner, pi, method, 'pending');
  pi.status = 'processing';
  pi.payment_method = charge.payment_method;
  pi.last_payment_error = null;
  ctx.store.touch();
  ctx.events.emit('payment_intent.processing', pi, { account: owner });
  ctx.events.emit('charge.pending', charge, { account: owner });
  const completed = completeSession(ctx, owner, session, email, holder, 'unpaid');
  ctx.scheduler.schedule(
    'sepa.settle',
    test.later ? ctx.settings.sepaLaterDelaySeconds : ctx.settings.asyncDelaySeconds,
    { charge: charge.id, session: session.id, iban },
  );
  await ctx.webhooks.firstDelivery(completed.id, ctx.settings.completionWaitMs);
  return { redirect: successUrl(session) };
}

/**
 * The `eur` methods on the hosted Checkout page: the SEPA Direct Debit form, and the bank
 * redirects (iDEAL, Bancontact, EPS, Przelewy24) with Stripe's test bank page.
 */
export function registerDelayedMethodPages(ctx: EmulatorContext): void {
  ctx.page('POST', '/c/pay/{session}/sepa', (req) => {
    const found = openSession(ctx, req.pathParams.session);
    if (!found) return gone(ctx, req);
    const locale = checkoutLocale(found.value, req.headers);
    if (found.value.currency !== 'eur')
      return {
        status: 400,
        html: renderCheckout(
          ctx,
          locale,
          found.owner,
          found.value,
          locale.t('checkout.errors.sepaNeedsEuros'),
        ),
      };
    return paySepa(ctx, locale, found.owner, found.value, req.form);
  });

  // Bank redirects: the shipping choice checked and recorded (as for a card), the intent
  // `requires_action` for the whole total, then Stripe's test bank page.
  ctx.page('POST', '/c/pay/{session}/redirect', (req) => {
    const found = openSession(ctx, req.pathParams.session);
    if (!found) return gone(ctx, req);
    const { owner, value: session } = found;
    const locale = checkoutLocale(session, req.headers);
    const method = req.form.method ?? '';
    const email = (req.form.email ?? '').trim();
    const kept = keptEntries(req.form);
    const fail = (status: number, key: string): PageResponse => ({
      status,
      html: renderCheckout(ctx, locale, owner, session, locale.t(`checkout.errors.${key}`), email, kept),
    });
    if (session.currency !== 'eur' || !BANK_REDIRECTS[method]) return fail(400, 'chooseMethod');
    const shipping = readShipping(session, req.form);
    if ('refusal' in shipping) return fail(422, shipping.refusal);
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) return fail(402, 'emailInvalid');
    recordShipping(ctx, owner, session, shipping.choice);
    const pi = ensurePaymentIntent(ctx, owner, session, email);
    const url = `${ctx.publicUrl()}/_emulator/bank-redirect/${pi.id}`;
    pi.status = 'requires_action';
    pi.next_action = {
      type: 'redirect_to_url',
      redirect_to_url: { url, return_url: `${ctx.publicUrl()}/c/pay/${session.id}` },
    };
    ctx.store.insert<RedirectAttempt>('redirect_attempt', owner, pi.id, {
      session: session.id,
      method,
      email,
    });
    ctx.events.emit('payment_intent.requires_action', pi, { account: owner });
    return { redirect: url };
  });

  // The bank's test page speaks the language of the Checkout page that sent the shopper there.
  const attemptLocale = (req: PageRequest, attempt: { owner: Owner; value: RedirectAttempt } | undefined) => {
    const session =
      attempt &&
      ctx.store.get<Stripe.Checkout.Session>('checkout_session', attempt.owner, attempt.value.session);
    return session
      ? checkoutLocale(session, req.headers)
      : pageLocale(languageFromHeader(req.headers['accept-language']));
  };

  ctx.page('GET', '/_emulator/bank-redirect/{intent}', (req) => {
    const found = ctx.store.find<RedirectAttempt>('redirect_attempt', req.pathParams.intent);
    const pi =
      found && ctx.store.get<Stripe.PaymentIntent>('payment_intent', found.owner, req.pathParams.intent);
    const locale = attemptLocale(req, found);
    if (!found || !pi || pi.status !== 'requires_action') return notPending(locale);
    return {
      html: bankRedirectPage(
        locale,
        pi.id,
        found.value.method,
        merchantOf(ctx, locale, found.owner),
        locale.money(pi.amount, pi.currency),
      ),
    };
  });

  ctx.page('POST', '/_emulator/bank-redirect/{intent}', async (req) => {
    const found = ctx.store.find<RedirectAttempt>('redirect_attempt', req.pathParams.intent);
    const pi =
      found && ctx.store.get<Stripe.PaymentIntent>('payment_intent', found.owner, req.pathParams.intent);
    if (!found || !pi || pi.status !== 'requires_action') return notPending(attemptLocale(req, found));
    const { owner, value: attempt } = found;
    const session = ctx.store.get<Stripe.Checkout.Session>('checkout_session', owner, attempt.session)!;
    pi.next_action = null;
    const method: ChargeMethod = {
      type: attempt.method,
      name: 'Jenny Rosen',
      email: attempt.email,
      details: redirectDetails(attempt.method),
    };
    if (req.form.action !== 'authorize') {
      const charge = newCharge(ctx, owner, pi, method, 'failed', REDIRECT_FAILURE);
      failCharge(ctx, owner, pi, charge, REDIRECT_FAILURE);
      return { redirect: `${ctx.publicUrl()}/c/pay/${session.id}?redirect_status=failed` };
    }
    const charge = newCharge(ctx, owner, pi, method, 'succeeded');
    settleCharge(ctx, owner, pi, charge);
    const completed = completeSession(ctx, owner, session, attempt.email, 'Jenny Rosen');
    await ctx.webhooks.firstDelivery(completed.id, ctx.settings.completionWaitMs);
    return { redirect: successUrl(session) };
  });
}
