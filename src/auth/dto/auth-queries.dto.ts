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
  /** The shape AuthService issues (base64url); whether it is usable is the service's to say. */
  @QueryPattern(/^[A-Za-z0-9_-]{20,100}$/) token?: string;
}

export class ChangePasswordQuery {
  @QueryEnum(FLAG) done?: string;
}
