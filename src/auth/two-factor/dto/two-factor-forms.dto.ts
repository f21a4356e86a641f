import { IsOptional, IsString } from 'class-validator';

/** Shapes only (see auth-forms.dto.ts): the service decides what a good code is. */
export class SecondStepForm {
  @IsOptional() @IsString() code?: string;
}

export class ConfirmEnrolmentForm {
  @IsOptional() @IsString() code?: string;
}

export class DisableTwoFactorForm {
  @IsOptional() @IsString() password?: string;
  @IsOptional() @IsString() code?: string;
}
