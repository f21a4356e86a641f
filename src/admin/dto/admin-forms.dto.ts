import { Transform } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { STRIPE_STATUSES } from '../../tenants/stripe-status.js';
import { QueryDay, QueryEnum, QueryInt, QueryText } from '../../web/query-params.js';
import { STRIPE_EVENT_STATUSES } from '../../webhooks/entities/stripe-event.entity.js';

const YES_NO = ['yes', 'no'];

/** Every action form: a first POST shows the confirmation page, `confirm=yes` acts. */
export class ConfirmForm {
  @IsOptional() @IsString() confirm?: string;
}

export class ReasonForm extends ConfirmForm {
  @IsOptional() @IsString() reason?: string;
}

export class FeePlanForm extends ConfirmForm {
  @IsOptional() @IsString() bps?: string;
  @IsOptional() @IsString() fixed?: string;
}

export class ReplayForm extends ConfirmForm {
  /** One id (a single checkbox or the detail page's button) or several. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }): unknown[] =>
    Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value],
  )
  @IsString({ each: true })
  eventId?: string[];
}

// Queries: every parameter declared strictly (src/web/query-params.ts); a bad one is a 400.

export class PageQuery {
  @QueryInt({ max: 100_000 }) page?: number;
}

export class ShopListQuery extends PageQuery {
  @QueryText(200) q?: string;
  @QueryEnum(STRIPE_STATUSES) stripe?: string;
  @QueryEnum(YES_NO) charges?: string;
  @QueryEnum(YES_NO) suspended?: string;
}

export class ShopDetailQuery {
  @QueryEnum(['suspended', 'resumed', 'fees']) done?: string;
}

export class EventListQuery extends PageQuery {
  @QueryText(200) type?: string;
  @QueryEnum(STRIPE_EVENT_STATUSES) status?: string;
  /** A shop's slug or id, or a connected account id. */
  @QueryText(200) shop?: string;
  /** How many events the last replay queued (the redirect after a replay). */
  @QueryInt({ min: 0, max: 100_000 }) replayed?: number;
}

export class UserListQuery extends PageQuery {
  @QueryText(320) q?: string;
  @QueryEnum(['disabled', 'enabled']) done?: string;
}

export class AuditListQuery extends PageQuery {
  @QueryText(200) action?: string;
  @QueryText(320) actor?: string;
  @QueryText(200) shop?: string;
  @QueryDay() from?: string;
  @QueryDay() to?: string;
}

export class RevenueQuery {
  @QueryDay() from?: string;
  @QueryDay() to?: string;
  @QueryText(200) shop?: string;
}
