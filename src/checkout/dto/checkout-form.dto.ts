import { IsOptional, IsString } from 'class-validator';

export class CheckoutForm {
  @IsOptional() @IsString() email?: string;
  /** "Deliver to": an ISO code among the shop's zones (required when it ships physical goods). */
  @IsOptional() @IsString() country?: string;
}
