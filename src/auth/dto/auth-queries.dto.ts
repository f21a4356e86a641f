import { QueryEnum, QueryPattern, QueryText } from '../../web/query-params.js';

const FLAG = ['1'];

export class LogInQuery {
  @QueryEnum(FLAG) expired?: string;
  @QueryEnum(FLAG) reset?: string;
  @QueryEnum(FLAG) out?: string;
  /** Where to go after logging in; checked again by safeNextPath (same-site paths only). */
  @QueryText(2000) next?: string;
}

export class ResetPasswordQuery {
  /**
   * The alphabet AuthService issues (base64url); whether it is usable is the service's to say,
   * so a truncated link still gets the "ask for a new link" page (410) rather than a 400.
   */
  @QueryPattern(/^[A-Za-z0-9_-]{1,100}$/) token?: string;
}

export class ChangePasswordQuery {
  @QueryEnum(FLAG) done?: string;
}
