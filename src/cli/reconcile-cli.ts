/**
 * `npm run reconcile [-- --after-minutes N]`: runs checkout reconciliation now (the job the
 * workers run every RECONCILE_EVERY_MINUTES) and prints what it did. Safe to run at any time,
 * as often as wanted. Uses DATABASE_URL or the embedded PostgreSQL, like the app.
 */
import 'reflect-metadata';
import { ReconciliationService } from '../checkout/reconciliation.service.js';
import { commandConfig, runCommand, withAppContext } from '../startup.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--after-minutes');
  const text = at >= 0 ? args[at + 1] : undefined;
  if (text !== undefined && !/^\d{1,6}$/.test(text)) {
    process.stderr.write('usage: npm run reconcile [-- --after-minutes N]\n');
    return 2;
  }
  return withAppContext(commandConfig(), {}, async (app) => {
    const summary = await app
      .get(ReconciliationService)
      .run({ afterMinutes: text === undefined ? undefined : Number(text) });
    process.stdout.write(
      `Reconciled ${summary.checked} unsettled order(s): ${summary.changed} changed, ${summary.failed} failed.\n`,
    );
    return summary.failed ? 1 : 0;
  });
}

runCommand(main);
