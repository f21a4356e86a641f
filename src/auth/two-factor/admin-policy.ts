import type { Request } from 'express';
import type { AppConfig } from '../../config/app-config.js';
import { RedirectRequired } from '../../common/redirect.js';

export const ENROL_PATH = '/account/two-factor';

/**
 * ADMIN_REQUIRE_2FA: an admin whose session has not passed a second factor gets no admin route
 * at all, only the way to enrolment. Read from the session (set at log-in), no query.
 */
export function assertAdminSecondFactor(req: Request, config: Pick<AppConfig, 'adminRequire2fa'>): void {
  if (config.adminRequire2fa && req.session?.twoFactor !== 'on') {
    throw new RedirectRequired(`${ENROL_PATH}?required=1`);
  }
}
