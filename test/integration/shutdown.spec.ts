import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT_DIR } from '../../src/root-dir.js';
import { freePort } from '../support/test-app.js';

/**
 * `npm start` and `npm run worker` as a person runs them: the built entry points, a fresh
 * DATA_DIR (embedded PostgreSQL, Stripe emulator), then Ctrl-C, which a terminal sends to the
 * whole foreground process group, children included.
 */
const NODE = join(ROOT_DIR, 'node_modules/.bin/node');
const BOOT_TIMEOUT_MS = 240_000;

/** A stack frame or a logged stack, in pretty or JSON output. */
const STACK = /\n\s+at .+:\d+:\d+|"stack":/;

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function run(script: string, env: Record<string, string>): Run {
  let output = '';
  const child = spawn(NODE, [join(ROOT_DIR, script)], {
    cwd: ROOT_DIR,
    // Its own process group, so that signalling -pid reaches it and its children like Ctrl-C.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      DEMO_SHOP: 'false',
      ...env,
    },
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function waitFor(r: Run, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!r.output().includes(text)) {
    if (r.child.exitCode !== null) throw new Error(`exited before "${text}":\n${r.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" after ${timeoutMs} ms:\n${r.output()}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Ctrl-C, then the exit code and what was printed from the signal on. */
async function interrupt(r: Run): Promise<{ code: number | null; printed: string }> {
  const before = r.output().length;
  process.kill(-r.child.pid!, 'SIGINT');
  const code = await r.exit;
  // Let the last pipe chunks arrive.
  await new Promise((res) => setTimeout(res, 200));
  return { code, printed: r.output().slice(before) };
}

describe('start and Ctrl-C (built app)', () => {
  let dataDir: string;
  const running: Run[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'comptoir-shutdown-'));
    // mkdtemp makes it 0700; as root, PostgreSQL runs as `postgres` and must pass through it.
    chmodSync(dataDir, 0o755);
    // The same compiler `npm start` runs (nest build = tsc with tsconfig.build.json).
    await promisify(execFile)(
      NODE,
      [join(ROOT_DIR, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT_DIR,
      },
    );
  }, BOOT_TIMEOUT_MS);

  afterAll(() => {
    for (const r of running) if (r.child.exitCode === null) process.kill(-r.child.pid!, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'npm start prints the banner with the demo admin, then stops on Ctrl-C with exit code 0 and no error',
    async () => {
      const port = await freePort();
      const app = run('dist/src/main.js', {
        PORT: String(port),
        EMULATOR_PORT: String(await freePort()),
        DATA_DIR: dataDir,
      });
      running.push(app);
      await waitFor(app, 'Press Ctrl-C to stop.', BOOT_TIMEOUT_MS);
      expect(app.output()).toMatch(/Demo admin: admin@comptoir\.local \/ \S{12,}/);
      // Some traffic, so the pools hold connections when the signal comes.
      for (const path of ['/', '/login', '/readyz']) await fetch(`http://localhost:${port}${path}`);

      const { code, printed } = await interrupt(app);
      expect({ code, printed }).toEqual({ code: 0, printed: expect.stringContaining('Stopped.') as string });
      expect(printed).not.toMatch(/FATAL|PANIC|ERROR|"level":(50|60)/);
      expect(printed).not.toMatch(STACK);
      // PostgreSQL was stopped cleanly (it removes its pid file), not left running.
      expect(existsSync(join(dataDir, 'postgres/data/postmaster.pid'))).toBe(false);
    },
    2 * BOOT_TIMEOUT_MS,
  );

  it(
    'npm start on SIGTERM: /readyz 503 while draining, requests in flight complete 2xx, exit 0',
    async () => {
      const port = await freePort();
      const app = run('dist/src/main.js', {
        PORT: String(port),
        EMULATOR_PORT: String(await freePort()),
        DATA_DIR: dataDir,
        SHUTDOWN_DRAIN_MS: '2000',
      });
      running.push(app);
      await waitFor(app, 'Press Ctrl-C to stop.', BOOT_TIMEOUT_MS);
      const base = `http://localhost:${port}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);

      // 40 page requests at once, then the signal an orchestrator sends (to the app alone).
      const pages = Array.from({ length: 40 }, (_, i) =>
        fetch(`${base}${i % 2 ? '/login' : '/'}`).then((r) => r.status),
      );
      const before = app.output().length;
      process.kill(app.child.pid!, 'SIGTERM');
      await waitFor(app, 'SIGTERM: shutting down', 10_000);
      const probe = await fetch(`${base}/readyz`);
      // Still served during the drain, but out of rotation.
      const duringDrain = await fetch(`${base}/login`);
      expect({ probe: probe.status, page: duringDrain.status }).toEqual({ probe: 503, page: 200 });

      const statuses = await Promise.all(pages);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const code = await app.exit;
      await new Promise((res) => setTimeout(res, 200));
      const printed = app.output().slice(before);
      expect({ code, printed }).toEqual({ code: 0, printed: expect.stringContaining('Stopped.') as string });
      expect(printed).not.toMatch(/FATAL|PANIC|ERROR|"level":(50|60)/);
      expect(printed).not.toMatch(STACK);
      expect(existsSync(join(dataDir, 'postgres/data/postmaster.pid'))).toBe(false);
    },
    2 * BOOT_TIMEOUT_MS,
  );

  it(
    'npm run worker stops on Ctrl-C with exit code 0 and no error',
    async () => {
      const worker = run('dist/src/worker.js', {
        PORT: String(await freePort()),
        EMULATOR_PORT: String(await freePort()),
        DATA_DIR: dataDir,
        // No emulator runs for a worker alone; its endpoint setup would only retry.
        WEBHOOK_ENDPOINT_SETUP: 'false',
      });
      running.push(worker);
      await waitFor(worker, 'worker started', BOOT_TIMEOUT_MS);
      // Let the job workers poll the database once.
      await new Promise((res) => setTimeout(res, 2000));

      const { code, printed } = await interrupt(worker);
      expect(code).toBe(0);
      expect(printed).not.toMatch(/FATAL|PANIC|ERROR|"level":(50|60)/);
      expect(printed).not.toMatch(STACK);
      expect(existsSync(join(dataDir, 'postgres/data/postmaster.pid'))).toBe(false);
    },
    2 * BOOT_TIMEOUT_MS,
  );
});
