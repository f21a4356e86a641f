import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('serving pages, health and static files; running jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the landing page as HTML with a strict CSP', async () => {
    const res = await request(t.app.getHttpServer()).get('/').set('Host', 'localhost:3000').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Open your shop');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is ready when the database answers', async () => {
    const res = await request(t.app.getHttpServer()).get('/readyz').expect(200);
    expect(res.body.details.database.status).toBe('up');
    await request(t.app.getHttpServer()).get('/healthz').expect(200);
  });

  it('renders a 404 page without internals, and JSON for JSON clients', async () => {
    const html = await request(t.app.getHttpServer())
      .get('/no-such-page')
      .set('Host', 'localhost:3000')
      .set('Accept', 'text/html')
      .expect(404);
    expect(html.text).toContain('Page not found');
    expect(html.text).not.toMatch(/at .*\.(js|ts):\d+/);
    const json = await request(t.app.getHttpServer())
      .get('/no-such-page')
      .set('Host', 'localhost:3000')
      .set('Accept', 'application/json')
      .expect(404);
    expect(json.body).toMatchObject({ statusCode: 404 });
  });

  it('serves static files with cache headers', async () => {
    const res = await request(t.app.getHttpServer()).get('/static/css/app.css').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/css/);
    expect(res.headers['cache-control']).toMatch(/max-age=/);
  });

  it('runs jobs through pg-boss on the same database', async () => {
    const { JobQueue, defineJob } = await import('../../src/jobs/job-queue.js');
    const queue = t.app.get(JobQueue);
    const ping = defineJob<{ n: number }>('test-ping');
    const seen: number[] = [];
    await queue.work(ping, async (data) => {
      seen.push(data.n);
    });
    await queue.startWorkers();
    await queue.send(ping, { n: 7 });
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([7]);
  });
});
