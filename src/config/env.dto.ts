import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * The process environment as the app accepts it. Every variable is documented in
 * `.env.example`; a value that fails here stops the boot with the variable's name.
 */
export class EnvVars {
  @IsOptional()
  @IsIn(['production', 'development', 'test'])
  NODE_ENV?: 'production' | 'development' | 'test';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an absolute http(s) URL such as http://localhost:3000' },
  )
  APP_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, {
    message: 'must be a lower-case domain such as localhost or example.com',
  })
  APP_DOMAIN?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  /** Comma-separated postgres:// URLs of streaming replicas (checked in app-config.ts). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATABASE_REPLICA_URLS?: string;

  /** Sent as X-Comptoir-Instance on every response (default: hostname:pid). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'must be 1-64 characters among A-Z a-z 0-9 . _ : -' })
  INSTANCE_ID?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  RUN_MIGRATIONS?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  RUN_WORKERS?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  DEMO_SHOP?: boolean;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, {
    message: 'must be a Stripe secret key (sk_test_… or sk_live_…)',
  })
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^whsec_[A-Za-z0-9]+$/, { message: 'must be a webhook signing secret (whsec_…)' })
  STRIPE_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^whsec_[A-Za-z0-9]+$/, { message: 'must be a webhook signing secret (whsec_…)' })
  STRIPE_CONNECT_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an absolute http(s) URL such as http://127.0.0.1:12112' },
  )
  STRIPE_API_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMULATOR_PORT?: number;

  /** How connected accounts are created: `controller` properties (default), or a legacy `type`. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['controller', 'standard', 'express'], { message: 'must be controller, standard or express' })
  CONNECT_ACCOUNT_KIND?: 'controller' | 'standard' | 'express';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  WEBHOOK_RETRY_DELAY_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  WEBHOOK_RETRY_DELAY_MAX_SECONDS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  WEBHOOK_ENDPOINT_SETUP?: boolean;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  SESSION_SECRET?: string;

  /** The secret SESSION_SECRET replaced: 2FA secrets encrypted under it still decrypt (and are re-encrypted). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  SESSION_SECRET_PREVIOUS?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  ADMIN_REQUIRE_2FA?: boolean;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000)
  PLATFORM_FEE_BPS?: number;

  @IsOptional()
  @Matches(/^\s*([a-zA-Z]{3}:\d{1,7}\s*(,\s*[a-zA-Z]{3}:\d{1,7}\s*)*)?$/, {
    message: 'must be currency:amount pairs in minor units, e.g. usd:30,eur:25,jpy:30',
  })
  PLATFORM_FEE_FIXED?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(30, { message: 'must be at least 30 (Stripe refuses shorter Checkout Sessions)' })
  @Max(24 * 60)
  CHECKOUT_EXPIRES_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 60)
  RECONCILE_AFTER_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(59)
  RECONCILE_EVERY_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  CHECKOUT_LIMIT_PER_SHOPPER?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  CHECKOUT_LIMIT_PER_IP?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_LIMIT_PER_ACCOUNT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_LIMIT_PER_IP?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RESET_LIMIT_PER_EMAIL?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RESET_LIMIT_PER_IP?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SIGNUP_LIMIT_PER_IP?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  UPLOADS_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  UPLOAD_MAX_BYTES?: number;

  /** Where uploads are stored: `local` (UPLOADS_DIR, default) or `s3` (an S3-compatible bucket). */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['local', 's3'])
  UPLOADS_STORAGE?: 'local' | 's3';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
  S3_BUCKET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an absolute http(s) URL such as https://s3.eu-west-1.amazonaws.com' },
  )
  S3_ENDPOINT?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-z0-9-]+$/, { message: 'must be a region name such as eu-west-1' })
  S3_REGION?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  S3_FORCE_PATH_STYLE?: boolean;

  /** Prefix of every object name (e.g. `uploads/`), to share a bucket. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^([A-Za-z0-9._-]+\/)*$/, { message: 'must be empty or end with / (such as uploads/)' })
  S3_PREFIX?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 60 * 60 * 1000)
  SHOP_CACHE_TTL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300_000)
  SHUTDOWN_DRAIN_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  REFUND_APPLICATION_FEE?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60 * 30)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  SESSION_ABSOLUTE_HOURS?: number;

  /** Passed to express's `trust proxy`: false (default), true, a hop count, or subnets. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^(true|false|\d+|[A-Za-z0-9.:/, ]+)$/, {
    message:
      'must be false, true, a hop count (1) or a list of proxy addresses/subnets (loopback, 10.0.0.0/8)',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** `auto` (default): human-readable lines on a terminal, JSON lines otherwise. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['auto', 'pretty', 'json'], { message: 'must be auto, pretty or json' })
  LOG_FORMAT?: 'auto' | 'pretty' | 'json';
}
