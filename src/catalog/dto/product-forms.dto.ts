import { IsOptional, IsString } from 'class-validator';

/** The product form as posted: strings, checked by checkProductInput so errors speak plainly. */
export class ProductForm {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsString() price?: string;
  @IsOptional() @IsString() stock?: string;
  @IsOptional() @IsString() sortOrder?: string;
}
