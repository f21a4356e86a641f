/**
 * `npm start`: validates the config, starts the embedded PostgreSQL (unless DATABASE_URL is set),
 * applies migrations, starts the app with its job workers (unless RUN_WORKERS=false), and prints
 * where to open it.
 * SIGINT/SIGTERM stop the app gracefully (shutdown.ts: drain, finish requests, jobs, pools),
 * then the database it started.
 */
import 'reflect-metadata';
import { createApp } from './bootstrap.js';
import type { AppConfig } from './config/app-config.js';
import type { EmbeddedPostgresHandle } from './database/embedded-postgres.js';
import { JobQueue } from './jobs/job-queue.js';
import { startEmulatorProcess, type EmulatorHandle } from './stripe/emulator-process.js';
import { ensureDemoAdmin } from './auth/demo-admin.js';
import { ensureDemoShop, type DemoShopLogin } from './demo/demo-shop.js';
import { gracefulShutdown } from './shutdown.js';
import { configOrExit, openDatabase } from './startup.js';

const stoppers: Array<() => Promise<unknown>> = [];
let stopSignal: NodeJS.Signals | undefined;
let databaseStopping = false;

async function stopAll(): Promise<void> {
  for (const stop of stoppers.splice(0)) {
    await stop().catch((err: unknown) => console.error('while stopping:', err));
  }
}

async function main(): Promise<void> {
  const config = configOrExit();

  installSignalHandlers(config);

  const { url, embedded, applied } = await openDatabase(config, {
    migrate: config.database.runMigrations,
    log: (line) => {
      // Stopping the database we started disconnects whatever is still attached (the app's pools
      // are closed by then; a connection still closing races the stop): PostgreSQL reports each
      // as FATAL "terminating connection due to administrator command", which is our own request.
      if (databaseStopping && /terminating connection due to administrator command/.test(line)) return;
      if (/FATAL|ERROR|PANIC/.test(line)) console.error(`[postgres] ${line}`);
    },
  });
  if (embedded)
    stoppers.push(() => {
      databaseStopping = true;
      return embedded.stop();
    });
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
  let stopApp: () => Promise<unknown> = () => app.close();
  stoppers.unshift(() => stopApp());
  if (config.runWorkers) await app.get(JobQueue).startWorkers();
  await app.listen(config.port);
  // From now on a signal drains and finishes the requests in flight before closing (shutdown.ts).
  const graceful = gracefulShutdown(app, config);
  // SIGTERM is what orchestrators send; Ctrl-C in a terminal has no load balancer to wait for.
  stopApp = () => graceful.shutDown((line) => console.log(line), { drain: stopSignal !== 'SIGINT' });
  const demoAdmin = await ensureDemoAdmin(app);
  // A demo shop that fails to seed leaves the app running (its shop then blocks a retry).
  const demoShop = await ensureDemoShop(app, (line) => console.log(line)).catch((err: unknown) => {
    console.error('The demo shop could not be made:', err instanceof Error ? err.message : err);
    return null;
  });
  printBanner(config, embedded, emulator, demoAdmin, demoShop);
}

function printBanner(
  config: AppConfig,
  embedded?: EmbeddedPostgresHandle,
  emulator?: EmulatorHandle,
  demoAdmin?: { email: string; password: string } | null,
  demoShop?: DemoShopLogin | null,
): void {
  const lines = [
    '',
    `  Comptoir is running: open ${config.appUrl}`,
    `  Shops live on http://<slug>.${config.appDomain}:${config.port}`,
    ...(demoAdmin
      ? [`  Demo admin: ${demoAdmin.email} / ${demoAdmin.password}  (log in at ${config.appUrl}/login)`]
      : []),
    ...(demoShop
      ? [
          `  Demo shop: ${demoShop.storefrontUrl}  (merchant log-in: ${demoShop.email} / ${
            demoShop.password ?? 'see the data dir that made it'
          })`,
        ]
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

function installSignalHandlers(config: AppConfig): void {
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
      stopSignal = signal;
      console.log(`\n${signal}: shutting down…`);
      // The drain and the requests' allowance, plus 15 s for the rest (jobs, pools, database).
      const limitMs = config.shutdown.drainMs + config.shutdown.timeoutMs + 15_000;
      const timer = setTimeout(() => {
        console.error(`Shutdown took longer than ${limitMs / 1000} s; exiting anyway.`);
        process.exit(1);
      }, limitMs);
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
