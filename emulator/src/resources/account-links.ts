import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { randomToken } from '../ids.js';
import { str, text } from '../list.js';
import { getAccount } from './accounts.js';

/** An Account Link's emulator-side record (table `account_link`, keyed by its URL token). */
export interface LinkRecord {
  token: string;
  account: string;
  type: 'account_onboarding' | 'account_update';
  refreshUrl: string;
  returnUrl: string;
  created: number;
  expiresAt: number;
  /** Set on the first visit: a link is single use. */
  visited: boolean;
  /** The form rendered on that visit; submitting it once is allowed. */
  formToken?: string;
  submitted?: boolean;
}

/** Account Links last five minutes, as Stripe's. */
export const ACCOUNT_LINK_TTL_SECONDS = 300;

export function registerAccountLinks(ctx: EmulatorContext): void {
  ctx.api('POST', '/v1/account_links', (req) => {
    const p = req.params;
    const account = getAccount(ctx, text(p, 'account'));
    const type = text(p, 'type') as LinkRecord['type'];
    if (type !== 'account_onboarding' && type !== 'account_update') {
      throw errors.invalidEnum('type', ['account_onboarding', 'account_update']);
    }
    const refreshUrl = str(p, 'refresh_url');
    const returnUrl = str(p, 'return_url');
    if (!refreshUrl) throw errors.missing('refresh_url');
    if (!returnUrl) throw errors.missing('return_url');
    for (const [name, value] of [
      ['refresh_url', refreshUrl],
      ['return_url', returnUrl],
    ] as const) {
      if (!/^https?:\/\//.test(value))
        throw errors.invalid('Not a valid URL', { code: 'url_invalid', param: name });
    }
    if (type === 'account_update' && !account.details_submitted) {
      throw errors.invalid(
        'You cannot create `account_update` type Account Links for accounts that have not completed onboarding.',
        { param: 'type' },
      );
    }
    const now = ctx.clock.now();
    const token = randomToken();
    const link: LinkRecord = {
      token,
      account: account.id,
      type,
      refreshUrl,
      returnUrl,
      created: now,
      expiresAt: now + ACCOUNT_LINK_TTL_SECONDS,
      visited: false,
    };
    ctx.store.insert('account_link', null, token, link);
    const result: Stripe.AccountLink = {
      object: 'account_link',
      created: now,
      expires_at: link.expiresAt,
      url: `${ctx.publicUrl()}/connect/onboarding/${token}`,
    };
    return result;
  });

  ctx.api('POST', '/v1/accounts/{account}/login_links', (req) => {
    const account = getAccount(ctx, req.pathParams.account);
    if (account.controller?.stripe_dashboard?.type !== 'express') {
      throw errors.invalid(
        'Cannot create a login link for an account that does not have access to the Express Dashboard.',
        { param: 'account' },
      );
    }
    const result: Stripe.LoginLink = {
      object: 'login_link',
      created: ctx.clock.now(),
      url: `${ctx.publicUrl()}/express/${account.id}/${randomToken(12)}`,
    };
    return result;
  });
}
