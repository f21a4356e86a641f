import { Transform } from 'class-transformer';
import { IsArray, IsOptional, IsString } from 'class-validator';

/** A repeated form field arrives as a string when it appears once: always a list here. */
const list = () =>
  Transform(({ value }: { value: unknown }): unknown[] =>
    Array.isArray(value) ? (value as unknown[]) : [value],
  );

/** The options form: three (name, values) pairs; values one per line or comma-separated. */
export class VariantOptionsForm {
  @IsOptional() @IsString() option1Name?: string;
  @IsOptional() @IsString() option1Values?: string;
  @IsOptional() @IsString() option2Name?: string;
  @IsOptional() @IsString() option2Values?: string;
  @IsOptional() @IsString() option3Name?: string;
  @IsOptional() @IsString() option3Values?: string;
}

/** The variants table: one entry per row in each list, in the rows' order; `active` lists the ticked ids. */
export class VariantTableForm {
  @IsOptional() @list() @IsArray() @IsString({ each: true }) variantId?: string[];
  @IsOptional() @list() @IsArray() @IsString({ each: true }) price?: string[];
  @IsOptional() @list() @IsArray() @IsString({ each: true }) compareAt?: string[];
  @IsOptional() @list() @IsArray() @IsString({ each: true }) stock?: string[];
  @IsOptional() @list() @IsArray() @IsString({ each: true }) sku?: string[];
  @IsOptional() @list() @IsArray() @IsString({ each: true }) weight?: string[];
  @IsOptional() @list() @IsArray() @IsString({ each: true }) image?: string[];
  @IsOptional() @list() @IsArray() @IsString({ each: true }) active?: string[];
}
