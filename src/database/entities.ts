import { HttpSession } from '../auth/entities/http-session.entity.js';
import { LoginThrottle } from '../auth/entities/login-throttle.entity.js';
import { PasswordResetToken } from '../auth/entities/password-reset-token.entity.js';
import { User } from '../auth/entities/user.entity.js';
import { OutboxMail } from '../mail/entities/outbox-mail.entity.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { PlatformSetting } from './platform-setting.entity.js';

/**
 * Every TypeORM entity of the app. Listed by hand (not globbed) so the app, the CLI and the
 * tests load the same set under ESM and under Jest alike; a feature adds its entities here.
 */
export const ENTITIES = [
  PlatformSetting,
  User,
  PasswordResetToken,
  HttpSession,
  LoginThrottle,
  Shop,
  OutboxMail,
];
