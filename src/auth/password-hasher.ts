import { availableParallelism } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { message, type Message } from '../common/domain-error.js';

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

export function passwordProblem(password: string): Message | null {
  if (password.length < PASSWORD_MIN) return message('validation.password.tooShort', { min: PASSWORD_MIN });
  if (password.length > PASSWORD_MAX) return message('validation.password.tooLong', { max: PASSWORD_MAX });
  return null;
}

/**
 * Hashes (and verifications) running at once in this process, whatever app or request asks:
 * each holds 46 MiB while it runs, so a burst of sign-ups or log-ins waits its turn instead of
 * exhausting memory (and leaves libuv's other threads to file and DNS work).
 */
export const HASH_CONCURRENCY = Math.min(4, Math.max(1, availableParallelism()));

/** A counting semaphore: at most `size` callers inside `run` at once, the rest queue in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const hashSlots = new Semaphore(HASH_CONCURRENCY);

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
    return hashSlots.run(() => argon2.hash(password, this.params));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await hashSlots.run(() => argon2.verify(hash, password));
    } catch {
      return false;
    }
  }

  async burnTime(password: string): Promise<void> {
    this.dummyHash ??= this.hash('not a real password, only here to cost time');
    await this.verify(await this.dummyHash, password);
  }
}
