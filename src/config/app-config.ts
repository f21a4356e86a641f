import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseFixedFees, type FeePlan } from '../common/fee.js';
import { EnvVars } from './env.dto.js';

/** LOG_FORMAT: what src/logging/logging.ts resolves to pretty or JSON lines. */
export type LogFormatSetting = 'auto' | 'pretty' | 'json';

export type StripeMode = 'offline' | 'test' | 'live';
export type ConnectAccountKind = 'controller' | 'standard' | 'express';

/** The one typed configuration object, built once at boot from the environment. */
export interface AppConfig {
  readonly env: 'production' | 'development' | 'test';
  readonly port: number;
  /** Origin of the platform host, e.g. `http://localhost:3000` (no trailing slash). */
  readonly appUrl: string;
  /** `host[:port]` of the platform, compared with the request's Host header. */
  readonly appHost: string;
  readonly appDomain: string;
  readonly secureCookies: boolean;
  readonly dataDir: string;
  /** Whether `npm start` also runs the job workers (false: web only, `npm run worker` runs them). */
  readonly runWorkers: boolean;
  /** INSTANCE_ID: names this process in the X-Comptoir-Instance response header. */
  readonly instanceId: string;
  readonly database: {
    readonly url?: string;
    /**
     * DATABASE_REPLICA_URLS: streaming replicas. Only the storefront's named read paths use them
     * (src/database/replica-read.ts); everything else stays on the primary.
     */
    readonly replicaUrls: readonly string[];
    readonly embeddedPort?: number;
    readonly runMigrations: boolean;
  };
  readonly stripe: {
    readonly mode: StripeMode;
    readonly secretKey?: string;
    readonly webhookSecret?: string;
    readonly connectWebhookSecret?: string;
    /** Where the SDK sends requests; the emulator's URL in offline mode. */
    readonly apiUrl?: string;
    readonly emulatorPort: number;
    /**
     * How "Set up payments" creates the connected account (CONNECT_ACCOUNT_KIND): `controller`
     * (default) = controller properties for direct charges: Stripe-hosted onboarding and full
     * Stripe dashboard, the account pays Stripe's fees, Stripe owns negative balances;
     * `standard` / `express` = the legacy `type` parameter.
     */
    readonly connectAccountKind: ConnectAccountKind;
  };
  readonly webhooks: {
    /** Failed attempts after which an event is marked dead (WEBHOOK_MAX_ATTEMPTS). */
    readonly maxAttempts: number;
    /** Base and cap of the exponential retry backoff, in seconds. */
    readonly retryDelaySeconds: number;
    readonly retryDelayMaxSeconds: number;
    /** Offline: register the two webhook endpoints on the emulator at boot (WEBHOOK_ENDPOINT_SETUP). */
    readonly setupEndpoints: boolean;
  };
  readonly sessionSecret: string;
  /** SESSION_SECRET_PREVIOUS: still decrypts 2FA secrets after a rotation (see README, Security). */
  readonly sessionSecretPrevious?: string;
  /** ADMIN_REQUIRE_2FA: an admin without two-factor authentication gets no /admin page but enrolment. */
  readonly adminRequire2fa: boolean;
  readonly session: {
    /** A session unused for this long ends (SESSION_IDLE_MINUTES, default 120). */
    readonly idleMinutes: number;
    /** A session ends this long after log-in whatever its use (SESSION_ABSOLUTE_HOURS, default 12). */
    readonly absoluteHours: number;
  };
  /** express `trust proxy`; when false, X-Forwarded-* headers (Host included) are ignored. */
  readonly trustProxy: boolean | number | string;
  readonly smtpUrl?: string;
  /** The platform's default application-fee plan; a shop may override it. */
  readonly platformFee: FeePlan;
  readonly checkout: {
    /** A Checkout Session expires this long after it is made (CHECKOUT_EXPIRES_MINUTES, 30–1440). */
    readonly expiresMinutes: number;
    /** Sessions made per shopper (cart id) and per IP in 15 minutes (CHECKOUT_LIMIT_PER_*). */
    readonly limitPerShopper: number;
    readonly limitPerIp: number;
    /** Orders unsettled this long are reconciled with Stripe (RECONCILE_AFTER_MINUTES). */
    readonly reconcileAfterMinutes: number;
    /** How often the reconciliation job runs (RECONCILE_EVERY_MINUTES). */
    readonly reconcileEveryMinutes: number;
  };
  /** Counted in Postgres (`login_throttle`), shared by every process; see src/auth/throttle.ts. */
  readonly throttle: {
    /** Log-in attempts per account (email) in 15 minutes; a success gives its attempt back. */
    readonly loginPerAccount: number;
    /** Log-in attempts per IP address in 15 minutes, whatever the email. */
    readonly loginPerIp: number;
    /** Password-reset requests per email address in an hour. */
    readonly resetPerEmail: number;
    /** Password-reset requests per IP address in an hour. */
    readonly resetPerIp: number;
    /** Sign-ups (each costs an argon2id hash) per IP address in an hour. */
    readonly signupPerIp: number;
  };
  readonly uploads: {
    /** Where uploaded images live (UPLOADS_DIR, default `$DATA_DIR/uploads`); shared by all processes. */
    readonly dir: string;
    /** Largest accepted upload in bytes (UPLOAD_MAX_BYTES, default 5 MB). */
    readonly maxBytes: number;
    /** Uploads being received are streamed here (`$DATA_DIR/upload-tmp`, never served), then moved. */
    readonly tempDir: string;
    /** UPLOADS_STORAGE: `local` = `dir` (default), `s3` = the bucket below, shared by every process. */
    readonly storage: 'local' | 's3';
    readonly s3?: S3Settings;
  };
  /**
   * How long a process trusts its cached Host → shop lookup (SHOP_CACHE_TTL_MS, default 5 s): a
   * safety net only, as every change reaches every process at once through PostgreSQL NOTIFY.
   */
  readonly shopCacheTtlMs: number;
  readonly shutdown: {
    /** After SIGTERM, how long `/readyz` says 503 while requests are still served (SHUTDOWN_DRAIN_MS). */
    readonly drainMs: number;
    /** Then how long requests in flight (and job handlers) may take to finish (SHUTDOWN_TIMEOUT_MS). */
    readonly timeoutMs: number;
  };
  /** Refunds also return the platform's fee to the merchant, in proportion (REFUND_APPLICATION_FEE, default true). */
  readonly refundApplicationFee: boolean;
  /** No Stripe key: the emulator runs, mails stay in the outbox, a banner says "offline demo". */
  readonly offline: boolean;
  /**
   * Offline only (never with a Stripe key): seed a demo shop on the first start of an empty
   * database (DEMO_SHOP, default true; the tests, the bench and the cluster set it false).
   */
  readonly demoShop: boolean;
  readonly logLevel: string;
  /** LOG_FORMAT: `auto` = pretty on a terminal, JSON lines otherwise (resolved at boot). */
  readonly logFormat: LogFormatSetting;
}

