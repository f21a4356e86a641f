/**
 * The raw baseline of `npm run bench`: node:http + pg + Handlebars templates compiled once at
 * boot, serving the storefront home exactly as the app does: tenant from the Host header (cached
 * 5 s, as TenantService does), one page query for 24 products (the same SQL as
 * StorefrontCatalogService.homePage), the same view model, layout, partials and money helper.
 * No framework, no middleware, no security headers: what the app costs above this is the price
 * of NestJS, express, helmet, logging and the rest.
 *
 * Env: DATABASE_URL, PORT, APP_URL (origin, e.g. http://localhost:3000), APP_DOMAIN.
 * Run with Node's type stripping: `node bench/baseline-server.ts`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const VIEWS = join(import.meta.dirname, '..', 'views');
// The app's own money helper, compiled (`npm run bench` builds first): its source imports its
// neighbours as `.js`, which Node's type stripping cannot resolve to `.ts` files.
const compiled = (path: string) => pathToFileURL(join(import.meta.dirname, '..', 'dist/src', path)).href;
// The app's Handlebars set-up (partials, `t`, `money` by language…), its language names and its
// picture model: the same markup, so the ratio measures the framework, not different pages.
const { configureHandlebars } = (await import(
  compiled('web/views.js')
)) as typeof import('../src/web/views.ts');
const { t } = (await import(compiled('common/i18n.js'))) as typeof import('../src/common/i18n.ts');
const { pictureView } = (await import(
  compiled('catalog/image-variants.js')
)) as typeof import('../src/catalog/image-variants.ts');
const { shopBanner, shopLogo } = (await import(
  compiled('storefront/shop-images.js')
)) as typeof import('../src/storefront/shop-images.ts');
const PAGE_SIZE = 24;
// As src/storefront/storefront-views.ts has them.
const CARD_SIZES = '(min-width: 60rem) 14rem, (min-width: 40rem) 33vw, 50vw';
const EAGER_CARDS = 4;
const SHOP_TTL_MS = 5_000;
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

const appUrl = new URL(process.env.APP_URL ?? 'http://localhost:3000');
const appDomain = process.env.APP_DOMAIN ?? 'localhost';
const port = Number(process.env.PORT ?? 3001);
// The same pool size as TypeORM's default (pg's 10).
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

// The baseline is its own process, so hbs's own Handlebars instance is ours alone.
const Handlebars = configureHandlebars(VIEWS).handlebars;
Handlebars.registerHelper('year', () => new Date().getUTCFullYear());
const layout = Handlebars.compile(readFileSync(join(VIEWS, 'layouts/storefront.hbs'), 'utf8'));
const home = Handlebars.compile(readFileSync(join(VIEWS, 'pages/storefront/home.hbs'), 'utf8'));

interface Shop {
  id: string;
  slug: string;
  name: string;
  brand_colour: string | null;
  logo_path: string | null;
  logo_image: { path: string; width: number; height: number } | null;
  banner_image: { path: string; width: number; height: number } | null;
  description: string;
  can_checkout: boolean;
  languages: string[];
}
interface Row {
  id: string;
  name: string;
  price_amount: number;
  currency: string;
  stock: number | null;
  image_path: string | null;
  image_width: number | null;
  image_height: number | null;
  image_alt: string | null;
  image_version: number | null;
}

const shops = new Map<string, { shop: Shop | null; until: number }>();
async function shopBySlug(slug: string): Promise<Shop | null> {
  const now = Date.now();
  const hit = shops.get(slug);
  if (hit && hit.until > now) return hit.shop;
  const r = await pool.query<Shop>(
    `SELECT id, slug, name, brand_colour, logo_path, logo_image, banner_image, description, languages,
            (suspended_at IS NULL AND stripe_account_id IS NOT NULL AND stripe_disconnected_at IS NULL
             AND stripe_charges_enabled) AS can_checkout
       FROM shop WHERE slug = $1 AND suspended_at IS NULL`,
    [slug],
  );
  const shop = r.rows[0] ?? null;
  shops.set(slug, { shop, until: now + SHOP_TTL_MS });
  return shop;
}

const origin = (slug: string) =>
  `${appUrl.protocol}//${slug}.${appDomain}${appUrl.port ? `:${appUrl.port}` : ''}`;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const slug = host.endsWith(`.${appDomain}`) ? host.slice(0, -appDomain.length - 1) : '';
  const url = new URL(req.url ?? '/', 'http://x');
  const shop = slug && url.pathname === '/' ? await shopBySlug(slug) : null;
  if (!shop) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const pageText = url.searchParams.get('page') ?? '';
  const page = /^\d{1,5}$/.test(pageText) ? Math.max(1, Number(pageText)) : 1;
  const { rows } = await pool.query<Row>(
    `SELECT p.id, p.name, p.price_amount, p.currency, p.stock, i.path AS image_path,
            i.width AS image_width, i.height AS image_height, i.alt AS image_alt,
            i.variant_version AS image_version
         FROM product p
         LEFT JOIN LATERAL (
           SELECT path, width, height, alt, variant_version FROM product_image
            WHERE shop_id = p.shop_id AND product_id = p.id AND position = 0
            LIMIT 1) i ON true
        WHERE p.shop_id = $1 AND p.published AND p.archived_at IS NULL
        ORDER BY p.sort_order, p.id
        LIMIT $2 OFFSET $3`,
    [shop.id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE],
  );
  const items = rows.slice(0, PAGE_SIZE);
  const o = origin(shop.slug);
  const path = page > 1 ? `/?page=${page}` : '/';
  // No negotiation: the bench sends no Accept-Language and no cookie, so the app shows the
  // shop's own language, its first.
  const lang = shop.languages[0] ?? 'en';
  const title = page > 1 ? t(lang, 'storefront.home.page', { page }) : undefined;
  const description = t(lang, 'storefront.home.description', { shop: shop.name });
  const colour = shop.brand_colour && HEX_COLOUR.test(shop.brand_colour) ? shop.brand_colour : null;
  const context = {
    lang,
    // The switcher, as the app shows it for a shop with two languages or more; its CSRF token is
    // random here (no cookie): the app's HMAC-bound token and Set-Cookie are the framework's cost.
    languages:
      shop.languages.length > 1
        ? shop.languages.map((code) => ({ code, name: t(code, 'language.name'), current: code === lang }))
        : undefined,
    currentPath: req.url,
    csrfToken: () => createHash('sha256').update(String(Math.random())).digest('hex'),
    offline: false,
    appUrl: appUrl.origin,
    layout: 'layouts/storefront',
    shop: { name: shop.name, slug: shop.slug },
    title,
    siteName: shop.name,
    metaDescription: description,
    canonicalUrl: `${o}${path}`,
    noindex: false,
    og: {
      title: title ?? shop.name,
      siteName: shop.name,
      description,
      url: `${o}${path}`,
      image: items[0]?.image_path ? `${o}/uploads/${items[0].image_path}` : undefined,
      type: 'website',
    },
    storefront: {
      name: shop.name,
      brandCssHref: colour
        ? `/brand.css?v=${createHash('sha1').update(`2:${colour}`).digest('hex').slice(0, 8)}`
        : null,
      logo: shopLogo(shop.logo_image),
      logoPath:
        !shop.logo_image && shop.logo_path?.startsWith('/') && !shop.logo_path.startsWith('//')
          ? shop.logo_path
          : null,
      cartCount: 0,
      canCheckout: shop.can_checkout,
    },
    banner: page === 1 ? shopBanner(shop.banner_image) : null,
    shopParagraphs: page === 1 ? shop.description.split(/\n\s*\n|\n/).filter((l) => l.trim()) : [],
    products: items.map((p, index) => ({
      id: p.id,
      name: p.name,
      priceAmount: p.price_amount,
      currency: p.currency,
      soldOut: p.stock === 0,
      url: `/products/${p.id}`,
      picture: p.image_path
        ? pictureView(
            {
              path: p.image_path,
              width: p.image_width,
              height: p.image_height,
              alt: p.image_alt,
              variantVersion: p.image_version ?? 0,
            },
            { shape: 'square', sizes: CARD_SIZES, fallbackAlt: p.name, lazy: index >= EAGER_CARDS },
          )
        : null,
    })),
    empty: items.length === 0 && page === 1,
    pager: {
      prevHref: page > 1 ? `/?page=${page - 1}` : null,
      nextHref: rows.length > PAGE_SIZE ? `/?page=${page + 1}` : null,
    },
  };
  const html = layout({ ...context, body: home(context) });
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    vary: 'Accept-Language, Cookie',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    process.stderr.write(`baseline: ${String(err)}\n`);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, () => process.stdout.write(`baseline listening on ${port}\n`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}
