import { AuthService } from '../../src/auth/auth.service.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * `createOrPromoteAdmin` when several processes boot at once on one database (the offline demo
 * admin of every web process of `npm run cluster`): the one that loses the insert race promotes
 * the row the other made, instead of failing (which stopped that process at boot).
 */
describe('admin bootstrap: processes booting at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('concurrent createOrPromoteAdmin calls for a new email all succeed, leaving one admin', async () => {
    const auth = t.app.get(AuthService);
    // Several new emails, four calls each at once: the lookups all miss before any insert lands.
    const emails = Array.from({ length: 5 }, (_, i) => `boot-${i}-${Date.now()}@example.com`);
    const results = await Promise.allSettled(
      emails.flatMap((email) => Array.from({ length: 4 }, () => auth.createOrPromoteAdmin(email))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await t.db.query('SELECT email, role FROM app_user WHERE email = ANY($1) ORDER BY email', [
      emails,
    ]);
    expect(rows).toEqual([...emails].sort().map((email) => ({ email, role: 'admin' })));
  });
});
