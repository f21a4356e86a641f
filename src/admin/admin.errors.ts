import { DomainError } from '../common/domain-error.js';

export class CannotDisableYourself extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'cannot_disable_yourself';
  constructor() {
    super('You cannot disable your own account. Ask another admin.');
  }
}

export class CannotResetOwnTwoFactor extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'cannot_reset_own_two_factor';
  constructor() {
    super(
      'Turn your own two-factor authentication off from your account page (it needs your password and a code).',
    );
  }
}

export class NothingSelected extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'nothing_selected';
  constructor(what: string) {
    super(`Select at least one ${what}.`);
  }
}

export class TooManySelected extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'too_many_selected';
  constructor(max: number) {
    super(`Select at most ${max} at a time.`);
  }
}
