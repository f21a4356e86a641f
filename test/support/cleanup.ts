/**
 * What a spec file started (apps, emulators, browsers), closed after its last test, newest first.
 * The `afterAll` is registered when a spec file first imports this module, at the file's top
 * level, so it runs after every describe block's own `afterAll`.
 */
const closers: Array<() => Promise<unknown>> = [];

export function closeAfterAll(close: () => Promise<unknown>): void {
  closers.push(close);
}

afterAll(async () => {
  const failures: unknown[] = [];
  while (closers.length) {
    try {
      await closers.pop()!();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length) throw failures[0];
}, 60_000);
