import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'comptoir-config-'));

describe('loadConfig', () => {
  it('works with nothing set: offline, port 3000, localhost', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 3000,
      appUrl: 'http://localhost:3000',
      appHost: 'localhost:3000',
      appDomain: 'localhost',
      offline: true,
      secureCookies: false,
      stripe: {
        mode: 'offline',
        apiUrl: 'http://127.0.0.1:12111',
        emulatorPort: 12111,
        connectAccountKind: 'controller',
      },
      runWorkers: true,
      database: { runMigrations: true },
      webhooks: { maxAttempts: 8, retryDelaySeconds: 30, retryDelayMaxSeconds: 3600, setupEndpoints: true },
    });
    // The offline session secret is generated once and reused.
    expect(config.sessionSecret).toBe(readFileSync(join(dir, 'session-secret'), 'utf8'));
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(config.sessionSecret);
  });

  it('reads the account forms’ limits, with the documented defaults, and refuses a zero limit', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).throttle).toEqual({
      loginPerAccount: 10,
      loginPerIp: 100,
      resetPerEmail: 3,
      resetPerIp: 20,
      signupPerIp: 5,
    });
    expect(
      loadConfig({ DATA_DIR: dataDir(), RESET_LIMIT_PER_EMAIL: '1', SIGNUP_LIMIT_PER_IP: '50' }).throttle,
    ).toMatchObject({ resetPerEmail: 1, signupPerIp: 50 });
    expect(() => loadConfig({ DATA_DIR: dataDir(), LOGIN_LIMIT_PER_ACCOUNT: '0' })).toThrow(
      /LOGIN_LIMIT_PER_ACCOUNT/,
    );
  });

  it('keeps uploads on disk by default; UPLOADS_STORAGE=s3 reads the bucket settings', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).uploads).toMatchObject({ storage: 'local', s3: undefined });
    const config = loadConfig({
      DATA_DIR: dataDir(),
      UPLOADS_STORAGE: 's3',
      S3_BUCKET: 'shop-images',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.uploads).toMatchObject({
      storage: 's3',
      s3: {
        bucket: 'shop-images',
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        forcePathStyle: true,
        prefix: '',
      },
    });
    expect(config.shopCacheTtlMs).toBe(5000);
    expect(config.shutdown).toEqual({ drainMs: 2000, timeoutMs: 10000 });
  });

  it('derives APP_URL from PORT', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: '3100' }).appUrl).toBe('http://localhost:3100');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ APP_URL: 'localhost:3000' }, 'APP_URL'],
    [{ APP_URL: 'http://localhost:3000/shop' }, 'APP_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_REPLICA_URLS: 'postgres://r1/db, mysql://r2' }, 'DATABASE_REPLICA_URLS'],
    [{ INSTANCE_ID: 'web 1' }, 'INSTANCE_ID'],
    [{ STRIPE_SECRET_KEY: 'pk_test_123' }, 'STRIPE_SECRET_KEY'],
    [{ STRIPE_SECRET_KEY: 'sk_test_123' }, 'SESSION_SECRET'],
    [{ STRIPE_SECRET_KEY: 'sk_live_123', SESSION_SECRET: 'x'.repeat(40) }, 'APP_URL: must be https'],
    [{ RUN_MIGRATIONS: 'maybe' }, 'RUN_MIGRATIONS'],
    [{ RUN_WORKERS: 'sometimes' }, 'RUN_WORKERS'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ WEBHOOK_MAX_ATTEMPTS: '0' }, 'WEBHOOK_MAX_ATTEMPTS'],
    [{ WEBHOOK_RETRY_DELAY_SECONDS: 'soon' }, 'WEBHOOK_RETRY_DELAY_SECONDS'],
    [{ WEBHOOK_ENDPOINT_SETUP: 'maybe' }, 'WEBHOOK_ENDPOINT_SETUP'],
    [{ CONNECT_ACCOUNT_KIND: 'custom' }, 'CONNECT_ACCOUNT_KIND'],
    [{ UPLOADS_STORAGE: 'ftp' }, 'UPLOADS_STORAGE'],
    [{ UPLOADS_STORAGE: 's3' }, 'S3_BUCKET: required'],
    [{ UPLOADS_STORAGE: 's3', S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'id' }, 'S3_SECRET_ACCESS_KEY'],
    [{ S3_PREFIX: 'uploads' }, 'S3_PREFIX'],
    [{ SHUTDOWN_DRAIN_MS: 'soon' }, 'SHUTDOWN_DRAIN_MS'],
  ])('rejects %j naming %s', (env, name) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(name);
  });

  it('uses real Stripe when a key is set', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      STRIPE_SECRET_KEY: 'sk_test_abc',
      SESSION_SECRET: 'y'.repeat(40),
      RUN_MIGRATIONS: 'false',
      RUN_WORKERS: 'false',
    });
    expect(config.stripe.mode).toBe('test');
    expect(config.platformFee).toEqual({ bps: 500, fixed: { usd: 30, eur: 25, gbp: 20, jpy: 30 } });
    expect(config.offline).toBe(false);
    expect(config.stripe.apiUrl).toBeUndefined();
    expect(config.database.runMigrations).toBe(false);
    expect(config.runWorkers).toBe(false);
  });
});
