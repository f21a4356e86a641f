import { IsOptional, IsString } from 'class-validator';

export class CartLineForm {
  @IsOptional() @IsString() productId?: string;
  @IsOptional() @IsString() quantity?: string;
}
