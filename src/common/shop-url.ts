// Parsed once per APP_URL: every storefront page builds several shop URLs.
const parsedAppUrls = new Map<string, { protocol: string; port: string }>();

/**
 * The public origin of a shop, `http://<slug>.<APP_DOMAIN>:<port>`, with APP_URL's protocol and
 * port. Built from config only: the request's Host header never makes an absolute URL.
 */
export function shopOrigin(
  config: { readonly appUrl: string; readonly appDomain: string },
  slug: string,
): string {
  let app = parsedAppUrls.get(config.appUrl);
  if (!app) {
    const url = new URL(config.appUrl);
    app = { protocol: url.protocol, port: url.port };
    parsedAppUrls.set(config.appUrl, app);
  }
  return `${app.protocol}//${slug}.${config.appDomain}${app.port ? `:${app.port}` : ''}`;
}
