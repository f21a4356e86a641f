import { InFlightLimit } from './in-flight-limit.js';

describe('InFlightLimit', () => {
  it('admits `limit` per key, refuses the next, and frees a slot once per release', () => {
    const limit = new InFlightLimit(2);
    const attempts = Array.from({ length: 20 }, () => limit.tryAcquire('alice'));
    expect(attempts.filter(Boolean)).toHaveLength(2);
    expect(limit.tryAcquire('bob')).not.toBeNull();

    const release = attempts[0]!;
    release();
    release();
    expect(limit.inFlight('alice')).toBe(1);
    expect(limit.tryAcquire('alice')).not.toBeNull();
    expect(limit.tryAcquire('alice')).toBeNull();
  });
});
