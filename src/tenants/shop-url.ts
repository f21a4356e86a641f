import type { AppConfig } from '../config/app-config.js';

/**
 * The public origin of a shop, `http://<slug>.<APP_DOMAIN>:<port>`, with APP_URL's protocol and
 * port. Built from config only: the request's Host header never makes an absolute URL.
 */
export function shopOrigin(config: Pick<AppConfig, 'appUrl' | 'appDomain'>, slug: string): string {
  const app = new URL(config.appUrl);
  return `${app.protocol}//${slug}.${config.appDomain}${app.port ? `:${app.port}` : ''}`;
}
