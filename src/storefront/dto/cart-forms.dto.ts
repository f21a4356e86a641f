import { IsOptional, IsString } from 'class-validator';

export class CartLineForm {
  @IsOptional() @IsString() productId?: string;
  /** The chosen variant of a product with options. */
  @IsOptional() @IsString() variantId?: string;
  @IsOptional() @IsString() quantity?: string;
}

/** The checkout form sent to "Show delivery prices": only its destination is read. */
export class CartShippingForm {
  @IsOptional() @IsString() country?: string;
  @IsOptional() @IsString() email?: string;
}
