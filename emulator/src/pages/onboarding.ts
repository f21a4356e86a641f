import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { randomToken } from '../ids.js';
import type { LinkRecord } from '../resources/account-links.js';
import { completeOnboarding } from '../resources/accounts.js';
import { Html, html, layout } from './html.js';

const COUNTRIES = ['AT', 'BE', 'CH', 'DE', 'ES', 'FR', 'GB', 'IE', 'IT', 'NL', 'PT', 'US'];

/**
 * The hosted onboarding form of an Account Link (`/connect/onboarding/…`, single use, expires),
 * and the stand-in Express Dashboard a login link opens.
 */
export function registerOnboardingPages(ctx: EmulatorContext): void {
  ctx.page('GET', '/express/{account}/{token}', (req) => {
    const account = ctx.store.find<Stripe.Account>('account', req.pathParams.account)?.value;
    if (!account) return { status: 404, html: layout('Not found', html`<h1>No such account</h1>`) };
    return {
      html: layout(
        'Express Dashboard',
        html`<h1>Express Dashboard</h1>
          <p>${account.business_profile?.name ?? account.id}</p>
          <p class="hint">
            A stand-in for Stripe's Express Dashboard. Balances: <code>GET /_emulator/balances</code>.
          </p>`,
      ),
    };
  });

  const findLink = (token: string) => ctx.store.find<LinkRecord>('account_link', token)?.value;

  ctx.page('GET', '/connect/onboarding/{token}', (req) => {
    const link = findLink(req.pathParams.token);
    if (!link) return { status: 404, html: layout('Link not found', html`<h1>This link is not valid.</h1>`) };
    // Used or expired links send the person to refresh_url, where the platform makes a new one.
    if (link.visited || ctx.clock.now() >= link.expiresAt) return { redirect: link.refreshUrl, status: 302 };
    const account = ctx.store.find<Stripe.Account>('account', link.account)?.value;
    if (!account) return { redirect: link.refreshUrl, status: 302 };
    link.visited = true;
    link.formToken = randomToken();
    ctx.store.touch();
    const country = account.country ?? 'US';
    return {
      html: layout(
        'Set up payments',
        html`<h1>${link.type === 'account_update' ? 'Update your details' : 'Set up payments'}</h1>
          <p class="hint">Account ${account.id}. Test mode: nothing here is verified.</p>
          <form method="post" action="/connect/onboarding/${link.token}">
            <input type="hidden" name="form_token" value="${link.formToken}" />
            <label for="business_name">Business name</label>
            <input
              id="business_name"
              name="business_name"
              required
              value="${account.business_profile?.name ?? ''}"
            />
            <label for="country">Country</label>
            <select id="country" name="country">
              ${COUNTRIES.map((c) => html`<option value="${c}" ${c === country ? new Html(' selected') : ''}>${c}</option>`)}
            </select>
            <label for="bank_account">Bank account (IBAN or account number)</label>
            <input id="bank_account" name="bank_account" required value="DE89370400440532013000" />
            <p class="hint">Use the test IBAN above, or 000123456789.</p>
            <button type="submit" name="action" value="submit">Agree and submit</button>
            <button type="submit" name="action" value="leave" class="secondary" formnovalidate>
              Leave for now
            </button>
          </form>`,
      ),
    };
  });

  ctx.page('POST', '/connect/onboarding/{token}', (req) => {
    const link = findLink(req.pathParams.token);
    if (!link) return { status: 404, html: layout('Link not found', html`<h1>This link is not valid.</h1>`) };
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
      return {
        status: 400,
        html: layout(
          'Missing details',
          html`<p class="error">Business name and bank account are required.</p>`,
        ),
      };
    }
    completeOnboarding(ctx, account, { businessName, country, bankAccount });
    return { redirect: link.returnUrl };
  });
}
