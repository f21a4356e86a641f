import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

const toPage = ({ value }: { value: unknown }) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
};

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

export class PageQuery {
  @IsOptional() @Transform(toPage) @IsInt() @Min(1) @Max(100_000) page?: number;
}

export class ShopListQuery extends PageQuery {
  @IsOptional() @IsString() q?: string;
  @IsOptional() @IsString() stripe?: string;
  @IsOptional() @IsString() charges?: string;
  @IsOptional() @IsString() suspended?: string;
}

export class EventListQuery extends PageQuery {
  @IsOptional() @IsString() type?: string;
  @IsOptional() @IsString() status?: string;
  @IsOptional() @IsString() shop?: string;
}

export class UserListQuery extends PageQuery {
  @IsOptional() @IsString() q?: string;
}

export class AuditListQuery extends PageQuery {
  @IsOptional() @IsString() action?: string;
  @IsOptional() @IsString() actor?: string;
  @IsOptional() @IsString() shop?: string;
  @IsOptional() @IsString() from?: string;
  @IsOptional() @IsString() to?: string;
}

export class RevenueQuery {
  @IsOptional() @IsString() from?: string;
  @IsOptional() @IsString() to?: string;
  @IsOptional() @IsString() shop?: string;
}
