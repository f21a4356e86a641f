import { DomainError } from '../common/domain-error.js';

/** One message for unknown email, wrong password and disabled account: nothing to enumerate. */
export class InvalidCredentials extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'invalid_credentials';
  constructor() {
    super('Email or password is wrong.');
  }
}

export class LoginThrottled extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'login_throttled';
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`,
    );
  }
}

export class SignUpThrottled extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'signup_throttled';
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      `Too many new accounts from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    );
  }
}

export class CsrfRefused extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'csrf_refused';
  constructor() {
    super('This form has expired or was sent from another site. Go back, reload the page and try again.');
  }
}

export class ResetLinkInvalid extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'reset_link_invalid';
  constructor() {
    super('This reset link is invalid or has expired. Ask for a new one.');
  }
}
