import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes.js';

describe('recovery codes', () => {
  it('makes ten distinct 16-symbol codes that read back the same however typed', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect(normalizeRecoveryCode(code.toUpperCase().replace(/-/g, ' '))).toBe(code);
    }
  });

  it('refuses input that cannot be a code (a TOTP code, a wrong length, look-alikes)', () => {
    expect(normalizeRecoveryCode('123456')).toBeNull();
    expect(normalizeRecoveryCode('abcd-efgh-ijkm-npq')).toBeNull();
    expect(normalizeRecoveryCode('abcd-efgh-ijkm-npq0')).toBeNull();
  });

  it('hashes per user: the same code of two users gives two hashes', () => {
    expect(hashRecoveryCode('u1', 'abcd-efgh-ijkm-npqr')).not.toBe(
      hashRecoveryCode('u2', 'abcd-efgh-ijkm-npqr'),
    );
  });
});