/** An S3-compatible bucket (AWS, MinIO, R2, …); credentials unset = the AWS SDK's default chain. */
export interface S3Settings {
  readonly bucket: string;
  readonly endpoint?: string;
  readonly region: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly forcePathStyle: boolean;
  /** Prepended to every key (`uploads/`), to share a bucket. */
  readonly prefix: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` and derives the config. Throws a ConfigError that names every bad variable.
 * In offline mode a missing SESSION_SECRET is generated once into `$DATA_DIR/session-secret`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(EnvVars, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(vars, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = errors.map((e) => {
    const messages = Object.values(e.constraints ?? {}).join('; ');
    return `${e.property}: ${messages} (got ${JSON.stringify(String(e.value))})`;
  });
  if (problems.length) throw new ConfigError(problems);

  const port = vars.PORT ?? 3000;
  const appUrl = (vars.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const parsedUrl = new URL(appUrl);
  if (parsedUrl.pathname !== '/' || parsedUrl.search) {
    problems.push(`APP_URL: must be an origin without a path (got ${JSON.stringify(appUrl)})`);
  }
  const stripeKey = vars.STRIPE_SECRET_KEY;
  const mode: StripeMode = !stripeKey ? 'offline' : stripeKey.includes('_live_') ? 'live' : 'test';
  if (mode !== 'offline' && !vars.SESSION_SECRET) {
    problems.push('SESSION_SECRET: required when STRIPE_SECRET_KEY is set (at least 32 random characters)');
  }
  if (mode === 'live' && parsedUrl.protocol !== 'https:') {
    problems.push(
      'APP_URL: must be https with a live Stripe key (Stripe accepts http redirect URLs in test mode only)',
    );
  }
  const storage = vars.UPLOADS_STORAGE ?? 'local';
  if (storage === 's3' && !vars.S3_BUCKET) problems.push('S3_BUCKET: required when UPLOADS_STORAGE=s3');
  if (Boolean(vars.S3_ACCESS_KEY_ID) !== Boolean(vars.S3_SECRET_ACCESS_KEY)) {
    problems.push('S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither');
  }
  const replicaUrls = (vars.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (replicaUrls.some((u) => !/^postgres(ql)?:\/\/./.test(u))) {
    problems.push('DATABASE_REPLICA_URLS: must be comma-separated postgres:// connection URLs');
  }
  if (problems.length) throw new ConfigError(problems);

  const dataDir = resolve(vars.DATA_DIR ?? '.data');
  const emulatorPort = vars.EMULATOR_PORT ?? 12111;
  return {
    env: vars.NODE_ENV ?? 'development',
    port,
    appUrl: parsedUrl.origin,
    appHost: parsedUrl.host,
    appDomain: vars.APP_DOMAIN ?? 'localhost',
    secureCookies: parsedUrl.protocol === 'https:',
    dataDir,
    runWorkers: vars.RUN_WORKERS ?? true,
    instanceId: vars.INSTANCE_ID ?? `${hostname()}:${process.pid}`,
    database: {
      url: vars.DATABASE_URL,
      replicaUrls,
      embeddedPort: vars.EMBEDDED_PG_PORT,
      runMigrations: vars.RUN_MIGRATIONS ?? true,
    },
    stripe: {
      mode,
      secretKey: stripeKey,
      webhookSecret: vars.STRIPE_WEBHOOK_SECRET,
      connectWebhookSecret: vars.STRIPE_CONNECT_WEBHOOK_SECRET,
      apiUrl: vars.STRIPE_API_URL ?? (mode === 'offline' ? `http://127.0.0.1:${emulatorPort}` : undefined),
      emulatorPort,
      connectAccountKind: vars.CONNECT_ACCOUNT_KIND ?? 'controller',
    },
    webhooks: {
      maxAttempts: vars.WEBHOOK_MAX_ATTEMPTS ?? 8,
      retryDelaySeconds: vars.WEBHOOK_RETRY_DELAY_SECONDS ?? 30,
      retryDelayMaxSeconds: vars.WEBHOOK_RETRY_DELAY_MAX_SECONDS ?? 3600,
      setupEndpoints: vars.WEBHOOK_ENDPOINT_SETUP ?? true,
    },
    sessionSecret: vars.SESSION_SECRET ?? offlineSessionSecret(dataDir),
    sessionSecretPrevious: vars.SESSION_SECRET_PREVIOUS,
    adminRequire2fa: vars.ADMIN_REQUIRE_2FA ?? false,
    session: {
      idleMinutes: vars.SESSION_IDLE_MINUTES ?? 120,
      absoluteHours: vars.SESSION_ABSOLUTE_HOURS ?? 12,
    },
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    smtpUrl: vars.SMTP_URL,
    platformFee: {
      bps: vars.PLATFORM_FEE_BPS ?? 500,
      fixed: parseFixedFees(vars.PLATFORM_FEE_FIXED ?? 'usd:30,eur:25,gbp:20,jpy:30'),
    },
    checkout: {
      expiresMinutes: vars.CHECKOUT_EXPIRES_MINUTES ?? 30,
      limitPerShopper: vars.CHECKOUT_LIMIT_PER_SHOPPER ?? 10,
      limitPerIp: vars.CHECKOUT_LIMIT_PER_IP ?? 60,
      reconcileAfterMinutes: vars.RECONCILE_AFTER_MINUTES ?? 15,
      reconcileEveryMinutes: vars.RECONCILE_EVERY_MINUTES ?? 5,
    },
    throttle: {
      loginPerAccount: vars.LOGIN_LIMIT_PER_ACCOUNT ?? 10,
      loginPerIp: vars.LOGIN_LIMIT_PER_IP ?? 100,
      resetPerEmail: vars.RESET_LIMIT_PER_EMAIL ?? 3,
      resetPerIp: vars.RESET_LIMIT_PER_IP ?? 20,
      signupPerIp: vars.SIGNUP_LIMIT_PER_IP ?? 5,
    },
    uploads: {
      dir: resolve(vars.UPLOADS_DIR ?? join(dataDir, 'uploads')),
      maxBytes: vars.UPLOAD_MAX_BYTES ?? 5 * 1024 * 1024,
      tempDir: join(dataDir, 'upload-tmp'),
      storage,
      s3:
        storage === 's3'
          ? {
              bucket: vars.S3_BUCKET!,
              endpoint: vars.S3_ENDPOINT,
              region: vars.S3_REGION ?? 'us-east-1',
              accessKeyId: vars.S3_ACCESS_KEY_ID,
              secretAccessKey: vars.S3_SECRET_ACCESS_KEY,
              forcePathStyle: vars.S3_FORCE_PATH_STYLE ?? false,
              prefix: vars.S3_PREFIX ?? '',
            }
          : undefined,
    },
    shopCacheTtlMs: vars.SHOP_CACHE_TTL_MS ?? 5_000,
    shutdown: {
      drainMs: vars.SHUTDOWN_DRAIN_MS ?? 2_000,
      timeoutMs: vars.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    },
    refundApplicationFee: vars.REFUND_APPLICATION_FEE ?? true,
    offline: mode === 'offline',
    demoShop: mode === 'offline' && (vars.DEMO_SHOP ?? true),
    logLevel: vars.LOG_LEVEL ?? (vars.NODE_ENV === 'test' ? 'silent' : 'info'),
    logFormat: vars.LOG_FORMAT ?? 'auto',
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function offlineSessionSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // Another process wrote it first: use theirs, so both sign cookies alike.
    return readFileSync(file, 'utf8').trim();
  }
}
