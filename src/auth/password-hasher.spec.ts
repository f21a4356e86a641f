import { jest } from '@jest/globals';
import argon2 from 'argon2';
import { HASH_CONCURRENCY, PasswordHasher, Semaphore } from './password-hasher.js';

describe('PasswordHasher', () => {
  afterEach(() => jest.restoreAllMocks());

  it('runs at most HASH_CONCURRENCY hashes and verifications at once across the process, however many are asked for', async () => {
    const realHash = argon2.hash.bind(argon2);
    const realVerify = argon2.verify.bind(argon2);
    let running = 0;
    let peak = 0;
    const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
      peak = Math.max(peak, ++running);
      try {
        // Long enough that every caller is waiting while the first ones run.
        await new Promise((r) => setTimeout(r, 20));
        return await work();
      } finally {
        running--;
      }
    };
    jest
      .spyOn(argon2, 'hash')
      .mockImplementation(((password: string, options: object) =>
        tracked(() => realHash(password, options as never))) as never);
    jest
      .spyOn(argon2, 'verify')
      .mockImplementation(((hash: string, password: string) =>
        tracked(() => realVerify(hash, password))) as never);

    // Two apps in one process (as in the tests, or a web and a CLI context) share the bound.
    const a = new PasswordHasher({ env: 'test' });
    const b = new PasswordHasher({ env: 'test' });
    const stored = await a.hash('correct horse battery staple');
    peak = 0;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2
          ? (i % 3 ? a : b).hash(`password number ${i}`)
          : b.verify(stored, 'correct horse battery staple'),
      ),
    );
    expect(results.filter((r) => r === true)).toHaveLength(15);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(HASH_CONCURRENCY);
    expect(HASH_CONCURRENCY).toBeLessThanOrEqual(4);
  });
});

describe('Semaphore', () => {
  it('lets the waiting callers in, in order, as slots free up, even when a task fails', async () => {
    const slots = new Semaphore(2);
    const order: number[] = [];
    const runs = Array.from({ length: 6 }, (_, i) =>
      slots
        .run(async () => {
          order.push(i);
          await new Promise((r) => setTimeout(r, 5));
          if (i === 1) throw new Error('boom');
          return i;
        })
        .catch(() => -1),
    );
    expect(await Promise.all(runs)).toEqual([0, -1, 2, 3, 4, 5]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
