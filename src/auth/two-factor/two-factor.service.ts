import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { message, ValidationFailed } from '../../common/domain-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { AuthUser } from '../auth-user.js';
import { User } from '../entities/user.entity.js';
import { PasswordHasher } from '../password-hasher.js';
import { RecoveryCode } from './entities/recovery-code.entity.js';
import { UserTwoFactor } from './entities/user-two-factor.entity.js';
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.js';
import { SecondStepThrottle } from './second-step-throttle.js';
import { SecretBox } from './secret-box.js';
import { InvalidSecondFactor, TwoFactorAlreadyOn, TwoFactorRequired } from './two-factor.errors.js';

export const TOTP_ISSUER = 'Comptoir';
/** A code of the previous or the next 30-second step is accepted too (phone clocks drift). */
const EPOCH_TOLERANCE_SECONDS = 30;

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  /** An <svg> element made here by `qrcode` from the URI: no user-controlled markup in it. */
  qrSvg: string;
}

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

/**
 * TOTP (RFC 6238, otplib) second factor. Invariants:
 * - the secret is stored sealed (SecretBox: AES-256-GCM, key from SESSION_SECRET), re-sealed
 *   under the current key whenever it is used after a rotation;
 * - a code is accepted once: `last_time_step` only moves forward, through a conditional UPDATE,
 *   so concurrent requests with one code give one success;
 * - a recovery code is burnt by one conditional UPDATE (single use under concurrency);
 * - every check of a code goes through SecondStepThrottle first (counted before checking);
 * - nothing here ends 2FA but `disable` (password + code) and `removeFor` (an admin's reset):
 *   a password reset leaves it on.
 */
@Injectable()
export class TwoFactorService {
  private readonly logger = new Logger(TwoFactorService.name);
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly throttle: SecondStepThrottle,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {
    this.box = new SecretBox(config.sessionSecret, config.sessionSecretPrevious);
  }

  async isEnabled(userId: string): Promise<boolean> {
    return this.db.getRepository(UserTwoFactor).exists({ where: { userId, enabledAt: Not(IsNull()) } });
  }

  async status(userId: string): Promise<TwoFactorStatus> {
    const [enabled, recoveryCodesLeft] = await Promise.all([
      this.isEnabled(userId),
      this.db.getRepository(RecoveryCode).count({ where: { userId, usedAt: IsNull() } }),
    ]);
    return { enabled, recoveryCodesLeft: enabled ? recoveryCodesLeft : 0 };
  }

  /** Which of `userIds` have 2FA on (the admin users list). */
  async enabledAmong(userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await this.db
      .getRepository(UserTwoFactor)
      .createQueryBuilder('t')
      .select('t.user_id', 'userId')
      .where('t.user_id IN (:...userIds)', { userIds })
      .andWhere('t.enabled_at IS NOT NULL')
      .getRawMany<{ userId: string }>();
    return new Set(rows.map((r) => r.userId));
  }

