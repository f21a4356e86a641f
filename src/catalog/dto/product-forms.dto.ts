import { IsOptional, IsString } from 'class-validator';

/** The product form as posted: strings, checked by checkProductInput so errors speak plainly. */
export class ProductForm {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsString() price?: string;
  @IsOptional() @IsString() stock?: string;
  @IsOptional() @IsString() sortOrder?: string;
  /** The new-product form's "publish now" box (`1` when ticked). */
  @IsOptional() @IsString() publish?: string;
}

export class ImageAltForm {
  @IsOptional() @IsString() alt?: string;
}
