/** The command line of `npm run bench` (see run.ts), read once. */
const args = process.argv.slice(2);
export const FULL = args.includes('--full');
export const PROFILE = args.includes('--profile');
/** Job workers in their own process (`npm run worker`, web process with RUN_WORKERS=false). */
export const SEPARATE_WORKER = args.includes('--separate-worker');
/** The production topology through HAProxy, one then two web processes (cluster.ts). */
export const CLUSTER = args.includes('--cluster');
/** Print the statements that took the database's time during each run (pg_stat_statements). */
export const STATEMENTS = args.includes('--statements');
export const ONLY = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
export const RUN = FULL
  ? { reps: 5, seconds: 10, connections: 50, warmup: 3, webhookEvents: 20_000 }
  : { reps: 3, seconds: 5, connections: 50, warmup: 2, webhookEvents: 6_000 };
const EVENTS = args.find((a) => a.startsWith('--events='))?.slice('--events='.length);
if (EVENTS) RUN.webhookEvents = Number(EVENTS);
