import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { IsNull, MoreThan, type DataSource, type EntityManager, type Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { message, ValidationFailed, type Message } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { defineJob, JobQueue } from '../jobs/job-queue.js';
import { MailService } from '../mail/mail.service.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { InvalidCredentials, ResetLinkInvalid } from './auth.errors.js';
import { toAuthUser, type AuthUser } from './auth-user.js';
import { DEFAULT_LANGUAGE, isLanguage, t } from '../common/i18n.js';
import { isTimeZone } from '../common/dates.js';
import { PasswordResetToken } from './entities/password-reset-token.entity.js';
import { normalizeEmail, User } from './entities/user.entity.js';
import { AuthThrottles } from './login-throttle.js';
import { PasswordHasher, passwordProblem } from './password-hasher.js';
import { SessionService } from './http-session.js';

export const RESET_TOKEN_TTL_MS = 60 * 60_000;

/**
 * One job per reset request, whatever the address: the request does the same work for a known
 * and an unknown email (nothing to time), and the job decides whether a mail goes out.
 */
export const PASSWORD_RESET_JOB = defineJob<{ email: string }>('auth.password-reset', {
  retryLimit: 3,
  retryDelay: 10,
});

export interface NewAccountInput {
  email?: string;
  /** A catalog of locales/ (the page's language at sign-up); anything else reads as English. */
  language?: string;
  password?: string;
}

/**
 * What sign-up creates besides the account, in the same transaction: the shop (tenants/sign-up.ts
 * supplies it; auth knows users and sessions, not shops). `problems` are checked with the
 * account's, so one submit shows every problem at once.
 */
export interface AccountCompanion {
  problems(): Promise<Record<string, Message>>;
  create(manager: EntityManager, userId: string): Promise<void>;
}

const EMAIL_TAKEN = message('validation.emailTaken');

/**
 * People and their credentials. Invariants: emails are stored normalized and unique; passwords
 * only as argon2id hashes; a failed log-in says the same whatever was wrong; a reset token is
 * stored hashed, single-use, expires after RESET_TOKEN_TTL_MS, and its link is built from
 * APP_URL, and a user has at most one outstanding (a new request replaces the old); a password
 * change or reset ends the user's other sessions. Log-in, reset requests and sign-up are
 * throttled (AuthThrottles) before any costly or revealing work.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(PasswordResetToken) private readonly resetTokens: Repository<PasswordResetToken>,
    private readonly hasher: PasswordHasher,
    private readonly throttle: AuthThrottles,
    private readonly sessions: SessionService,
    private readonly mail: MailService,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.work(PASSWORD_RESET_JOB, (data) => this.sendPasswordReset(data.email), {
      concurrency: 2,
    });
  }

  /** The user's own time-zone setting (null: none, their shop's zone or UTC applies). */
  async timeZoneSetting(userId: string): Promise<string | null> {
    const user = await this.users.findOne({ where: { id: userId }, select: { id: true, timeZone: true } });
    return user?.timeZone ?? null;
  }

  /** `''` (or nothing) clears the setting; anything else must be a zone of the list. */
  async setTimeZone(userId: string, timeZone: string | undefined): Promise<void> {
    const zone = timeZone?.trim() || null;
    if (zone !== null && !isTimeZone(zone))
      throw new ValidationFailed({ timeZone: message('timeZone.invalid') });
    await this.users.update({ id: userId }, { timeZone: zone });
  }

  /** The language of the user's pages from now on (their next request reads it with the session). */
  async setLanguage(userId: string, language: string | undefined): Promise<void> {
    if (!isLanguage(language)) throw new ValidationFailed({ language: message('validation.language') });
    await this.users.update({ id: userId }, { language });
  }

  /**
   * A merchant account and its `companion` (the shop), in one transaction: both exist, or
   * neither. `from.ip` is the requester's address, counted against the sign-up limit before the
   * password is hashed; only trusted callers (tests' factories, CLIs) leave it out.
   */
  async signUp(
    input: NewAccountInput,
    companion: AccountCompanion,
    from?: { ip: string },
  ): Promise<AuthUser> {
    const email = normalizeEmail(input.email ?? '');
    const password = input.password ?? '';
    const errors: Record<string, Message> = {};
    if (!isEmail(email)) errors.email = message('validation.email');
    const pw = passwordProblem(password);
    if (pw) errors.password = pw;
    // The shop's fields are checked up front too, so one submit shows every problem at once.
    Object.assign(errors, await companion.problems());
    if (!errors.email && (await this.users.exists({ where: { email } }))) errors.email = EMAIL_TAKEN;
    if (Object.keys(errors).length) throw new ValidationFailed(errors);

    const ticket = from ? await this.throttle.signUp(from.ip) : undefined;
    const passwordHash = await this.hasher.hash(password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.getRepository(User).save({
          email,
          passwordHash,
          role: 'merchant',
          language: isLanguage(input.language) ? input.language : DEFAULT_LANGUAGE,
        });
        await companion.create(manager, user.id);
        return toAuthUser(user);
      });
    } catch (err) {
      await ticket?.giveBack();
      if (isUniqueViolation(err, 'uq_app_user_email')) throw new ValidationFailed({ email: EMAIL_TAKEN });
      throw err;
    }
  }

  /**
   * Checks a log-in attempt. The attempt is counted (per account and per IP) before the password
   * is looked at, so concurrent guesses cannot all slip past the limit; a success gives it back.
   */
  async verifyCredentials(rawEmail: string, password: string, ip: string): Promise<AuthUser> {
    const email = normalizeEmail(rawEmail);
    const attempt = await this.throttle.loginAttempt(email, ip);
    const user = email ? await this.users.findOne({ where: { email } }) : null;
    const ok = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.burnTime(password);
    if (!user || !ok || user.disabledAt) throw new InvalidCredentials();
    await attempt.giveBack();
    return toAuthUser(user);
  }

  async changePassword(user: AuthUser, current: string, next: string, currentSid: string): Promise<void> {
    const row = await this.users.findOneOrFail({ where: { id: user.id } });
    const errors: Record<string, Message> = {};
    if (!(await this.hasher.verify(row.passwordHash, current)))
      errors.currentPassword = message('validation.password.notCurrent');
    const problem = passwordProblem(next);
    if (problem) errors.newPassword = problem;
    if (Object.keys(errors).length) throw new ValidationFailed(errors);
    await this.setPassword(row.id, next);
    await this.sessions.destroyAllForUser(row.id, currentSid);
  }

  /**
   * Asks for a reset link, answering the same whatever happens next: the address is counted
   * (per address and per IP) and one job is queued for it, known or not, unless a limit is used
   * up, in which case nothing happens, silently (the caller shows the same page).
   */
  async requestPasswordReset(rawEmail: string, ip: string): Promise<void> {
    const email = normalizeEmail(rawEmail);
    if (!isEmail(email)) throw new ValidationFailed({ email: message('validation.email') });
    if (!(await this.throttle.resetRequest(email, ip))) return;
    await this.queue.send(PASSWORD_RESET_JOB, { email });
  }

  /**
   * The reset job: mails a link if the account exists and is enabled (nothing otherwise). The
   * user row is locked so concurrent requests for one user leave exactly one usable token: the
   * newest, which replaces any earlier one. The link comes from APP_URL, never from a request.
   */
  async sendPasswordReset(email: string): Promise<void> {
    const known = await this.users.findOne({ where: { email } });
    if (!known || known.disabledAt) return;
    const token = randomBytes(32).toString('base64url');
    const link = `${this.config.appUrl}/reset-password?token=${token}`;
    await this.dataSource.transaction(async (manager) => {
      const user = await manager
        .getRepository(User)
        .findOne({ where: { id: known.id }, lock: { mode: 'pessimistic_write' } });
      if (!user || user.disabledAt) return;
      const now = this.clock.now();
      const tokens = manager.getRepository(PasswordResetToken);
      await tokens.update({ userId: user.id, usedAt: IsNull() }, { usedAt: now });
      await tokens.save({
        userId: user.id,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
      });
      await this.mail.enqueue(
        // In the account's stored language: an unknown address gets no mail at all.
        {
          to: user.email,
          subject: t(user.language, 'merchantMail.passwordReset.subject'),
          text: [
            t(user.language, 'merchantMail.passwordReset.intro'),
            '',
            t(user.language, 'merchantMail.passwordReset.link'),
            link,
            '',
            t(user.language, 'merchantMail.passwordReset.ignore'),
          ].join('\n'),
        },
        manager,
      );
    });
  }

  /** Whether a reset token can still be used (for showing the form or an explanation). */
  async isResetTokenUsable(token: string): Promise<boolean> {
    return (await this.findUsableToken(token)) !== null;
  }

  async resetPassword(token: string, password: string): Promise<void> {
    const row = await this.findUsableToken(token);
    if (!row) throw new ResetLinkInvalid();
    const problem = passwordProblem(password);
    if (problem) throw new ValidationFailed({ password: problem });
    const now = this.clock.now();
    const claimed = await this.resetTokens.update({ id: row.id, usedAt: IsNull() }, { usedAt: now });
    if (!claimed.affected) throw new ResetLinkInvalid();
    await this.setPassword(row.userId, password);
    // Any other outstanding link dies with this one, and so does every session.
    await this.resetTokens.update({ userId: row.userId, usedAt: IsNull() }, { usedAt: now });
    await this.sessions.destroyAllForUser(row.userId);
    const user = await this.users.findOneOrFail({ where: { id: row.userId } });
    await this.throttle.clearAccount(user.email);
  }

  /** `npm run admin:create` and the offline demo admin: creates or promotes, sets a fresh password. */
  async createOrPromoteAdmin(
    rawEmail: string,
    password = generatePassword(),
  ): Promise<{ email: string; password: string; created: boolean }> {
    const email = normalizeEmail(rawEmail);
    if (!isEmail(email)) throw new ValidationFailed({ email: message('validation.adminEmail') });
    const passwordHash = await this.hasher.hash(password);
    const existing = await this.users.findOne({ where: { email } });
    if (existing) {
      await this.users.update(
        { id: existing.id },
        { role: 'admin', passwordHash, disabledAt: null, passwordChangedAt: this.clock.now() },
      );
      await this.sessions.destroyAllForUser(existing.id);
      return { email, password, created: false };
    }
    try {
      await this.users.save({ email, passwordHash, role: 'admin' });
    } catch (err) {
      // Another process made it between the lookup and the insert (several web processes
      // booting at once each ensure the demo admin): promote that row rather than fail the boot.
      if (!isUniqueViolation(err, 'uq_app_user_email')) throw err;
      return this.createOrPromoteAdmin(email, password);
    }
    return { email, password, created: true };
  }

  async findUser(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  async findUserByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { email: normalizeEmail(email) } });
  }

  private async setPassword(userId: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.users.update({ id: userId }, { passwordHash, passwordChangedAt: this.clock.now() });
  }

  private async findUsableToken(token: string): Promise<PasswordResetToken | null> {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    return this.resetTokens.findOne({
      where: { tokenHash: hashToken(token), usedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
    });
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 20 characters from a 57-symbol alphabet without look-alikes (about 116 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(40);
  let out = '';
  for (const b of bytes) {
    if (b >= 228) continue; // 228 = 4 × 57: keeps the choice uniform
    out += alphabet[b % alphabet.length];
    if (out.length === 20) break;
  }
  return out.length === 20 ? out : generatePassword();
}
