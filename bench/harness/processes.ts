import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './util.ts';
import { freePort } from '../../src/database/embedded-postgres.ts';
export { freePort };

export const ROOT = join(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];
/** Run at the end, in order (what started last stops first: callers unshift). */
export const cleanups: Array<() => Promise<unknown>> = [];

export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly pid: number;
  constructor(pid: number) {
    this.pid = pid;
    this.sample();
    this.timer = setInterval(() => this.sample(), 250);
  }
  private sample(): void {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      if (m) this.peak = Math.max(this.peak, Number(m[1]) / 1024);
    } catch {
      // process gone
    }
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.round(this.peak);
  }
}

export function startProcess(
  name: string,
  argv: string[],
  env: Record<string, string>,
  tmp: string,
): ChildProcess {
  const out = openSync(join(tmp, `${name}.log`), 'a');
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmp, ...env },
    stdio: ['ignore', out, out],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(
        `${name} exited (${code ?? signal}); its log:\n${readFileSync(join(tmp, `${name}.log`), 'utf8')}\n`,
      );
      process.exitCode = 1;
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
export async function shutdown(): Promise<void> {
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
  for (const clean of cleanups.splice(0))
    await clean().catch((err: unknown) => log(`cleanup: ${String(err)}`));
}
