import { IsOptional, IsString } from 'class-validator';
import { QueryEnum } from '../../web/query-params.js';

export const SHIPPING_NOTICES = ['zoneSaved', 'zoneDeleted', 'rateSaved', 'rateDeleted'] as const;

export class ShippingQuery {
  @QueryEnum(SHIPPING_NOTICES) saved?: string;
}

export class ShippingZoneForm {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() countries?: string;
}

export class ShippingRateForm {
  @IsOptional() @IsString() kind?: string;
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() amount?: string;
  @IsOptional() @IsString() freeAbove?: string;
  @IsOptional() @IsString() perAdditionalItem?: string;
  @IsOptional() @IsString() minDays?: string;
  @IsOptional() @IsString() maxDays?: string;
}