  /**
   * The secret to scan, kept (sealed) on a not-yet-enabled row so reloading the page shows the
   * same QR code the app may already hold.
   */
  async beginEnrolment(user: AuthUser): Promise<Enrolment> {
    const repo = this.db.getRepository(UserTwoFactor);
    const row = await repo.findOne({ where: { userId: user.id } });
    if (row?.enabledAt) throw new TwoFactorAlreadyOn();
    let secret = row ? this.box.open(row.secretEncrypted, user.id) : null;
    if (!secret || (row && this.box.needsReseal(row.secretEncrypted))) {
      secret ??= generateSecret();
      await repo.upsert(
        {
          userId: user.id,
          secretEncrypted: this.box.seal(secret, user.id),
          enabledAt: null,
          lastTimeStep: null,
        },
        ['userId'],
      );
    }
    const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: user.email, secret });
    const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return { secret, otpauthUri, qrSvg };
  }

  /**
   * Turns 2FA on with a first code from the app, and returns the ten recovery codes (shown once;
   * only their hashes are kept). The code's time step is recorded, so it cannot log in later.
   */
  async confirmEnrolment(user: AuthUser, code: string, ip: string): Promise<string[]> {
    const ticket = await this.throttle.attempt(user.id, ip);
    const row = await this.db.getRepository(UserTwoFactor).findOne({ where: { userId: user.id } });
    if (row?.enabledAt) throw new TwoFactorAlreadyOn();
    const secret = row ? this.box.open(row.secretEncrypted, user.id) : null;
    const step = secret ? await this.matchingStep(secret, code, null) : null;
    if (!row || step === null) throw new ValidationFailed({ code: InvalidSecondFactor.text });
    const codes = generateRecoveryCodes();
    await this.db.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(UserTwoFactor)
        .set({ enabledAt: this.clock.now(), lastTimeStep: String(step) })
        .where('user_id = :userId AND enabled_at IS NULL AND secret_encrypted = :sealed', {
          userId: user.id,
          sealed: row.secretEncrypted,
        })
        .execute();
      if (!result.affected) throw new TwoFactorAlreadyOn();
      await this.replaceRecoveryCodes(manager, user.id, codes);
    });
    await ticket.giveBack();
    return codes;
  }

  /**
   * The log-in's second step: a TOTP code of the current window (not used before) or an unused
   * recovery code (burnt). Throttled per account and IP; throws InvalidSecondFactor otherwise.
   */
  async verifySecondFactor(userId: string, input: string, ip: string): Promise<'totp' | 'recovery'> {
    const ticket = await this.throttle.attempt(userId, ip);
    const how = await this.acceptAnyCode(userId, input);
    if (!how) throw new InvalidSecondFactor();
    await ticket.giveBack();
    return how;
  }

  /** Turns 2FA off: needs the account's password and a current code (or a recovery code). */
  async disable(
    user: AuthUser,
    password: string,
    code: string,
    ip: string,
    adminRequired: boolean,
  ): Promise<void> {
    if (adminRequired && user.role === 'admin') throw new TwoFactorRequired();
    const ticket = await this.throttle.attempt(user.id, ip);
    const row = await this.db.getRepository(User).findOneOrFail({ where: { id: user.id } });
    if (!(await this.hasher.verify(row.passwordHash, password)))
      throw new ValidationFailed({ password: message('validation.password.notYours') });
    // The code is only tried (and a recovery code only burnt) once the password is right.
    if (!(await this.acceptAnyCode(user.id, code)))
      throw new ValidationFailed({ code: InvalidSecondFactor.text });
    await this.db.transaction((manager) => this.removeFor(user.id, manager));
    await ticket.giveBack();
  }

  /** Deletes the authenticator and the recovery codes; true when 2FA was on. */
  async removeFor(userId: string, manager: EntityManager): Promise<boolean> {
    const row = await manager.getRepository(UserTwoFactor).findOne({
      where: { userId },
      lock: { mode: 'pessimistic_write' },
    });
    await manager.getRepository(RecoveryCode).delete({ userId });
    if (!row) return false;
    await manager.getRepository(UserTwoFactor).delete({ userId });
    return row.enabledAt !== null;
  }

  private async acceptAnyCode(userId: string, input: string): Promise<'totp' | 'recovery' | null> {
    const compact = (input ?? '').replace(/\s/g, '');
    if (/^\d{6}$/.test(compact)) return (await this.acceptTotp(userId, compact)) ? 'totp' : null;
    const recovery = normalizeRecoveryCode(input ?? '');
    if (recovery && (await this.burnRecoveryCode(userId, recovery))) return 'recovery';
    return null;
  }

  private async acceptTotp(userId: string, token: string): Promise<boolean> {
    const row = await this.db
      .getRepository(UserTwoFactor)
      .findOne({ where: { userId, enabledAt: Not(IsNull()) } });
    if (!row) return false;
    const secret = this.box.open(row.secretEncrypted, userId);
    if (!secret) {
      this.logger.warn(
        { userId },
        '2FA secret does not decrypt with SESSION_SECRET or SESSION_SECRET_PREVIOUS: recovery code or admin reset needed',
      );
      return false;
    }
    const step = await this.matchingStep(secret, token, row.lastTimeStep);
    if (step === null) return false;
    // The claim: only one request moves last_time_step to this step (or past it).
    const reseal = this.box.needsReseal(row.secretEncrypted);
    const result = await this.db
      .createQueryBuilder()
      .update(UserTwoFactor)
      .set({
        lastTimeStep: String(step),
        ...(reseal ? { secretEncrypted: this.box.seal(secret, userId) } : {}),
      })
      .where('user_id = :userId AND enabled_at IS NOT NULL', { userId })
      .andWhere('(last_time_step IS NULL OR last_time_step < :step)', { step })
      .execute();
    return result.affected === 1;
  }

  /** The time step a code belongs to, if valid now and newer than `after`. */
  private async matchingStep(secret: string, token: string, after: string | null): Promise<number | null> {
    const compact = (token ?? '').replace(/\s/g, '');
    if (!/^\d{6}$/.test(compact)) return null;
    const result = await verify({
      secret,
      token: compact,
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: EPOCH_TOLERANCE_SECONDS,
      ...(after !== null ? { afterTimeStep: Number(after) } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }

  private async burnRecoveryCode(userId: string, code: string): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(RecoveryCode)
      .set({ usedAt: this.clock.now() })
      .where('user_id = :userId AND code_hash = :hash AND used_at IS NULL', {
        userId,
        hash: hashRecoveryCode(userId, code),
      })
      .execute();
    return result.affected === 1;
  }

  private async replaceRecoveryCodes(manager: EntityManager, userId: string, codes: string[]): Promise<void> {
    if (codes.length !== RECOVERY_CODE_COUNT) throw new Error('unexpected recovery code count');
    const repo = manager.getRepository(RecoveryCode);
    await repo.delete({ userId });
    await repo.insert(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(userId, code) })));
  }
}
