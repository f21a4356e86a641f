/**
 * `npm run reconcile [-- --after-minutes N]`: runs checkout reconciliation now (the job the
 * workers run every RECONCILE_EVERY_MINUTES) and prints what it did. Safe to run at any time,
 * as often as wanted. Uses DATABASE_URL or the embedded PostgreSQL, like the app.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { resolveDatabase } from '../database/database-url.js';
import { ReconciliationService } from '../checkout/reconciliation.service.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--after-minutes');
  const text = at >= 0 ? args[at + 1] : undefined;
  if (text !== undefined && !/^\d{1,6}$/.test(text)) {
    process.stderr.write('usage: npm run reconcile [-- --after-minutes N]\n');
    return 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' });
  const { url, embedded } = await resolveDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), {
      logger: ['error'],
    });
    try {
      const summary = await app
        .get(ReconciliationService)
        .run({ afterMinutes: text === undefined ? undefined : Number(text) });
      process.stdout.write(
        `Reconciled ${summary.checked} unsettled order(s): ${summary.changed} changed, ${summary.failed} failed.\n`,
      );
      return summary.failed ? 1 : 0;
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
