import { IsOptional, IsString } from 'class-validator';

// Shapes only: every field is an optional string, so a form with a bad or missing value is
// re-rendered with its messages (from the services' rules) instead of a bare 400.

export class LogInForm {
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsString() password?: string;
  @IsOptional() @IsString() next?: string;
}

export class ForgotPasswordForm {
  @IsOptional() @IsString() email?: string;
}

export class ResetPasswordForm {
  @IsOptional() @IsString() token?: string;
  @IsOptional() @IsString() password?: string;
}

export class ChangePasswordForm {
  @IsOptional() @IsString() currentPassword?: string;
  @IsOptional() @IsString() newPassword?: string;
}
