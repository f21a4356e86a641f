import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthenticatedGuard } from '../auth/guards.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ownedShopOf } from './owned-shop.js';
import { TenantService } from './tenant.service.js';
import { toShopContext, type ShopContext } from './shop-context.js';
import { RedirectRequired } from '../common/redirect.js';

/** Who acts on the dashboard, and for which shop. */
export interface MerchantContext {
  readonly user: AuthUser;
  readonly shop: ShopContext;
}

declare module 'express-serve-static-core' {
  interface Request {
    merchant?: MerchantContext;
  }
}

/**
 * The dashboard's tenant comes from the session user, never from the URL: this guard loads the
 * shop the logged-in user owns into `req.merchant`. Routes that take an id (a product, an
 * order) then look it up with `where: { id, shopId: merchant.shop.id }`, so another merchant's
 * id is simply "not found" (404).
 */
@Injectable()
export class MerchantShopGuard implements CanActivate {
  constructor(private readonly tenants: TenantService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const user = req.user!;
    // Loaded with the user by the session serializer (one statement for both); looked up here
    // only when req.user came from elsewhere.
    const row = req.ownedShopRow;
    const shop = row !== undefined ? row && ownedShopOf(row) : await this.tenants.findOwnedShop(user.id);
    if (!shop) throw new RedirectRequired('/dashboard/shop/new');
    req.merchant = Object.freeze({ user, shop: toShopContext(shop) });
    const locals = context.switchToHttp().getResponse<Response>().locals;
    // The dashboard shows its shop's dates in the shop's zone, whatever the user's own setting.
    locals.timeZone = shop.timeZone;
    // Every dashboard page shows the suspension banner (views/layouts/dashboard.hbs).
    if (shop.suspendedAt) {
      locals.shopSuspension = {
        reason: shop.suspendedReason ?? '',
      };
    }
    return true;
  }
}

/** Put on a merchant controller or route: logged in, and owning a shop. */
export const MerchantArea = () => applyDecorators(UseGuards(AuthenticatedGuard, MerchantShopGuard));

/** The MerchantContext resolved by MerchantArea(). */
export const Merchant = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): MerchantContext =>
    ctx.switchToHttp().getRequest<Request>().merchant!,
);
