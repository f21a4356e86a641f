/** The `platform_setting` key under which offline mode keeps its two emulator endpoints. */
export const WEBHOOK_ENDPOINTS_SETTING = 'stripe.webhook_endpoints';

/** `platform`: the platform account's own events; `connect`: events of connected accounts. */
export type WebhookEndpointKind = 'platform' | 'connect';
export const WEBHOOK_ENDPOINT_KINDS: readonly WebhookEndpointKind[] = ['platform', 'connect'];

export interface StoredWebhookEndpoint {
  id: string;
  secret: string;
}
export type StoredWebhookEndpoints = Record<WebhookEndpointKind, StoredWebhookEndpoint>;

/** Path of the one Stripe webhook route; CSRF middleware must skip it (Stripe signs it instead). */
export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';
/** Stripe's events are a few KB; an invoice with many lines can reach a few hundred. */
export const WEBHOOK_BODY_LIMIT = '1mb';

/** Stripe's default, stated so a change in the SDK cannot widen the replay window silently. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
