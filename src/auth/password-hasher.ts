import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * The one place that decides argon2id parameters. Outside tests: OWASP's argon2id baseline
 * (m = 46 MiB, t = 1, p = 1; ASVS asks for at least that memory). Tests use cheap parameters so
 * the suite stays fast; hashes made with either verify with either (the params are in the hash).
 */
export const ARGON2_PARAMS = {
  type: argon2.argon2id,
  memoryCost: 47_104,
  timeCost: 1,
  parallelism: 1,
} as const;
export const ARGON2_TEST_PARAMS = {
  type: argon2.argon2id,
  memoryCost: 1_024,
  timeCost: 1,
  parallelism: 1,
} as const;

export const PASSWORD_MIN = 12;
/** Long enough for any passphrase; the bound only keeps hashing cost predictable. Never truncated. */
export const PASSWORD_MAX = 1_000;

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return null;
}

export function argon2ParamsFor(env: AppConfig['env']) {
  return env === 'test' ? ARGON2_TEST_PARAMS : ARGON2_PARAMS;
}

@Injectable()
export class PasswordHasher {
  private readonly params: ReturnType<typeof argon2ParamsFor>;
  /** Verified against unknown emails, so a miss costs as much time as a wrong password. */
  private dummyHash?: Promise<string>;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'env'>) {
    this.params = argon2ParamsFor(config.env);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.params);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  async burnTime(password: string): Promise<void> {
    this.dummyHash ??= this.hash('not a real password, only here to cost time');
    await this.verify(await this.dummyHash, password);
  }
}
