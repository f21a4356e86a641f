import type { ParamShape } from './param-shape.js';
import { OPERATIONS } from './operation-params.js';
import { CHECKOUT_LOCALES } from './checkout-locales.js';
import { SHIPPING_COUNTRIES } from './shipping-countries.js';
import { SESSION_SHIPPING_OPTIONS, SHIPPING_RATE_PARAMS } from './shipping-rate-params.js';

// Parameters that stripe@23 (API 2026-10-28.endive) sends but the 2023-08-16 spec subset does
// not know, found by comparing the SDK's `*CreateParams` types with operation-params.ts. Nested
// hashes are accepted as free-form maps (`m`) rather than described key by key.
const map: ParamShape = { m: true };
const str: ParamShape = { t: 'string' };
const strings: ParamShape = { a: str };
const int: ParamShape = { t: 'integer' };

export const NEWER_PARAMS: Record<string, Record<string, ParamShape>> = {
  'POST /v1/accounts': {
    // Controller properties replace `type` for new platforms.
    controller: {
      o: {
        fees: { o: { payer: { t: 'string', e: ['account', 'application'] } } },
        losses: { o: { payments: { t: 'string', e: ['application', 'stripe'] } } },
        requirement_collection: { t: 'string', e: ['application', 'stripe'] },
        stripe_dashboard: { o: { type: { t: 'string', e: ['express', 'full', 'none'] } } },
      },
    },
    groups: map,
    // `type` gained 'none' (an account described by its controller only).
    type: { t: 'string', e: ['custom', 'express', 'none', 'standard'] },
  },
  'POST /v1/accounts/{account}': { groups: map },
  'POST /v1/account_links': { collection_options: map },
  'POST /v1/checkout/sessions': {
    adaptive_pricing: map,
    branding_settings: map,
    customer_account: str,
    excluded_payment_method_types: strings,
    integration_identifier: str,
    // The SDK's list replaces the 2023 one (which lacked hi-IN).
    locale: { t: 'string', e: [...CHECKOUT_LOCALES] },
    managed_payments: map,
    name_collection: map,
    optional_items: { a: map },
    origin_context: str,
    payment_method_configuration: str,
    payment_method_data: map,
    permissions: map,
    redirect_on_completion: str,
    return_url: str,
    saved_payment_method_options: map,
    // after_submit came after the 2023 spec.
    custom_text: {
      o: {
        after_submit: { o: { message: str } },
        shipping_address: { o: { message: str } },
        submit: { o: { message: str } },
      },
    },
    // The SDK's list replaces the 2023 one (which lacked SD).
    shipping_address_collection: {
      o: { allowed_countries: { a: { t: 'string', e: [...SHIPPING_COUNTRIES] } } },
      r: ['allowed_countries'],
    },
    // Checked against the SDK's ShippingOption types at compile time (shipping-rate-params.ts).
    shipping_options: SESSION_SHIPPING_OPTIONS,
    ui_mode: { t: 'string', e: ['elements', 'embedded_page', 'form', 'hosted_page'] },
    wallet_options: map,
  },
  // Shipping Rates: the 2023 subset lacks every operation (shipping-rate-params.ts).
  ...SHIPPING_RATE_PARAMS,
  'POST /v1/products': { marketing_features: { a: map }, tax_details: map, type: str },
  'POST /v1/products/{id}': { marketing_features: { a: map }, tax_details: map },
  'POST /v1/prices': { transfer_lookup_key: { t: 'boolean' } },
  'POST /v1/prices/{price}': { transfer_lookup_key: { t: 'boolean' } },
  // Operations the 2023 subset lacks (its paths stop at retrieve); shapes from the SDK's types.
  'GET /v1/disputes': {
    charge: str,
    created: { o: { gt: int, gte: int, lt: int, lte: int } },
    ending_before: str,
    expand: strings,
    limit: int,
    payment_intent: str,
    starting_after: str,
  },
  'POST /v1/disputes/{dispute}/close': { expand: strings },
  'GET /v1/application_fees/{id}/refunds': {
    ending_before: str,
    expand: strings,
    limit: int,
    starting_after: str,
  },
  'GET /v1/application_fees/{fee}/refunds/{id}': { expand: strings },
  // Update an endpoint (the SDK's WebhookEndpointUpdateParams): the 2023 subset lacks it.
  'POST /v1/webhook_endpoints/{webhook_endpoint}': {
    description: str,
    disabled: { t: 'boolean' },
    enabled_events: OPERATIONS['POST /v1/webhook_endpoints'].params.enabled_events,
    expand: strings,
    metadata: map,
    url: str,
  },
};

/** Parameters the spec requires but the current API does not (e.g. success_url for ui_mode). */
export const NOT_REQUIRED_ANY_MORE: Record<string, string[]> = {
  'POST /v1/checkout/sessions': ['success_url'],
};
