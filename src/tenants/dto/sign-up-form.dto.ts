import { IsOptional, IsString } from 'class-validator';

// Shapes only: every field is an optional string, so a form with a bad or missing value is
// re-rendered with its messages (from the services' rules) instead of a bare 400.

export class SignUpForm {
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsString() password?: string;
  @IsOptional() @IsString() shopName?: string;
  @IsOptional() @IsString() slug?: string;
  @IsOptional() @IsString() currency?: string;
  @IsOptional() @IsString() country?: string;
}
