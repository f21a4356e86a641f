import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface FakeEndpoint {
  id: string;
  url: string;
  enabled_events: string[];
  connect: boolean;
  metadata: Record<string, string>;
  status: 'enabled' | 'disabled';
  secret: string;
}

/**
 * Just the `webhook_endpoints` API of Stripe, for specs that run before the emulator exists:
 * form-encoded requests in, Stripe-shaped JSON and `resource_missing` errors out.
 */
export class FakeWebhookEndpoints {
  readonly endpoints = new Map<string, FakeEndpoint>();
  creates = 0;
  private server: Server | undefined;

  async listen(port: number): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const form = new URLSearchParams(body);
    const [, , resource, id] = (req.url ?? '').split('?')[0].split('/');
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': 'req_fake' });
      res.end(JSON.stringify(json));
    };
    if (resource !== 'webhook_endpoints') return send(404, { error: { type: 'invalid_request_error' } });
    const events = [...form.entries()].filter(([k]) => k.startsWith('enabled_events')).map(([, v]) => v);
    if (!id && req.method === 'POST') {
      this.creates++;
      const endpoint: FakeEndpoint = {
        id: `we_${randomBytes(6).toString('hex')}`,
        url: form.get('url') ?? '',
        enabled_events: events,
        connect: form.get('connect') === 'true',
        metadata: Object.fromEntries(
          [...form.entries()].filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v]),
        ),
        status: 'enabled',
        secret: `whsec_${randomBytes(12).toString('hex')}`,
      };
      this.endpoints.set(endpoint.id, endpoint);
      return send(200, { object: 'webhook_endpoint', ...endpoint });
    }
    if (!id && req.method === 'GET') {
      const data = [...this.endpoints.values()].map(({ secret: _secret, ...e }) => ({
        object: 'webhook_endpoint',
        ...e,
      }));
      return send(200, { object: 'list', data, has_more: false, url: '/v1/webhook_endpoints' });
    }
    const endpoint = id ? this.endpoints.get(id) : undefined;
    if (!endpoint) {
      return send(404, {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such webhook endpoint: '${id}'`,
        },
      });
    }
    if (req.method === 'POST') {
      if (form.get('url')) endpoint.url = form.get('url')!;
      if (events.length) endpoint.enabled_events = events;
    }
    const { secret: _secret, ...visible } = endpoint;
    return send(200, { object: 'webhook_endpoint', ...visible });
  }
}
