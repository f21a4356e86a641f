import { DomainError, message, minutesToWait } from '../common/domain-error.js';

/** One message for unknown email, wrong password and disabled account: nothing to enumerate. */
export class InvalidCredentials extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'invalid_credentials';
  constructor() {
    super(message('errors.auth.invalidCredentials'));
  }
}

export class LoginThrottled extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'login_throttled';
  constructor(readonly retryAfterSeconds: number) {
    super(message('errors.auth.loginThrottled', { count: minutesToWait(retryAfterSeconds) }));
  }
}

export class SignUpThrottled extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'signup_throttled';
  constructor(readonly retryAfterSeconds: number) {
    super(message('errors.auth.signUpThrottled', { count: minutesToWait(retryAfterSeconds) }));
  }
}

export class CsrfRefused extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'csrf_refused';
  constructor() {
    super(message('errors.auth.csrfRefused'));
  }
}

export class ResetLinkInvalid extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'reset_link_invalid';
  constructor() {
    super(message('errors.auth.resetLinkInvalid'));
  }
}
