import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { StorefrontCatalogService } from '../catalog/storefront-catalog.service.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { CurrentShop, SHOP_ROUTES_PREFIX } from '../tenants/host-routing.js';
import { shopOrigin } from '../common/shop-url.js';
import { t } from '../common/i18n.js';
import type { CartLine } from './cart-cookie.js';
import { CartCookieStore } from './cart-cookie-store.js';
import { languageOf, storefrontFrame, type StorefrontPage } from './storefront-frame.js';
import { shareableImageUrl } from '../catalog/image-variants.js';
import {
  brandCss,
  homePager,
  productCard,
  productDetail,
  robotsTxt,
  variantOfValues,
  sitemapXml,
  summary,
} from './storefront-views.js';
import { CartService } from './cart.service.js';
import { CartLineForm } from './dto/cart-forms.dto.js';
import { BrandCssQuery, CartQuery, HomeQuery, ProductQuery } from './dto/storefront-queries.dto.js';
import { UuidParam } from '../web/validation.pipe.js';
import { ProductNotFound } from '../catalog/catalog.errors.js';

/**
 * Shopper pages. Routes here answer on `<slug>.<APP_DOMAIN>` only: HostRouting rewrites shop-host
 * URLs under SHOP_ROUTES_PREFIX and refuses that prefix on the platform host. No session is read
 * here; the cart is a signed, host-only cookie bound to the shop id. Absolute URLs (canonical,
 * Open Graph, sitemap) come from config, never from the Host header.
 */
