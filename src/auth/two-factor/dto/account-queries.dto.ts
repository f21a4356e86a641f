import { QueryEnum } from '../../../web/query-params.js';

export class AccountQuery {
  /** The notice after an action (`off`: two-factor authentication was turned off; `language`: the language was changed; `timeZone`: the time zone). */
  @QueryEnum(['off', 'language', 'timeZone']) done?: string;
}

export class EnrolmentQuery {
  /** Set when ADMIN_REQUIRE_2FA sent an admin here. */
  @QueryEnum(['1']) required?: string;
}
