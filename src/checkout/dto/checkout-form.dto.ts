import { IsOptional, IsString } from 'class-validator';

export class CheckoutForm {
  @IsOptional() @IsString() email?: string;
}
