/**
 * `npm run worker`: the job workers without the HTTP server, for deployments that run them
 * apart. Same config and database as the app; it never applies migrations (the app does).
 */
import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApp } from './bootstrap.js';
import { JobQueue } from './jobs/job-queue.js';
import { configOrExit, openDatabase } from './startup.js';

async function worker(): Promise<void> {
  const config = configOrExit();
  // Never migrates: the web process does.
  const { url, embedded } = await openDatabase(config);
  const app = await createApp(config, url);
  await app.init();
  await app.get(JobQueue).startWorkers();
  app.get(Logger).log('Comptoir worker started; press Ctrl-C to stop.');
  // Stop in order, as main.ts does: the job workers and pools, then a database we started.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${signal}: shutting down…\n`);
      // The job queue stops fetching at once; running handlers get SHUTDOWN_TIMEOUT_MS, then
      // their jobs are released (failed, to be retried) before the pools close.
      const timer = setTimeout(() => process.exit(1), config.shutdown.timeoutMs + 15_000);
      timer.unref();
      void app
        .close()
        .then(() => embedded?.stop())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
          },
        );
    });
  }
}

worker().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
