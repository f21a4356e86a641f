import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;

/** 32 symbols (5 bits each) without the look-alikes 0/o and 1/l. */
const ALPHABET_32 = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * Ten codes of 16 random symbols (80 bits), shown as `xxxx-xxxx-xxxx-xxxx`.
 *
 * Stored as SHA-256 of `userId:code`, not argon2id: with 80 bits of entropy a stolen hash cannot
 * be brute-forced offline even at GPU speed (2^80 SHA-256 is out of reach), so a slow hash buys
 * nothing; the per-user prefix stops one table from serving every user. And a fast, deterministic
 * hash lets the log-in find and burn a code in ONE conditional UPDATE (`WHERE code_hash = $2 AND
 * used_at IS NULL`), which is what makes a code single-use under concurrent submissions; argon2id
 * (salted) would mean verifying up to ten hashes per attempt and then a separate claim.
 */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(16);
    const symbols = [...bytes].map((b) => ALPHABET_32[b & 31]).join('');
    return symbols.match(/.{4}/g)!.join('-');
  });
}

/** What a person may type: any case, with or without the hyphens and spaces. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, '');
  if (compact.length !== 16 || [...compact].some((c) => !ALPHABET_32.includes(c))) return null;
  return compact.match(/.{4}/g)!.join('-');
}

export function hashRecoveryCode(userId: string, code: string): string {
  return createHash('sha256').update(`${userId}:${code}`).digest('hex');
}
