import { DomainError } from '../../common/domain-error.js';

/** A wrong, reused or malformed code (TOTP or recovery): one message for all. */
export class InvalidSecondFactor extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'invalid_second_factor';
  constructor() {
    super('That code is not valid. Enter the current code from your app, or an unused recovery code.');
  }
}

export class SecondFactorThrottled extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'second_factor_throttled';
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  }
}

export class TwoFactorAlreadyOn extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'two_factor_already_on';
  constructor() {
    super('Two-factor authentication is already on for this account.');
  }
}

export class TwoFactorRequired extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'two_factor_required';
  constructor() {
    super('Admins must keep two-factor authentication on for this platform.');
  }
}
