import { IsOptional, IsString } from 'class-validator';

export class ShopSettingsForm {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsString() brandColour?: string;
  @IsOptional() @IsString() logoPath?: string;
  @IsOptional() @IsString() contactEmail?: string;
  @IsOptional() @IsString() statementDescriptorSuffix?: string;
  @IsOptional() @IsString() shipsPhysicalGoods?: string;
  @IsOptional() @IsString() timeZone?: string;
  @IsOptional() @IsString() defaultLanguage?: string;
  /** Checkboxes: one value arrives as a string, several as an array. */
  @IsOptional() @IsString({ each: true }) languages?: string | string[];
}

export class NewShopForm {
  @IsOptional() @IsString() shopName?: string;
  @IsOptional() @IsString() slug?: string;
  @IsOptional() @IsString() currency?: string;
  @IsOptional() @IsString() country?: string;
}