@Controller(SHOP_ROUTES_PREFIX)
export class StorefrontController {
  private readonly cartStore: CartCookieStore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: StorefrontCatalogService,
    private readonly carts: CartService,
  ) {
    this.cartStore = new CartCookieStore(config);
  }

  @Get()
  async home(
    @CurrentShop() shop: ShopContext,
    @Query() query: HomeQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const page = query.page ?? 1;
    const result = await this.catalog.homePage(shop, page);
    const origin = shopOrigin(this.config, shop.slug);
    const lang = languageOf(res);
    res.render('pages/storefront/home', {
      ...this.frame(shop, req, {
        title: page > 1 ? t(lang, 'storefront.home.page', { page }) : undefined,
        path: page > 1 ? `/?page=${page}` : '/',
        description: t(lang, 'storefront.home.description', { shop: shop.name }),
        image: result.items[0]?.image ? shareableImageUrl(origin, result.items[0].image) : undefined,
      }),
      products: result.items.map((p, index) => productCard(p, index)),
      empty: result.items.length === 0 && page === 1,
      pager: homePager(result.page, result.hasNext),
    });
  }

  @Get('products/:id')
  async product(
    @CurrentShop() shop: ShopContext,
    @Param('id', UuidParam) id: string,
    @Query() query: ProductQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const product = await this.catalog.product(shop, id);
    // A variant of another product or shop (or one no longer sold) is not found, as its product would be.
    if (query.variant && !product.variants.some((v) => v.id === query.variant)) throw new ProductNotFound();
    const picked = [query.option1, query.option2, query.option3].slice(0, product.options.length);
    if (product.options.length && picked.some((v) => v !== undefined)) {
      // The picker's form (no script): the chosen combination gets its own, shareable URL.
      const variant = variantOfValues(product, picked);
      return res.redirect(303, `/products/${product.id}${variant ? `?variant=${variant.id}` : ''}`);
    }
    const origin = shopOrigin(this.config, shop.slug);
    res.render('pages/storefront/product', {
      ...this.frame(shop, req, {
        title: product.name,
        path: `/products/${product.id}`,
        description:
          summary(product.description) ||
          t(languageOf(res), 'storefront.product.description', { product: product.name, shop: shop.name }),
        image: product.image ? shareableImageUrl(origin, product.image) : undefined,
        type: 'product',
      }),
      product: productDetail(product, query.variant),
    });
  }

  @Get('cart')
  async cart(
    @CurrentShop() shop: ShopContext,
    @Query() { cancelled }: CartQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const view = await this.carts.view(shop, this.readCart(shop, req));
    res.setHeader('Cache-Control', 'no-store');
    res.render('pages/storefront/cart', {
      ...this.frame(shop, req, {
        title: t(languageOf(res), 'storefront.cart.title'),
        path: '/cart',
        noindex: true,
      }),
      // Two variants of one product are two lines: the quantity field's id must tell them apart.
      lines: view.lines.map((l) => ({
        ...l,
        lineKey: l.variantId ?? l.product.id,
        product: {
          ...productCard(l.product),
          // A variant's line links to that variant on the product page.
          ...(l.variantId ? { url: `/products/${l.product.id}?variant=${l.variantId}` } : {}),
        },
      })),
      count: view.count,
      total: view.total,
      currency: view.currency,
      canCheckout: shop.canCheckout,
      cancelled: cancelled === '1',
    });
  }

  @Post('cart/add')
  async add(
    @CurrentShop() shop: ShopContext,
    @Body() form: CartLineForm,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const lines = await this.carts.add(
      shop,
      this.readCart(shop, req),
      form.productId ?? '',
      quantityOf(form.quantity, 1),
      form.variantId || undefined,
    );
    this.writeCart(shop, req, res, lines);
    res.redirect(303, '/cart');
  }

  @Post('cart/update')
  async update(
    @CurrentShop() shop: ShopContext,
    @Body() form: CartLineForm,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const lines = await this.carts.setQuantity(
      shop,
      this.readCart(shop, req),
      form.productId ?? '',
      quantityOf(form.quantity, -1),
      form.variantId || undefined,
    );
    this.writeCart(shop, req, res, lines);
    res.redirect(303, '/cart');
  }

  @Post('cart/remove')
  remove(
    @CurrentShop() shop: ShopContext,
    @Body() form: CartLineForm,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.writeCart(
      shop,
      req,
      res,
      this.carts.remove(this.readCart(shop, req), form.productId ?? '', form.variantId || undefined),
    );
    res.redirect(303, '/cart');
  }

  /** Per-shop theme: CSP forbids inline styles, so the brand colour is its own stylesheet. */
  @Get('brand.css')
  // The query is validated, not read: `v` only makes a new URL when the colour changes.
  brandCss(@CurrentShop() shop: ShopContext, @Query() _query: BrandCssQuery, @Res() res: Response) {
    // The link carries ?v=<colour>, so a change is a new URL and this may be cached long.
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=86400');
    res.send(brandCss(shop));
  }

  @Get('robots.txt')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  robots(@CurrentShop() shop: ShopContext): string {
    return robotsTxt(shopOrigin(this.config, shop.slug));
  }

  @Get('sitemap.xml')
  @HttpCode(200)
  @Header('Content-Type', 'application/xml; charset=utf-8')
  async sitemap(@CurrentShop() shop: ShopContext): Promise<string> {
    return sitemapXml(shopOrigin(this.config, shop.slug), await this.catalog.sitemapEntries(shop));
  }

  /** What every storefront page has: layout, branding, SEO tags, cart count. */
  private frame(shop: ShopContext, req: Request, page: StorefrontPage) {
    return storefrontFrame(this.config, shop, this.cartStore.read(shop, req), page);
  }

  private readCart(shop: ShopContext, req: Request): CartLine[] {
    return this.cartStore.read(shop, req);
  }

  private writeCart(shop: ShopContext, req: Request, res: Response, lines: CartLine[]): void {
    this.cartStore.write(shop, req, res, lines);
  }
}

function quantityOf(text: string | undefined, fallback: number): number {
  const t = (text ?? '').trim();
  if (t === '') return fallback;
  return /^\d{1,4}$/.test(t) ? Number(t) : -1;
}
