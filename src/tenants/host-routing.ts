import { createParamDecorator, Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { NotFoundError } from '../common/domain-error.js';
import { classifyHost } from './host.js';
import { TenantService } from './tenant.service.js';
import { ShopNotFound, ShopUnavailable, UnknownHost } from './tenant.errors.js';
import type { ShopContext } from './shop-context.js';

/**
 * Host → routes. Shop hosts and the platform host share one Nest app but never a route:
 *
 * - This middleware runs before Nest's router. For a shop host it resolves the shop once into
 *   `req.shop` (and `res.locals.shop` for the storefront layout), then rewrites the URL under
 *   the internal prefix SHOP_ROUTES_PREFIX, so `GET /cart` on `bakery.localhost` reaches
 *   `@Controller(SHOP_ROUTES_PREFIX) … @Get('cart')`. Storefront controllers are the only ones
 *   under that prefix, so a shop host can reach nothing else.
 * - The platform host keeps its URLs, and a platform request for the internal prefix is a 404,
 *   so the platform never serves a storefront page.
 * - `/healthz`, `/readyz` answer on any Host (load-balancer probes); `/static/*` and
 *   `/favicon.ico` are served before this runs.
 * - Any other Host is a 400. `req.host` honours X-Forwarded-Host only when TRUST_PROXY trusts
 *   the sender (express `trust proxy`), so a spoofed header changes nothing by default.
 */
export const SHOP_ROUTES_PREFIX = '/_shop';
const ANY_HOST_PATHS = new Set(['/healthz', '/readyz']);

export type RequestHost = 'platform' | 'shop' | 'any';

declare module 'express-serve-static-core' {
  interface Request {
    /** Which side of the app this request is for; set by HostRouting before any route. */
    hostKind?: RequestHost;
    /** The shop of a shop-host request, resolved once by HostRouting. */
    shop?: ShopContext;
  }
}

@Injectable()
export class HostRouting {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantService,
  ) {}

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    this.route(req, res).then(next, next);
  };

  private async route(req: Request, res: Response): Promise<void> {
    if (ANY_HOST_PATHS.has(req.path)) {
      req.hostKind = 'any';
      return;
    }
    const host = classifyHost(req.host, this.config);
    if (host.kind === 'platform') {
      req.hostKind = 'platform';
      if (req.path === SHOP_ROUTES_PREFIX || req.path.startsWith(`${SHOP_ROUTES_PREFIX}/`)) {
        throw new NotFoundError();
      }
      return;
    }
    if (host.kind === 'unknown') {
      throw new UnknownHost();
    }
    req.hostKind = 'shop';
    res.locals.layout = 'layouts/storefront';
    // Where an unknown or suspended shop's error page sends people: every path of this host fails.
    res.locals.platformUrl = this.config.appUrl;
    const shop = await this.tenants.findBySlug(host.slug);
    if (!shop) throw new ShopNotFound();
    res.locals.shop = { name: shop.name, slug: shop.slug };
    if (shop.suspended) throw new ShopUnavailable();
    req.shop = shop;
    req.url = `${SHOP_ROUTES_PREFIX}${req.url}`;
  }
}

/** The shop of this shop-host request, resolved once by HostRouting (a controller parameter). */
export const CurrentShop = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): ShopContext => ctx.switchToHttp().getRequest<Request>().shop!,
);
