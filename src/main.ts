/**
 * `npm start`: validates the config, starts the embedded PostgreSQL (unless DATABASE_URL is set),
 * applies migrations, starts the app with its job workers (unless RUN_WORKERS=false), and prints
 * where to open it.
 * SIGINT/SIGTERM close the app first, then the database it started.
 */
import 'reflect-metadata';
import { createApp } from './bootstrap.js';
import type { AppConfig } from './config/app-config.js';
import type { EmbeddedPostgresHandle } from './database/embedded-postgres.js';
import { JobQueue } from './jobs/job-queue.js';
import { startEmulatorProcess, type EmulatorHandle } from './stripe/emulator-process.js';
import { ensureDemoAdmin } from './auth/demo-admin.js';
import { configOrExit, openDatabase } from './startup.js';

const stoppers: Array<() => Promise<unknown>> = [];

async function stopAll(): Promise<void> {
  for (const stop of stoppers.splice(0)) {
    await stop().catch((err: unknown) => console.error('while stopping:', err));
  }
}

async function main(): Promise<void> {
  const config = configOrExit();

  installSignalHandlers();

  const { url, embedded, applied } = await openDatabase(config, {
    migrate: config.database.runMigrations,
    log: (line) => {
      if (/FATAL|ERROR|PANIC/.test(line)) console.error(`[postgres] ${line}`);
    },
  });
  if (embedded) stoppers.push(() => embedded.stop());
  if (applied.length)
    console.log(
      `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} (latest ${applied.at(-1)})`,
    );

  let emulator: EmulatorHandle | undefined;
  if (config.offline) {
    emulator = await startEmulatorProcess({ port: config.stripe.emulatorPort, dataDir: config.dataDir });
    const stop = emulator.stop;
    stoppers.push(() => stop());
  }

  const app = await createApp(config, url);
  stoppers.unshift(() => app.close());
  if (config.runWorkers) await app.get(JobQueue).startWorkers();
  await app.listen(config.port);
  const demoAdmin = await ensureDemoAdmin(app);
  printBanner(config, embedded, emulator, demoAdmin);
}

function printBanner(
  config: AppConfig,
  embedded?: EmbeddedPostgresHandle,
  emulator?: EmulatorHandle,
  demoAdmin?: { email: string; password: string } | null,
): void {
  const lines = [
    '',
    `  Comptoir is running: open ${config.appUrl}`,
    `  Shops live on http://<slug>.${config.appDomain}:${config.port}`,
    ...(demoAdmin
      ? [`  Demo admin: ${demoAdmin.email} / ${demoAdmin.password}  (log in at ${config.appUrl}/login)`]
      : []),
    `  Database: ${embedded ? `embedded PostgreSQL under ${config.dataDir}/postgres` : 'DATABASE_URL'}`,
    `  Stripe: ${
      emulator
        ? `offline demo, emulator on ${emulator.url}${emulator.started ? '' : ' (already running)'}`
        : `${config.stripe.mode} mode`
    }`,
    ...(config.offline && config.stripe.apiUrl !== emulator?.url
      ? [`  Stripe API requests go to ${config.stripe.apiUrl}`]
      : []),
    '  Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
}

function installSignalHandlers(): void {
  // embedded-postgres installs its own exit hook that stops the cluster on SIGINT at once,
  // racing the app's shutdown; we take over the signals and stop things in order: the app
  // (requests, job workers, pools), then the database and the emulator it started.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    // `on`, not `once`: a second Ctrl-C while stopping must not kill the process halfway
    // through (leaving the database to the next start's orphan check); the timer bounds it.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: shutting down…`);
      const timer = setTimeout(() => {
        console.error('Shutdown took longer than 15 s; exiting anyway.');
        process.exit(1);
      }, 15_000);
      timer.unref();
      void stopAll().then(() => {
        console.log('Stopped.');
        process.exit(0);
      });
    });
  }
}

main().catch(async (err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  await stopAll();
  process.exit(1);
});
