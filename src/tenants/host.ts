import type { AppConfig } from '../config/app-config.js';
import { slugProblem } from './slug.js';

export type HostKind = { kind: 'platform' } | { kind: 'shop'; slug: string } | { kind: 'unknown' };

/**
 * What a request's host (`host[:port]`, as the client sent it) names: the platform
 * (`config.appHost`), a shop (`<slug>.<APP_DOMAIN>` on the platform's port), or nothing we serve.
 * Pure: the caller decides which header it trusts.
 */
export function classifyHost(
  rawHost: string | undefined,
  config: Pick<AppConfig, 'appUrl' | 'appHost' | 'appDomain'>,
): HostKind {
  if (!rawHost) return { kind: 'unknown' };
  const app = new URL(config.appUrl);
  const defaultPort = app.protocol === 'https:' ? '443' : '80';
  const expectedPort = app.port || defaultPort;
  const match = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(rawHost.trim().toLowerCase());
  if (!match) return { kind: 'unknown' };
  const [, hostname, port = defaultPort] = match;
  if (port !== expectedPort) return { kind: 'unknown' };
  if (hostname === app.hostname) return { kind: 'platform' };
  const suffix = `.${config.appDomain}`;
  if (!hostname.endsWith(suffix)) return { kind: 'unknown' };
  const label = hostname.slice(0, -suffix.length);
  // One label only: `a.b.<domain>` is not a shop, and a label breaking the slug rules never is.
  if (label.includes('.') || slugProblem(label) !== null) return { kind: 'unknown' };
  return { kind: 'shop', slug: label };
}
