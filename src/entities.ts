import { AuditEntry } from './audit/entities/audit-entry.entity.js';
import { StripeEventAttempt } from './webhooks/entities/stripe-event-attempt.entity.js';
import { StripeEvent } from './webhooks/entities/stripe-event.entity.js';
import { StripeObjectEffect } from './webhooks/entities/stripe-object-effect.entity.js';
import { StripeObjectVersion } from './webhooks/entities/stripe-object-version.entity.js';
import { HttpSession } from './auth/entities/http-session.entity.js';
import { LoginThrottle } from './auth/entities/login-throttle.entity.js';
import { PasswordResetToken } from './auth/entities/password-reset-token.entity.js';
import { User } from './auth/entities/user.entity.js';
import { RecoveryCode } from './auth/two-factor/entities/recovery-code.entity.js';
import { UserTwoFactor } from './auth/two-factor/entities/user-two-factor.entity.js';
import { OutboxMail } from './mail/entities/outbox-mail.entity.js';
import { OrderEvent } from './orders/entities/order-event.entity.js';
import { OrderItem } from './orders/entities/order-item.entity.js';
import { OrderNumberSequence } from './orders/entities/order-number-sequence.entity.js';
import { Order } from './orders/entities/order.entity.js';
import { Refund } from './orders/entities/refund.entity.js';
import { Shop } from './tenants/entities/shop.entity.js';
import { ShippingZone } from './tenants/entities/shipping-zone.entity.js';
import { ShippingRate } from './tenants/entities/shipping-rate.entity.js';
import { Product } from './catalog/entities/product.entity.js';
import { ProductImage } from './catalog/entities/product-image.entity.js';
import { Collection } from './catalog/entities/collection.entity.js';
import { CollectionProduct } from './catalog/entities/collection-product.entity.js';
import { ProductOption } from './catalog/entities/product-option.entity.js';
import { ProductVariant } from './catalog/entities/product-variant.entity.js';
import { CheckoutThrottle } from './checkout/entities/checkout-throttle.entity.js';
import { ShopPage } from './storefront/entities/shop-page.entity.js';
import { PlatformSetting } from './database/platform-setting.entity.js';

/**
 * Every TypeORM entity of the app (the app root holds the list: src/database imports no feature).
 * Listed by hand (not globbed) so the app, the CLI and the
 * tests load the same set under ESM and under Jest alike; a feature adds its entities here.
 */
export const ENTITIES = [
  PlatformSetting,
  StripeEvent,
  StripeEventAttempt,
  StripeObjectEffect,
  StripeObjectVersion,
  User,
  PasswordResetToken,
  HttpSession,
  LoginThrottle,
  Shop,
  ShippingZone,
  ShippingRate,
  OutboxMail,
  Order,
  OrderItem,
  OrderEvent,
  OrderNumberSequence,
  Refund,
  Product,
  ProductImage,
  Collection,
  CollectionProduct,
  ProductOption,
  ProductVariant,
  AuditEntry,
  CheckoutThrottle,
  UserTwoFactor,
  RecoveryCode,
  ShopPage,
];
