import { SecretBox } from './secret-box.js';

const OLD = 'old-session-secret-old-session-secret-0000';
const NEW = 'new-session-secret-new-session-secret-1111';
const USER = '6f1c2d1e-0000-4000-8000-000000000001';

describe('SecretBox (2FA secrets at rest)', () => {
  it('seals with the current key and opens for the same user only', () => {
    const box = new SecretBox(NEW);
    const sealed = box.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', USER);
    expect(sealed).not.toContain('JBSWY3DP');
    expect(box.open(sealed, USER)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(box.open(sealed, '6f1c2d1e-0000-4000-8000-000000000002')).toBeNull();
    expect(box.needsReseal(sealed)).toBe(false);
  });

  it('after a rotation, opens values sealed under SESSION_SECRET_PREVIOUS and flags them for re-sealing', () => {
    const sealed = new SecretBox(OLD).seal('SECRET', USER);
    const rotated = new SecretBox(NEW, OLD);
    expect(rotated.open(sealed, USER)).toBe('SECRET');
    expect(rotated.needsReseal(sealed)).toBe(true);
    const resealed = rotated.seal('SECRET', USER);
    expect(rotated.needsReseal(resealed)).toBe(false);
    // Once the previous secret is dropped, only re-sealed values still open.
    expect(new SecretBox(NEW).open(sealed, USER)).toBeNull();
    expect(new SecretBox(NEW).open(resealed, USER)).toBe('SECRET');
  });

  it('refuses a tampered ciphertext', () => {
    const box = new SecretBox(NEW);
    const parts = box.seal('SECRET', USER).split('.');
    const ct = Buffer.from(parts[4], 'base64url');
    ct[0] ^= 1;
    parts[4] = ct.toString('base64url');
    expect(box.open(parts.join('.'), USER)).toBeNull();
  });
});
