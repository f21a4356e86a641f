import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort, haproxyPath, ROOT } from '../../cluster/topology.ts';

/**
 * deploy/haproxy.cfg's health checks, against two stand-in web processes whose `/readyz` we
 * control: a busy process (its probe answered slowly, as an event loop loaded on shared cores
 * answers it) stays in rotation, a draining one (503) leaves it within SHUTDOWN_DRAIN_MS.
 * A busy process taken out while the other was restarting is what made the rolling restart of
 * cluster.spec.ts answer 503 now and then.
 */
describe('HAProxy with deploy/haproxy.cfg', () => {
  const DRAIN_MS = 2_000;
  type Web = { name: string; server: Server; port: number; readyz: { status: number; delayMs: number } };
  let webs: Web[];
  let haproxy: ChildProcess;
  let exited: Promise<void>;
  let url: string;

  async function web(name: string): Promise<Web> {
    const readyz = { status: 200, delayMs: 0 };
    const server = createServer((req, res) => {
      if (req.url === '/readyz') setTimeout(() => res.writeHead(readyz.status).end(), readyz.delayMs);
      else res.end(name);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { name, server, port: (server.address() as AddressInfo).port, readyz };
  }

  /** Who answers `n` requests in a row through the balancer (a status other than 200 is kept). */
  async function answers(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) });
      out.push(res.status === 200 ? await res.text() : String(res.status));
    }
    return out;
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    webs = [await web('web1'), await web('web2')];
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    haproxy = spawn(haproxyPath(), ['-db', '-f', join(ROOT, 'deploy/haproxy.cfg')], {
      env: {
        COMPTOIR_BIND: `127.0.0.1:${port}`,
        COMPTOIR_WEB1: `127.0.0.1:${webs[0].port}`,
        COMPTOIR_WEB2: `127.0.0.1:${webs[1].port}`,
      },
      stdio: 'ignore',
    });
    exited = new Promise((resolve) => haproxy.once('exit', () => resolve()));
  });

  /** Both stand-ins healthy again, and both answering through the balancer. */
  async function bothInRotation(): Promise<void> {
    for (const w of webs) Object.assign(w.readyz, { status: 200, delayMs: 0 });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const who = await answers(2).catch(() => []);
      if (new Set(who).size === 2 && who.every((w) => w.startsWith('web'))) return;
      if (Date.now() > deadline) throw new Error(`not both in rotation: ${who.join(', ')}`);
      await sleep(100);
    }
  }
  beforeEach(() => bothInRotation(), 15_000);

  afterAll(async () => {
    haproxy?.kill('SIGKILL');
    await exited;
    for (const w of webs ?? []) await new Promise((r) => w.server.close(r));
  });

  it('keeps a busy process in rotation: its probe answered after 1 s does not take it out', async () => {
    webs[0].readyz.delayMs = 1_000;
    // Several check rounds (every 400 ms) while its probes are slow.
    await sleep(3_000);
    const who = await answers(8);
    expect(who.filter((w) => w === 'web1')).toHaveLength(4);
    expect(who.filter((w) => w === 'web2')).toHaveLength(4);
  }, 30_000);

  it('takes a draining process (/readyz 503) out of rotation within the drain', async () => {
    webs[1].readyz.status = 503;
    await sleep(DRAIN_MS - 500);
    expect(await answers(6)).toEqual(Array(6).fill('web1'));
  }, 30_000);
});
