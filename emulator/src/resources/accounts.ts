import type Stripe from 'stripe';
import type { ApiRequest, EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { previousAttributes } from '../events.js';
import { newId } from '../ids.js';
import { hash, listOf, mergeMetadata, str } from '../list.js';
import type { Param, Params } from '../params.js';

/** What a new account must still provide before it can take payments (test-mode flavour). */
export const ONBOARDING_REQUIREMENTS = [
  'business_profile.name',
  'business_profile.url',
  'business_type',
  'external_account',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

/** Emulator-only facts about an account (table `account_state`). */
export interface AccountState {
  deauthorized?: boolean;
}

export function getAccount(ctx: EmulatorContext, id: string): Stripe.Account {
  const account = ctx.store.get<Stripe.Account>('account', null, id);
  const state = ctx.store.find<AccountState>('account_state', id)?.value;
  if (state?.deauthorized) throw errors.accountInvalid(id);
  if (!account) throw errors.notFound('account', id, 'account');
  return account;
}

function requirements(due: string[]): Stripe.Account.Requirements {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: [...due],
    disabled_reason: due.length ? 'requirements.past_due' : null,
    errors: [],
    eventually_due: [...due],
    past_due: [...due],
    pending_verification: [],
  };
}

function typeFromController(controller: Params | undefined): Stripe.Account.Type {
  const dashboard = hash(controller, 'stripe_dashboard')?.type;
  const payer = hash(controller, 'fees')?.payer;
  const losses = hash(controller, 'losses')?.payments;
  if (dashboard === 'full' && payer !== 'application' && losses !== 'application') return 'standard';
  if (dashboard === 'express') return 'express';
  if (dashboard === 'none' && controller?.requirement_collection === 'application') return 'custom';
  return 'none';
}

function controllerOf(type: Stripe.Account.Type, params: Params | undefined): Stripe.Account.Controller {
  const dashboard =
    (hash(params, 'stripe_dashboard')?.type as string | undefined) ??
    (type === 'standard' ? 'full' : type === 'express' ? 'express' : 'none');
  const payer =
    (hash(params, 'fees')?.payer as string | undefined) ?? (type === 'standard' ? 'account' : 'application');
  return {
    fees: { payer: payer },
    is_controller: true,
    losses: {
      payments:
        (hash(params, 'losses')?.payments as string | undefined) ??
        (type === 'standard' ? 'stripe' : 'application'),
    },
    requirement_collection:
      (params?.requirement_collection as string | undefined) ??
      (type === 'custom' ? 'application' : 'stripe'),
    stripe_dashboard: { type: dashboard },
    type: 'application',
  };
}

function deepMerge<T>(target: T, patch: Param | undefined): T {
  if (patch === undefined) return target;
  const out = { ...(target as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, Param>)) {
    if (v === '') out[k] = null;
    else if (typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object' && out[k] !== null)
      out[k] = deepMerge(out[k], v);
    else out[k] = v;
  }
  return out as T;
}

function capabilitiesFrom(params: Params | undefined): Stripe.Account.Capabilities {
  const out: Record<string, 'active' | 'inactive' | 'pending'> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if ((value as Params)?.requested === true) out[name] = 'inactive';
  }
  if (!Object.keys(out).length) Object.assign(out, { card_payments: 'inactive', transfers: 'inactive' });
  return out;
}

export function capabilityObject(account: Stripe.Account, name: string, now: number): Stripe.Capability {
  const status = (account.capabilities as Record<string, string> | undefined)?.[name] ?? 'inactive';
  const due = account.requirements?.currently_due ?? [];
  return {
    id: name,
    object: 'capability',
    account: account.id,
    future_requirements: {
      alternatives: [],
      current_deadline: null,
      currently_due: [],
      disabled_reason: null,
      errors: [],
      eventually_due: [],
      past_due: [],
      pending_verification: [],
    },
    requested: true,
    requested_at: account.created ?? now,
    requirements: {
      alternatives: [],
      current_deadline: null,
      currently_due: due,
      disabled_reason: due.length ? 'requirements.past_due' : null,
      errors: [],
      eventually_due: due,
      past_due: due,
      pending_verification: [],
    },
    status: status,
  };
}

function createAccount(ctx: EmulatorContext, req: ApiRequest): Stripe.Account {
  const p = req.params;
  const controllerParams = hash(p, 'controller');
  if (p.type && controllerParams) {
    throw errors.invalid('You cannot specify both `type` and `controller`.', { param: 'type' });
  }
  const type = str(p, 'type') ?? typeFromController(controllerParams);
  const id = newId('acct', 16);
  const now = ctx.clock.now();
  const businessProfile = deepMerge<Stripe.Account.BusinessProfile>(
    {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      specified_commercial_transactions_act_url: null,
      name: null,
      product_description: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    p.business_profile,
  );
  const settings = deepMerge<Stripe.Account.Settings>(
    {
      bacs_debit_payments: { display_name: null, service_user_number: null },
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_issuing: { tos_acceptance: { date: null, ip: null } },
      card_payments: {
        decline_on: { avs_failure: false, cvc_failure: false },
        statement_descriptor_prefix: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      dashboard: { display_name: businessProfile.name ?? null, timezone: 'Etc/UTC' },
      invoices: { default_account_tax_ids: null, hosted_payment_method_save: 'offer' },
      payments: {
        statement_descriptor: null,
        statement_descriptor_kana: null,
        statement_descriptor_kanji: null,
      },
      payouts: {
        debit_negative_balances: true,
        schedule: { delay_days: 2, interval: 'daily' },
        statement_descriptor: null,
      },
      sepa_debit_payments: {},
    } as Stripe.Account.Settings,
    p.settings,
  );
  const account: Stripe.Account = {
    id,
    object: 'account',
    business_profile: businessProfile,
    business_type: str(p, 'business_type') ?? null,
    capabilities: capabilitiesFrom(hash(p, 'capabilities')),
    charges_enabled: false,
    controller: controllerOf(type, controllerParams),
    country: str(p, 'country') ?? 'US',
    created: now,
    default_currency: str(p, 'default_currency') ?? defaultCurrency(str(p, 'country') ?? 'US'),
    details_submitted: false,
    email: str(p, 'email') ?? null,
    external_accounts: {
      object: 'list',
      data: [],
      has_more: false,
      url: `/v1/accounts/${id}/external_accounts`,
    },
    future_requirements: requirements([]),
    metadata: mergeMetadata({}, p.metadata),
    payouts_enabled: false,
    requirements: requirements(ONBOARDING_REQUIREMENTS),
    settings,
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type,
  };
  account.future_requirements!.disabled_reason = null;
  // Stripe has no `account.created` event: the platform learns of changes from account.updated.
  ctx.store.insert('account', null, id, account);
  return account;
}

function defaultCurrency(country: string): string {
  const map: Record<string, string> = { US: 'usd', GB: 'gbp', CA: 'cad', AU: 'aud', JP: 'jpy', CH: 'chf' };
  return map[country.toUpperCase()] ?? 'eur';
}

/** Applies a change to an account and emits `account.updated` with `previous_attributes`. */
export function changeAccount(
  ctx: EmulatorContext,
  account: Stripe.Account,
  change: (a: Stripe.Account) => void,
): void {
  const before = structuredClone(account);
  change(account);
  const previous = previousAttributes(before, account);
  ctx.store.touch();
  if (previous)
    ctx.events.emit('account.updated', account, { account: account.id, previousAttributes: previous });
}

function updateAccount(ctx: EmulatorContext, req: ApiRequest): Stripe.Account {
  const account = getAccount(ctx, req.pathParams.account);
  const p = req.params;
  changeAccount(ctx, account, (a) => {
    if (p.business_profile !== undefined)
      a.business_profile = deepMerge(a.business_profile, p.business_profile);
    if (p.settings !== undefined) a.settings = deepMerge(a.settings, p.settings);
    if (p.metadata !== undefined) a.metadata = mergeMetadata(a.metadata, p.metadata);
    if (p.email !== undefined) a.email = str(p, 'email') ?? null;
    if (p.business_type !== undefined) a.business_type = str(p, 'business_type') ?? null;
    if (p.default_currency !== undefined) a.default_currency = str(p, 'default_currency');
    if (p.capabilities !== undefined) {
      const caps = { ...(a.capabilities as Record<string, string>) };
      for (const [name, value] of Object.entries(hash(p, 'capabilities') ?? {})) {
        if ((value as Params).requested === true && !caps[name])
          caps[name] = a.charges_enabled ? 'active' : 'inactive';
        if ((value as Params).requested === false) delete caps[name];
      }
      a.capabilities = caps;
    }
    if (p.tos_acceptance !== undefined) a.tos_acceptance = deepMerge(a.tos_acceptance, p.tos_acceptance);
  });
  return account;
}

/**
 * What the onboarding form does: the account becomes able to charge and pay out, its
 * requirements clear, its capabilities turn active; Stripe's events follow.
 */
export function completeOnboarding(
  ctx: EmulatorContext,
  account: Stripe.Account,
  form: { businessName: string; country: string; bankAccount: string; url?: string },
): void {
  const now = ctx.clock.now();
  const last4 = form.bankAccount.replace(/\s/g, '').slice(-4);
  const bank = {
    id: newId('ba'),
    object: 'bank_account',
    account: account.id,
    account_holder_name: form.businessName,
    account_holder_type: 'company',
    account_type: null,
    available_payout_methods: ['standard'],
    bank_name: 'STRIPE TEST BANK',
    country: form.country,
    currency: account.default_currency ?? 'eur',
    default_for_currency: true,
    fingerprint: newId('fp', 16).slice(3),
    future_requirements: { currently_due: [], errors: [], past_due: [], pending_verification: [] },
    last4,
    metadata: {},
    requirements: { currently_due: [], errors: [], past_due: [], pending_verification: [] },
    routing_number: '110000000',
    status: 'new',
  } as unknown as Stripe.BankAccount;
  const beforeCaps = { ...(account.capabilities as Record<string, string>) };
  changeAccount(ctx, account, (a) => {
    a.business_profile = {
      ...a.business_profile!,
      name: form.businessName,
      url: a.business_profile?.url ?? form.url ?? null,
    };
    if (a.settings) a.settings.dashboard.display_name = form.businessName;
    a.country = form.country;
    a.business_type = a.business_type ?? 'company';
    a.details_submitted = true;
    a.charges_enabled = true;
    a.payouts_enabled = true;
    a.requirements = requirements([]);
    a.tos_acceptance = { date: now, ip: '127.0.0.1', user_agent: 'Mozilla/5.0 (emulator)' };
    a.external_accounts = { ...a.external_accounts!, data: [bank] };
    const caps: Record<string, string> = {};
    for (const name of Object.keys(beforeCaps)) caps[name] = 'active';
    a.capabilities = caps;
  });
  ctx.events.emit('account.external_account.created', bank, { account: account.id });
  for (const [name, status] of Object.entries(beforeCaps)) {
    if (status === 'active') continue;
    ctx.events.emit('capability.updated', capabilityObject(account, name, now), {
      account: account.id,
      previousAttributes: { status },
    });
  }
}

export function registerAccounts(ctx: EmulatorContext): void {
  ctx.expandable('acct', 'account');
  ctx.api('POST', '/v1/accounts', (req) => createAccount(ctx, req));
  ctx.api('GET', '/v1/accounts/{account}', (req) => getAccount(ctx, req.pathParams.account));
  ctx.api('POST', '/v1/accounts/{account}', (req) => updateAccount(ctx, req));
  ctx.api('GET', '/v1/accounts', (req) =>
    listOf(
      ctx.store
        .list<Stripe.Account>('account', null)
        .filter((a) => !ctx.store.find<AccountState>('account_state', a.id)?.value.deauthorized),
      req.params,
      '/v1/accounts',
    ),
  );
  ctx.api('DELETE', '/v1/accounts/{account}', (req) => {
    const account = getAccount(ctx, req.pathParams.account);
    ctx.store.delete('account', account.id);
    return { id: account.id, object: 'account', deleted: true } satisfies Stripe.DeletedAccount;
  });
  ctx.api('GET', '/v1/accounts/{account}/capabilities', (req) => {
    const account = getAccount(ctx, req.pathParams.account);
    const caps = Object.keys(account.capabilities ?? {}).map((n) =>
      capabilityObject(account, n, ctx.clock.now()),
    );
    return { object: 'list', data: caps, has_more: false, url: `/v1/accounts/${account.id}/capabilities` };
  });
}
