import { isUuid } from './uuid.js';

describe('isUuid', () => {
  it('accepts our ids in either case and nothing else', () => {
    expect(isUuid('0b6a2c3e-8f1d-4c5e-9a7b-1234567890ab')).toBe(true);
    expect(isUuid('0B6A2C3E-8F1D-4C5E-9A7B-1234567890AB')).toBe(true);
    // 36 characters of the right alphabet but not a uuid: a database error before, not-found now.
    expect(isUuid('-'.repeat(36))).toBe(false);
    expect(isUuid('0b6a2c3e8f1d4c5e9a7b1234567890ab')).toBe(false);
    expect(isUuid('0b6a2c3e-8f1d-4c5e-9a7b-1234567890ab ')).toBe(false);
    expect(isUuid("1' OR '1'='1")).toBe(false);
  });
});
