import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { startTime, type Options } from 'pino-http';
import { prettyFactory } from 'pino-pretty';
import type { AppConfig, LogFormatSetting } from '../config/app-config.js';

/** Where pino writes its lines (pino's DestinationStream). */
export interface LogDestination {
  write(line: string): void;
}

/** LOG_FORMAT: `auto` (default) = pretty on a terminal, JSON lines otherwise. */
export type { LogFormatSetting } from '../config/app-config.js';
export type LogFormat = 'pretty' | 'json';

export function resolveLogFormat(setting: LogFormatSetting, stdoutIsTTY: boolean): LogFormat {
  if (setting === 'auto') return stdoutIsTTY ? 'pretty' : 'json';
  return setting;
}

/**
 * Query parameters whose values are logged: filters and paging, nothing a visitor could use to
 * act as someone else. Every other value (reset `token`, the order link's `t`, Checkout's
 * `session_id`, `_csrf`, `next`, anything unknown) is logged as `[redacted]`.
 */
const LOGGED_QUERY_PARAMS = new Set([
  'page',
  'q',
  'status',
  'type',
  'shop',
  'from',
  'to',
  'action',
  'stripe',
  'charges',
  'suspended',
  'done',
  'created',
  'replayed',
  'sort',
  'dir',
]);
/** A parameter name worth keeping when its value is redacted; anything else is dropped whole. */
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

/** The request URL as it may appear in a log line: the path, and only allow-listed query values. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        return '[redacted]';
      }
      if (LOGGED_QUERY_PARAMS.has(name)) return pair;
      return PARAM_NAME.test(name) ? `${name}=[redacted]` : '[redacted]';
    });
  return params.length ? `${url.slice(0, q)}?${params.join('&')}` : url.slice(0, q);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** A request slower than this is logged at info even on a terminal (see `requestLogLevel`). */
export const SLOW_REQUEST_MS = 1000;

/** What pino-http hands the `req` serializer (pino-std-serializers' wrapped request). */
interface LoggedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress?: string;
}

/**
 * How a finished request is logged. Failures are always warn/error. A successful request is
 * `info` in JSON (operators keep the complete access log); on a terminal it is `debug` unless it
 * took SLOW_REQUEST_MS or more, so the console shows what needs attention, not every asset.
 */
function requestLogLevel(format: LogFormat) {
  return (_req: IncomingMessage, res: ServerResponse, err?: Error) => {
    if (err || res.statusCode >= 500) return 'error' as const;
    if (res.statusCode >= 400) return 'warn' as const;
    if (format === 'json') return 'info' as const;
    const started = (res as ServerResponse & { [startTime]?: number })[startTime];
    return started !== undefined && Date.now() - started >= SLOW_REQUEST_MS ? 'info' : 'debug';
  };
}

/** One line per log record on a terminal: time, level, `[Context]`, message, request summary. */
function prettyDestination(destination: LogDestination): LogDestination {
  const prettify = prettyFactory({
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat: (log, messageKey) => {
      const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
      const req = log.req as { method?: string; url?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      const request =
        req && res && typeof log.responseTime === 'number'
          ? ` ${req.method} ${req.url} → ${res.statusCode} (${log.responseTime} ms)`
          : '';
      const message = log[messageKey];
      return `${context}${typeof message === 'string' ? message : ''}${request}`;
    },
  });
  return { write: (line: string) => destination.write(prettify(line)) };
}

/**
 * nestjs-pino's parameters: pretty lines or JSON as LOG_FORMAT and the terminal decide;
 * `destination` (stdout by default) lets tests read what would be printed.
 */
export function loggerParams(
  config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
  stdoutIsTTY: boolean,
  destination?: LogDestination,
): Params {
  const format = resolveLogFormat(config.logFormat, stdoutIsTTY);
  const pinoHttp: Options = {
    level: config.logLevel,
    // Reuse a well-formed X-Request-Id from a proxy, otherwise mint one; echo it back.
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // pino-http serializes the request into every request's child logger, whatever the level,
    // so this is the one place a URL enters the logs (request lines, and the errors logged while
    // handling it): the fields an operator reads, not every header (no cookie or authorization),
    // and the URL without secret query values (reset tokens, order links, Checkout session ids).
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
        host: req.headers.host,
        userAgent: req.headers['user-agent'],
        remoteAddress: req.remoteAddress,
      }),
    },
    // Location: some redirects carry single-use Stripe links (Account Links, login links).
    redact: ['res.headers["set-cookie"]', 'res.headers.location'],
    autoLogging: {
      ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz',
    },
    customLogLevel: requestLogLevel(format),
  };
  const out = destination ?? (format === 'pretty' ? process.stdout : undefined);
  const stream = format === 'pretty' && out ? prettyDestination(out) : out;
  return { pinoHttp: stream ? [pinoHttp, stream] : pinoHttp };
}

/**
 * Nest's own start-up chatter (one line per module, controller and route: ~120 lines) and the
 * list of Stripe event handlers are `debug`: LOG_LEVEL=debug shows them, `info` starts quietly.
 */
const BOOT_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'StripeEventHandlerRegistry',
]);

export class QuietBootLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    if (typeof context === 'string' && BOOT_CONTEXTS.has(context) && this.inner.debug) {
      this.inner.debug(message, ...params);
    } else {
      this.inner.log(message, ...params);
    }
  }
  error(message: unknown, ...params: unknown[]): void {
    this.inner.error(message, ...params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.inner.warn(message, ...params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.inner.debug?.(message, ...params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.inner.verbose?.(message, ...params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.inner.fatal?.(message, ...params);
  }
}
