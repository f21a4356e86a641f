import type Stripe from 'stripe';
import type { ApiRequest, EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { API_VERSION } from '../events.js';
import { newId, randomToken } from '../ids.js';
import { listOf, mergeMetadata, str, text } from '../list.js';
import type { Params } from '../params.js';

/** Stored endpoints keep their secret and whether they are Connect endpoints. */
type StoredEndpoint = Stripe.WebhookEndpoint & { connect: boolean };

/** The secret is shown once, on creation, as Stripe does. */
function publicView(endpoint: StoredEndpoint): Stripe.WebhookEndpoint {
  const { secret: _secret, connect: _connect, ...rest } = endpoint;
  return rest;
}

function checkUrl(url: string): string {
  if (!/^https?:\/\//.test(url))
    throw errors.invalid('Invalid URL: must be an http(s) URL.', { code: 'url_invalid', param: 'url' });
  return url;
}

function enabledEvents(p: Params): string[] {
  const enabled = Array.isArray(p.enabled_events) ? p.enabled_events.map(String) : [];
  if (!enabled.length) throw errors.missing('enabled_events');
  return enabled;
}

const platformOnly = (req: ApiRequest) => {
  if (req.owner)
    throw errors.invalid('Webhook endpoints belong to the platform: omit the Stripe-Account header.');
};

export function registerWebhookEndpoints(ctx: EmulatorContext): void {
  ctx.api('POST', '/v1/webhook_endpoints', (req) => {
    platformOnly(req);
    const p = req.params;
    const url = checkUrl(text(p, 'url'));
    const enabled = enabledEvents(p);
    const endpoint: StoredEndpoint = {
      id: newId('we'),
      object: 'webhook_endpoint',
      api_version: str(p, 'api_version') ?? API_VERSION,
      application: p.connect === true ? ctx.settings.applicationId : null,
      created: ctx.clock.now(),
      description: str(p, 'description') ?? null,
      enabled_events: enabled,
      livemode: false,
      metadata: mergeMetadata({}, p.metadata),
      secret: `whsec_${randomToken(24)}`,
      status: 'enabled',
      url,
      connect: p.connect === true,
    };
    ctx.store.insert('webhook_endpoint', null, endpoint.id, endpoint);
    return { ...publicView(endpoint), secret: endpoint.secret };
  });
  const get = (id: string) => {
    const endpoint = ctx.store.get<StoredEndpoint>('webhook_endpoint', null, id);
    if (!endpoint) throw errors.notFound('webhook_endpoint', id, 'webhook_endpoint');
    return endpoint;
  };
  // As Stripe: each given field replaces the stored one (metadata merges, '' unsets); `disabled`
  // switches deliveries off and on; the secret stays, and is not shown again.
  ctx.api('POST', '/v1/webhook_endpoints/{webhook_endpoint}', (req) => {
    platformOnly(req);
    const endpoint = get(req.pathParams.webhook_endpoint);
    const p = req.params;
    if (p.url !== undefined) endpoint.url = checkUrl(text(p, 'url'));
    if (p.enabled_events !== undefined) endpoint.enabled_events = enabledEvents(p);
    if (p.description !== undefined) endpoint.description = str(p, 'description') || null;
    if (p.metadata !== undefined) endpoint.metadata = mergeMetadata(endpoint.metadata, p.metadata);
    if (typeof p.disabled === 'boolean') endpoint.status = p.disabled ? 'disabled' : 'enabled';
    ctx.store.touch();
    return publicView(endpoint);
  });
  ctx.api('GET', '/v1/webhook_endpoints/{webhook_endpoint}', (req) =>
    publicView(get(req.pathParams.webhook_endpoint)),
  );
  ctx.api('GET', '/v1/webhook_endpoints', (req) =>
    listOf(
      ctx.store.list<StoredEndpoint>('webhook_endpoint', null).map(publicView),
      req.params,
      '/v1/webhook_endpoints',
    ),
  );
  ctx.api('DELETE', '/v1/webhook_endpoints/{webhook_endpoint}', (req) => {
    const endpoint = get(req.pathParams.webhook_endpoint);
    ctx.store.delete('webhook_endpoint', endpoint.id);
    return {
      id: endpoint.id,
      object: 'webhook_endpoint',
      deleted: true,
    } satisfies Stripe.DeletedWebhookEndpoint;
  });
}
