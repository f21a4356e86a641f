import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

export class RefundForm {
  /** In major units as typed ("12.50"); parsed against the order's currency. */
  @IsOptional() @IsString() @MaxLength(32) amount?: string;
  /** The "Refund shipping" box: present = add the order's shipping not yet refunded. */
  @IsOptional() @IsString() @MaxLength(8) refundShipping?: string;
  /** `requested_by_customer`, `duplicate` or `fraudulent`; anything else is dropped. */
  @IsOptional() @IsString() @MaxLength(32) reason?: string;
  /** Lines to put back into stock, each `<order item id>:<units>` (one per ticked box). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }): unknown[] =>
    Array.isArray(value) ? (value as unknown[]) : [value],
  )
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  restock?: string[];
}

export class FulfilmentForm {
  @IsOptional() @IsString() @MaxLength(16) status?: string;
  @IsOptional() @IsString() @MaxLength(500) trackingNote?: string;
}
