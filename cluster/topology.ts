/**
 * The production topology on one machine (`npm run cluster`, `npm run test:cluster`,
 * `npm run bench -- --cluster`): a PostgreSQL primary and a streaming replica (the embedded
 * binaries), the Stripe emulator, an S3-compatible server (s3rver), web processes
 * (`RUN_WORKERS=false`) and one worker (`npm run worker`), behind HAProxy from Debian with
 * deploy/haproxy.cfg. Everything listens on 127.0.0.1 on free ports; `stop()` ends every process
 * (by process group) and removes the temporary directory, also when start-up fails half-way.
 *
 * Runs the compiled app (dist/, `npm run build`) as `npm start` would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import {
  freePort,
  startEmbeddedPostgres,
  startEmbeddedReplica,
  waitForReplay,
  type EmbeddedPostgresHandle,
} from '../src/database/embedded-postgres.ts';
export { freePort };

export const ROOT = join(import.meta.dirname, '..');
const DB = 'comptoir';
const BUCKET = 'comptoir';

export interface ClusterOptions {
  /** Web processes behind the balancer: 1 or 2 (default 2; deploy/haproxy.cfg names two). */
  webs?: 1 | 2;
  /** Extra environment for the web processes and the worker (e.g. raised rate limits). */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Keep the temporary directory (logs, data) after stop(). */
  keep?: boolean;
}

export interface WebProcess {
  readonly name: string;
  readonly port: number;
  /** The X-Comptoir-Instance value of the process running now (changes on restart). */
  readonly instanceId: string;
  /** SIGTERM (graceful: drain, finish requests), wait for exit, start again, wait until ready. */
  restart(): Promise<{ stoppedMs: number; readyMs: number }>;
}

