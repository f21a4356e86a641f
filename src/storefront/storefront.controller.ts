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
import { StorefrontCatalogService, type CardPage } from '../catalog/storefront-catalog.service.js';
import { StorefrontCollectionsCache } from '../catalog/storefront-collections-cache.js';
import { SEARCH_SORTS, SORTS, type SearchSort, type Sort } from '../catalog/product-search.js';
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
  listingHref,
  listingPager,
  productCard,
  productDetail,
  productJsonLd,
  robotsTxt,
  variantOfValues,
  sitemapXml,
  sortLinks,
  summary,
  type ListingParams,
} from './storefront-views.js';
import { CartService } from './cart.service.js';
import { CartPage, writeShipTo } from './cart-page.js';
import { shopBanner } from './shop-images.js';
import { CartLineForm, CartShippingForm } from './dto/cart-forms.dto.js';
import {
  BrandCssQuery,
  CartQuery,
  CollectionQuery,
  HomeQuery,
  ProductQuery,
  SearchQuery,
} from './dto/storefront-queries.dto.js';
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
    private readonly collections: StorefrontCollectionsCache,
    private readonly cartPage: CartPage,
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
    const sort = (query.sort ?? 'featured') as Sort;
    // The merchant's order keeps its long-standing pages; the other orders are bounded.
    const result: CardPage =
      sort === 'featured'
        ? await this.catalog.homePage(shop, page)
        : await this.catalog.listing(shop, sort, page);
    const origin = shopOrigin(this.config, shop.slug);
    const lang = languageOf(res);
    const params: ListingParams = { sort, page: result.page };
    res.render('pages/storefront/home', {
      ...(await this.frame(shop, req, {
        title: page > 1 ? t(lang, 'storefront.home.page', { page }) : undefined,
        path: listingHref('/', params, 'featured'),
        description: t(lang, 'storefront.home.description', { shop: shop.name }),
        image: result.items[0]?.image ? shareableImageUrl(origin, result.items[0].image) : undefined,
      })),
      banner: page === 1 ? shopBanner(shop.bannerImage) : null,
      // Split here so the template keeps the merchant's paragraphs without a triple-stash.
      shopParagraphs: page === 1 ? shop.description.split(/\n\s*\n|\n/).filter((l) => l.trim()) : [],
      products: result.items.map((p, index) => productCard(p, index)),
      empty: result.items.length === 0 && page === 1 && sort === 'featured',
      sorts: sortLinks(lang, '/', params, SORTS, 'featured'),
      pager:
        sort === 'featured'
          ? homePager(result.page, result.hasNext)
          : listingPager('/', params, 'featured', result.hasNext),
    });
  }

  @Get('collections/:handle')
  async collection(
    @CurrentShop() shop: ShopContext,
    @Param('handle') handle: string,
    @Query() query: CollectionQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const collection = await this.catalog.collection(shop, handle);
    const sort = (query.sort ?? 'featured') as Sort;
    const result = await this.catalog.collectionProducts(shop, collection.id, sort, query.page ?? 1);
    const origin = shopOrigin(this.config, shop.slug);
    const lang = languageOf(res);
    const path = `/collections/${collection.handle}`;
    const params: ListingParams = { sort, page: result.page };
    res.render('pages/storefront/collection', {
      ...(await this.frame(shop, req, {
        title:
          result.page > 1
            ? t(lang, 'discovery.collection.page', { title: collection.title, page: result.page })
            : collection.title,
        path: listingHref(path, params, 'featured'),
        description:
          summary(collection.description) ||
          t(lang, 'discovery.collection.description', { title: collection.title, shop: shop.name }),
        image: result.items[0]?.image ? shareableImageUrl(origin, result.items[0].image) : undefined,
      })),
      collection: {
        title: collection.title,
        paragraphs: collection.description ? collection.description.split('\n') : [],
      },
      products: result.items.map((p, index) => productCard(p, index)),
      sorts: sortLinks(lang, path, params, SORTS, 'featured'),
      pager: listingPager(path, params, 'featured', result.hasNext),
    });
  }

  @Get('search')
  async search(
    @CurrentShop() shop: ShopContext,
    @Query() query: SearchQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const q = (query.q ?? '').trim();
    const sort = (query.sort ?? 'relevance') as SearchSort;
    const result = await this.catalog.search(shop, q, sort, query.page ?? 1);
    const lang = languageOf(res);
    const params: ListingParams = { q, sort, page: result.page };
    const frame = await this.frame(shop, req, {
      title: q ? t(lang, 'discovery.search.titleFor', { q }) : t(lang, 'discovery.search.title'),
      path: listingHref('/search', params, 'relevance'),
      // Result pages are many and thin: crawlers follow the collections and products instead.
      noindex: true,
    });
    res.render('pages/storefront/search', {
      ...frame,
      q,
      searchQuery: q,
      products: result.items.map((p, index) => productCard(p, index)),
      empty: result.items.length === 0,
      suggestions: frame.storefront.collections,
      sorts: q ? sortLinks(lang, '/search', params, SEARCH_SORTS, 'relevance') : [],
      pager: listingPager('/search', params, 'relevance', result.hasNext),
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
      ...(await this.frame(shop, req, {
        title: product.name,
        path: `/products/${product.id}`,
        description:
          summary(product.description) ||
          t(languageOf(res), 'storefront.product.description', { product: product.name, shop: shop.name }),
        image: product.image ? shareableImageUrl(origin, product.image) : undefined,
        type: 'product',
        jsonLd: productJsonLd(origin, shop, product, t(languageOf(res), 'discovery.breadcrumbHome')),
      })),
      product: productDetail(product, query.variant),
    });
  }

  @Get('cart')
  async cart(
    @CurrentShop() shop: ShopContext,
    @Query() { cancelled, country }: CartQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    res.setHeader('Cache-Control', 'no-store');
    res.render(
      'pages/storefront/cart',
      await this.cartPage.model(shop, req, res, { cancelled: cancelled === '1', country }),
    );
  }

  /**
   * The checkout form's "Show delivery prices" button: remembers the destination and shows the
   * cart with that country's rates (GET /cart?country=XX). Nothing is bought.
   */
  @Post('cart/shipping')
  shippingPreview(@Body() form: CartShippingForm, @Res() res: Response) {
    const country = (form.country ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) return res.redirect(303, '/cart');
    writeShipTo(res, this.config, country);
    res.redirect(303, `/cart?country=${country}`);
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
    return sitemapXml(
      shopOrigin(this.config, shop.slug),
      await this.catalog.sitemapEntries(shop),
      await this.catalog.sitemapCollections(shop),
    );
  }

  /** What every storefront page has: layout, branding, SEO tags, cart count, collections. */
  private async frame(shop: ShopContext, req: Request, page: StorefrontPage) {
    const collections = await this.collections.navigation(shop);
    return storefrontFrame(this.config, shop, this.cartStore.read(shop, req), page, collections);
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
