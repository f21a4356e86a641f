import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Controller, Get, Module, Query } from '@nestjs/common';
import { gracefulShutdown } from '../../src/shutdown.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** A route that takes its time (test-only), counting the requests it is working on. */
@Controller()
class SlowController {
  static started = 0;
  @Get('slow-test')
  async slow(@Query('ms') ms: string): Promise<string> {
    SlowController.started++;
    await delay(Number(ms));
    return 'done';
  }
}
@Module({ controllers: [SlowController] })
class SlowModule {}

async function until(what: string, check: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs} ms`);
    await delay(20);
  }
}

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('graceful shutdown of a web process', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('drains (readyz 503, still serving), then finishes every request in flight with 2xx', async () => {
    t = await createTestApp({
      listen: true,
      imports: [SlowModule],
      env: { SHUTDOWN_DRAIN_MS: '1000', SHUTDOWN_TIMEOUT_MS: '20000' },
    });
    const base = t.baseUrl!;
    const port = t.config.port;
    const graceful = gracefulShutdown(t.app, t.config);
    await fetch(`${base}/readyz`).then((r) => expect(r.status).toBe(200));

    // 30 requests that outlast the drain, so they are running when the server stops accepting.
    SlowController.started = 0;
    const slow = Array.from({ length: 30 }, () =>
      fetch(`${base}/slow-test?ms=2500`).then(async (r) => ({ status: r.status, body: await r.text() })),
    );
    await until('30 requests in flight', () => SlowController.started === 30);

    const lines: string[] = [];
    const startedAt = Date.now();
    const stopped = graceful.shutDown((line) => lines.push(line));
    // During the drain: the probe says 503, the rest is served as usual.
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${base}/login`)).status).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(1000);

    await until('new connections refused', () => Date.now() - startedAt > 1200);
    expect(await accepts(port)).toBe(false);

    const results = await Promise.all(slow);
    expect(results).toEqual(Array.from({ length: 30 }, () => ({ status: 200, body: 'done' })));
    expect(await stopped).toEqual({ cutRequests: 0 });
    expect(lines.join('\n')).not.toContain('cutting');
  });

  it('cuts requests still running after SHUTDOWN_TIMEOUT_MS, and closes', async () => {
    t = await createTestApp({
      listen: true,
      imports: [SlowModule],
      env: { SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_TIMEOUT_MS: '1000' },
    });
    const graceful = gracefulShutdown(t.app, t.config);
    SlowController.started = 0;
    const stuck = fetch(`${t.baseUrl!}/slow-test?ms=60000`).then(
      (r) => r.status,
      () => 'cut',
    );
    await until('request in flight', () => SlowController.started === 1);
    const startedAt = Date.now();
    expect(await graceful.shutDown(() => undefined)).toEqual({ cutRequests: 1 });
    expect(await stuck).toBe('cut');
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });
});
