import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RefundForm {
  /** In major units as typed ("12.50"); parsed against the order's currency. */
  @IsOptional() @IsString() @MaxLength(32) amount?: string;
  /** `requested_by_customer`, `duplicate` or `fraudulent`; anything else is dropped. */
  @IsOptional() @IsString() @MaxLength(32) reason?: string;
}

export class FulfilmentForm {
  @IsOptional() @IsString() @MaxLength(16) status?: string;
  @IsOptional() @IsString() @MaxLength(500) trackingNote?: string;
}
