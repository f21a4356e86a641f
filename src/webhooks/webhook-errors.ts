import { DomainError, message } from '../common/domain-error.js';

/** The request is not a delivery signed by one of our endpoints: 400, and nothing is stored. */
export class InvalidWebhookSignature extends DomainError {
  readonly kind = 'bad_request';
  readonly code = 'invalid_signature';
  constructor(readonly detail: string) {
    super(message('errors.webhooks.invalidSignature'));
  }
}

/** The inbox could not take the event (database down, …): 503, so Stripe delivers it again. */
export class WebhookInboxUnavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'inbox_unavailable';
  constructor() {
    super(message('errors.webhooks.inboxUnavailable'));
  }
}

/** No signing secret is known yet: 503, so Stripe retries until the setup is done. */
export class WebhooksNotConfigured extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'webhooks_not_configured';
  constructor() {
    super(message('errors.webhooks.notConfigured'));
  }
}
