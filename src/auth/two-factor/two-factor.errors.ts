import { DomainError, message, minutesToWait } from '../../common/domain-error.js';

/** A wrong, reused or malformed code (TOTP or recovery): one message for all. */
export class InvalidSecondFactor extends DomainError {
  static readonly text = message('errors.twoFactor.invalidCode');
  readonly kind = 'invalid';
  readonly code = 'invalid_second_factor';
  constructor() {
    super(InvalidSecondFactor.text);
  }
}

export class SecondFactorThrottled extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'second_factor_throttled';
  constructor(readonly retryAfterSeconds: number) {
    super(message('errors.twoFactor.throttled', { count: minutesToWait(retryAfterSeconds) }));
  }
}

export class TwoFactorAlreadyOn extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'two_factor_already_on';
  constructor() {
    super(message('errors.twoFactor.alreadyOn'));
  }
}

export class TwoFactorRequired extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'two_factor_required';
  constructor() {
    super(message('errors.twoFactor.required'));
  }
}