export interface Cluster {
  /** The balancer's origin, as clients reach it: http://localhost:<port>. */
  readonly url: string;
  readonly port: number;
  /** The platform Host header and a shop's (`<slug>.localhost:<port>`). */
  readonly appHost: string;
  shopHost(slug: string): string;
  readonly primaryUrl: string;
  readonly replicaUrl: string;
  readonly emulatorUrl: string;
  readonly s3Endpoint: string;
  readonly webs: WebProcess[];
  readonly dir: string;
  /** Processes that exited without being stopped (a crash at boot, say): `name (code or signal)`. */
  readonly unexpectedExits: readonly string[];
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

const answers = (url: string) => async () =>
  (await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200;

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<void>;
  /** Set when we stop it: any other exit is unexpected. */
  stopping: boolean;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const log = options.log ?? (() => undefined);
  const webCount = options.webs ?? 2;
  if (!existsSync(join(ROOT, 'dist/src/main.js')) || !existsSync(join(ROOT, 'emulator/dist/cli.js'))) {
    throw new Error('the app is not built: run npm run build');
  }
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-cluster-'));
  // As root, PostgreSQL runs as the `postgres` user, who must reach its data directories.
  chmodSync(dir, 0o711);
  const logDir = join(dir, 'logs');
  mkdirSync(logDir);

  // A watchdog outside this process: if it dies without stop() (killed, out of memory), the
  // watchdog kills every process group recorded in `pgids`, the two postmasters, and the files.
  const pgidsFile = join(dir, 'pgids');
  writeFileSync(pgidsFile, '');
  const watchdog = spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null && [ ! -e "$1/stopped" ]; do sleep 1; done
       [ -e "$1/stopped" ] && exit 0
       for g in $(cat "$1/pgids"); do kill -KILL -"$g" 2>/dev/null; done
       for f in "$1"/primary/data/postmaster.pid "$1"/replica/data/postmaster.pid; do
         [ -e "$f" ] && kill -QUIT "$(head -1 "$f")" 2>/dev/null
       done
       sleep 2; rm -rf "$1"`,
      'watchdog',
      dir,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  const watchdogExited = new Promise<void>((resolve) => watchdog.once('exit', () => resolve()));

  const children = new Set<Child>();
  const unexpectedExits: string[] = [];
  const stoppers: Array<() => Promise<unknown>> = [];
  let stopped = false;

  /** Every child in a process group of its own: stopping it stops whatever it started. */
  function start(name: string, command: string, args: string[], env: Record<string, string>): Child {
    const out = openSync(join(logDir, `${name}.log`), 'a');
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...env },
      stdio: ['ignore', out, out],
      detached: true,
    });
    const entry: Child = {
      name,
      process: child,
      stopping: false,
      exited: new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          if (!entry.stopping && !stopped) {
            unexpectedExits.push(`${name} (${code ?? signal})`);
            log(
              `${name} exited (${code ?? signal}) without being stopped; its log: ${join(logDir, `${name}.log`)}`,
            );
          }
          resolve();
        }),
      ),
    };
    children.add(entry);
    if (child.pid) appendFileSync(pgidsFile, `${child.pid}\n`);
    void entry.exited.then(() => children.delete(entry));
    return entry;
  }

  async function stopChild(child: Child, signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000) {
    child.stopping = true;
    const pid = child.process.pid;
    if (!pid || child.process.exitCode !== null || child.process.signalCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, graceMs);
    await child.exited;
    clearTimeout(timer);
  }

  // If this process dies without stop() (an uncaught error, Jest killed), no child survives it.
  const killAllNow = () => {
    for (const c of children) {
      try {
        if (c.process.pid) process.kill(-c.process.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const sub of ['primary', 'replica']) killPostmaster(join(dir, sub, 'data'));
  };
  process.once('exit', killAllNow);

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    // The balancer and the app processes first (they hold connections), then the servers.
    const apps = [...children];
    await Promise.all(apps.map((c) => stopChild(c)));
    for (const s of stoppers.splice(0).reverse())
      await s().catch((err: unknown) => log(`stop: ${String(err)}`));
    process.removeListener('exit', killAllNow);
    writeFileSync(join(dir, 'stopped'), '');
    // Its whole process group, so the `sleep` it may be waiting in does not outlive it either.
    watchdog.ref();
    try {
      process.kill(-watchdog.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await watchdogExited;
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    else log(`cluster files kept in ${dir}`);
  }

  try {
    // PostgreSQL: the primary, migrated, then a replica streaming from it.
    const pgLog = (line: string) => {
      // The replica's WAL receiver is ended by our own stop: not worth a line.
      if (
        /FATAL|PANIC/.test(line) &&
        !/terminating walreceiver process due to administrator command/.test(line)
      )
        log(`[postgres] ${line}`);
    };
    const primary: EmbeddedPostgresHandle = await startEmbeddedPostgres({
      dir: join(dir, 'primary'),
      log: pgLog,
    });
    stoppers.push(() => primary.stop());
    await primary.ensureDatabase(DB);
    const primaryUrl = primary.urlFor(DB);
    execFileSync(process.execPath, ['dist/src/cli/migration-cli.js', 'run'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: primaryUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const replica = await startEmbeddedReplica({
      primary,
      primaryDir: join(dir, 'primary'),
      dir: join(dir, 'replica'),
      name: 'replica1',
      log: pgLog,
    });
    stoppers.push(async () => {
      await replica.stop();
      await replica.dropSlot().catch(() => undefined);
    });
    const replicaUrl = replica.urlFor(DB);
    await waitForReplay(primaryUrl, replicaUrl);
    log(`PostgreSQL: primary ${new URL(primaryUrl).port}, streaming replica ${new URL(replicaUrl).port}`);

    // Object storage.
    const s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: join(dir, 's3'),
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port: s3Port } = await s3.run();
    stoppers.push(() => s3.close());
    const s3Endpoint = `http://127.0.0.1:${s3Port}`;

    // The Stripe emulator (offline mode), one for every process.
    const emulatorPort = await freePort();
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    start('emulator', process.execPath, ['emulator/dist/cli.js'], {
      EMULATOR_PORT: String(emulatorPort),
      DATA_DIR: join(dir, 'emulator'),
    });
    await waitFor('the Stripe emulator', async () => (await fetch(emulatorUrl)).status > 0, 30_000);

    const port = await freePort();
    const url = `http://localhost:${port}`;
    const sessionSecret = randomBytes(32).toString('base64url');
    const common: Record<string, string> = {
      NODE_ENV: 'production',
      APP_URL: url,
      APP_DOMAIN: 'localhost',
      DATABASE_URL: primaryUrl,
      DATABASE_REPLICA_URLS: replicaUrl,
      RUN_MIGRATIONS: 'false',
      DEMO_SHOP: 'false',
      SESSION_SECRET: sessionSecret,
      EMULATOR_PORT: String(emulatorPort),
      UPLOADS_STORAGE: 's3',
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: s3Endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      TRUST_PROXY: 'loopback',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      ...options.env,
    };

    // The web processes. Each keeps its port across restarts (the balancer's server line).
    type Web = WebProcess & { generation: number; child?: Child; launch(): void; ready(): Promise<void> };
    const webs: Web[] = [];
    for (let i = 1; i <= webCount; i++) {
      const name = `web${i}`;
      const webPort = await freePort();
      const dataDir = join(dir, name);
      const web: Web = {
        name,
        port: webPort,
        generation: 0,
        child: undefined as Child | undefined,
        get instanceId() {
          return `${name}.${this.generation}`;
        },
        launch() {
          this.generation++;
          this.child = start(`${name}.${this.generation}`, process.execPath, ['dist/src/main.js'], {
            ...common,
            PORT: String(webPort),
            RUN_WORKERS: 'false',
            DATA_DIR: dataDir,
            INSTANCE_ID: `${name}.${this.generation}`,
          });
        },
        async ready() {
          await waitFor(`${name} ready`, answers(`http://127.0.0.1:${webPort}/readyz`), 90_000);
        },
        async restart() {
          const t0 = Date.now();
          if (this.child) await stopChild(this.child);
          const stoppedMs = Date.now() - t0;
          this.launch();
          await this.ready();
          return { stoppedMs, readyMs: Date.now() - t0 };
        },
      };
      web.launch();
      webs.push(web);
    }
    for (const web of webs) await web.ready();
    log(`web processes: ${webs.map((w) => `${w.name} on ${w.port}`).join(', ')}`);

    start('worker', process.execPath, ['dist/src/worker.js'], {
      ...common,
      DATA_DIR: join(dir, 'worker'),
      INSTANCE_ID: 'worker',
    });

    // The balancer, with the repository's configuration.
    const haproxy = start('haproxy', haproxyPath(), ['-db', '-f', join(ROOT, 'deploy/haproxy.cfg')], {
      COMPTOIR_BIND: `127.0.0.1:${port}`,
      COMPTOIR_WEB1: `127.0.0.1:${webs[0].port}`,
      // One web process: both server lines name it (a bench comparison, same configuration).
      COMPTOIR_WEB2: `127.0.0.1:${(webs[1] ?? webs[0]).port}`,
    });
    await waitFor('HAProxy', answers(`http://127.0.0.1:${port}/readyz`), 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; its log: ${readFileSync(join(logDir, `haproxy.log`), 'utf8')}`);
    });
    void haproxy;
    log(`HAProxy on ${url}`);

    return {
      url,
      port,
      appHost: `localhost:${port}`,
      shopHost: (slug) => `${slug}.localhost:${port}`,
      primaryUrl,
      replicaUrl,
      emulatorUrl,
      s3Endpoint,
      webs,
      dir,
      unexpectedExits,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export function haproxyPath(): string {
  for (const p of ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('HAProxy is not installed: apt-get install -y haproxy');
  }
}

/** Last resort when exiting abruptly: a postmaster we started must not outlive us. */
function killPostmaster(clusterDir: string): void {
  try {
    const pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid) process.kill(pid, 'SIGQUIT');
  } catch {
    // not running
  }
}
