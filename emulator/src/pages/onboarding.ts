import type Stripe from 'stripe';
import type { EmulatorContext, PageRequest } from '../context.js';
import { randomToken } from '../ids.js';
import type { LinkRecord } from '../resources/account-links.js';
import { completeOnboarding } from '../resources/accounts.js';
import { Html, html, layout } from './html.js';
import { languageFromHeader, pageLocale } from './i18n.js';

const COUNTRIES = ['AT', 'BE', 'CH', 'DE', 'ES', 'FR', 'GB', 'IE', 'IT', 'NL', 'PT', 'US'];

/**
 * The hosted onboarding form of an Account Link (`/connect/onboarding/…`, single use, expires),
 * and the stand-in Express Dashboard a login link opens. Account Links take no locale (as in
 * Stripe): these pages follow the browser's Accept-Language.
 */
export function registerOnboardingPages(ctx: EmulatorContext): void {
  const localeOf = (req: PageRequest) => pageLocale(languageFromHeader(req.headers['accept-language']));

  ctx.page('GET', '/express/{account}/{token}', (req) => {
    const locale = localeOf(req);
    const { t } = locale;
    const account = ctx.store.find<Stripe.Account>('account', req.pathParams.account)?.value;
    if (!account)
      return {
        status: 404,
        html: layout(locale, t('notFound.title'), html`<h1>${t('express.noAccount')}</h1>`),
      };
    return {
      html: layout(
        locale,
        t('express.title'),
        html`<h1>${t('express.title')}</h1>
          <p>${account.business_profile?.name ?? account.id}</p>
          <p class="hint">${t('express.hint')} <code>GET /_emulator/balances</code>.</p>`,
      ),
    };
  });

  const linkNotFound = (req: PageRequest) => {
    const locale = localeOf(req);
    return {
      status: 404,
      html: layout(
        locale,
        locale.t('onboarding.linkNotFound'),
        html`<h1>${locale.t('onboarding.linkInvalid')}</h1>`,
      ),
    };
  };

  const findLink = (token: string) => ctx.store.find<LinkRecord>('account_link', token)?.value;

  ctx.page('GET', '/connect/onboarding/{token}', (req) => {
    const link = findLink(req.pathParams.token);
    if (!link) return linkNotFound(req);
    // Used or expired links send the person to refresh_url, where the platform makes a new one.
    if (link.visited || ctx.clock.now() >= link.expiresAt) return { redirect: link.refreshUrl, status: 302 };
    const account = ctx.store.find<Stripe.Account>('account', link.account)?.value;
    if (!account) return { redirect: link.refreshUrl, status: 302 };
    link.visited = true;
    link.formToken = randomToken();
    ctx.store.touch();
    const country = account.country ?? 'US';
    const locale = localeOf(req);
    const { t } = locale;
    const countryNames = new Intl.DisplayNames([locale.lang], { type: 'region' });
    return {
      html: layout(
        locale,
        t('onboarding.title'),
        html`<h1>${link.type === 'account_update' ? t('onboarding.update') : t('onboarding.title')}</h1>
          <p class="hint">${t('onboarding.account', { id: account.id })}</p>
          <form method="post" action="/connect/onboarding/${link.token}">
            <input type="hidden" name="form_token" value="${link.formToken}" />
            <label for="business_name">${t('onboarding.businessName')}</label>
            <input
              id="business_name"
              name="business_name"
              required
              value="${account.business_profile?.name ?? ''}"
            />
            <label for="country">${t('onboarding.country')}</label>
            <select id="country" name="country">
              ${COUNTRIES.map(
                (c) =>
                  html`<option value="${c}" ${c === country ? new Html(' selected') : ''}>
                    ${countryNames.of(c) ?? c}
                  </option>`,
              )}
            </select>
            <label for="bank_account">${t('onboarding.bankAccount')}</label>
            <input id="bank_account" name="bank_account" required value="DE89370400440532013000" />
            <p class="hint">${t('onboarding.bankHint')}</p>
            <button type="submit" name="action" value="submit">${t('onboarding.submit')}</button>
            <button type="submit" name="action" value="leave" class="secondary" formnovalidate>
              ${t('onboarding.leave')}
            </button>
          </form>`,
      ),
    };
  });

  ctx.page('POST', '/connect/onboarding/{token}', (req) => {
    const link = findLink(req.pathParams.token);
    if (!link) return linkNotFound(req);
    if (!link.formToken || req.form.form_token !== link.formToken || link.submitted) {
      return { redirect: link.refreshUrl };
    }
    link.submitted = true;
    ctx.store.touch();
    if (req.form.action === 'leave') return { redirect: link.returnUrl };
    const account = ctx.store.find<Stripe.Account>('account', link.account)?.value;
    if (!account) return { redirect: link.refreshUrl };
    const businessName = (req.form.business_name ?? '').trim();
    const bankAccount = (req.form.bank_account ?? '').trim();
    const country = COUNTRIES.includes(req.form.country ?? '') ? req.form.country : (account.country ?? 'US');
    if (!businessName || !bankAccount) {
      link.submitted = false;
      const locale = localeOf(req);
      return {
        status: 400,
        html: layout(
          locale,
          locale.t('onboarding.missingTitle'),
          html`<p class="error">${locale.t('onboarding.missing')}</p>`,
        ),
      };
    }
    completeOnboarding(ctx, account, { businessName, country, bankAccount });
    return { redirect: link.returnUrl };
  });
}
