import { DomainError, message } from '../common/domain-error.js';

export class CannotDisableYourself extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'cannot_disable_yourself';
  constructor() {
    super(message('errors.admin.cannotDisableYourself'));
  }
}

export class CannotResetOwnTwoFactor extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'cannot_reset_own_two_factor';
  constructor() {
    super(message('errors.admin.cannotResetOwnTwoFactor'));
  }
}

/** What was to be selected, by catalog key (`errors.admin.selection.<what>`). */
export type SelectionKind = 'event';

export class NothingSelected extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'nothing_selected';
  constructor(what: SelectionKind) {
    super(message(`errors.admin.nothingSelected.${what}`));
  }
}

export class TooManySelected extends DomainError {
  readonly kind = 'invalid';
  readonly code = 'too_many_selected';
  constructor(max: number) {
    super(message('errors.admin.tooManySelected', { max }));
  }
}
