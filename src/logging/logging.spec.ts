import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pinoHttp, startTime, type Options } from 'pino-http';
import type { DestinationStream } from 'pino';
import type { LogFormatSetting } from './logging.js';
import { loggableUrl, loggerParams } from './logging.js';

/** Logs one line through the parameters nestjs-pino would get, and returns what was printed. */
function printed(logFormat: LogFormatSetting, stdoutIsTTY: boolean): string {
  const lines: string[] = [];
  const params = loggerParams({ logLevel: 'info', logFormat }, stdoutIsTTY, {
    write: (line) => void lines.push(line),
  });
  const [options, stream] = params.pinoHttp as [Options, DestinationStream];
  pinoHttp(options, stream).logger.info({ context: 'Orders' }, 'order paid');
  return lines.join('');
}

const isJson = (text: string) => {
  try {
    return (JSON.parse(text) as { msg?: string }).msg === 'order paid';
  } catch {
    return false;
  }
};

describe('log format', () => {
  it.each<[LogFormatSetting, boolean, 'pretty' | 'json']>([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['json', true, 'json'],
    ['pretty', false, 'pretty'],
  ])('LOG_FORMAT=%s with a terminal=%s prints %s', (setting, tty, expected) => {
    const out = printed(setting, tty);
    if (expected === 'json') {
      expect(isJson(out)).toBe(true);
    } else {
      expect(isJson(out)).toBe(false);
      expect(out).toMatch(/INFO.*\[Orders\] order paid/);
      expect(out.trim().split('\n')).toHaveLength(1);
    }
  });

  it('logs successful requests at debug on a terminal unless slow, always at info in JSON', () => {
    const level = (format: LogFormatSetting, status: number, ms: number) => {
      const params = loggerParams({ logLevel: 'info', logFormat: format }, true, { write: () => undefined });
      const [options] = params.pinoHttp as [Options];
      // pino-http marks the response with its start time when the request comes in.
      const res = { statusCode: status, [startTime]: Date.now() - ms } as unknown as ServerResponse;
      return options.customLogLevel!({} as IncomingMessage, res, undefined);
    };
    expect(level('pretty', 200, 5)).toBe('debug');
    expect(level('pretty', 303, 5)).toBe('debug');
    expect(level('pretty', 200, 1500)).toBe('info');
    expect(level('pretty', 404, 5)).toBe('warn');
    expect(level('pretty', 500, 5)).toBe('error');
    expect(level('json', 200, 5)).toBe('info');
    expect(level('json', 404, 5)).toBe('warn');
  });
});

describe('request lines', () => {
  it.each<LogFormatSetting>(['pretty', 'json'])(
    'print the method, redacted URL and status (%s), never a secret query value',
    async (logFormat) => {
      const lines: string[] = [];
      const params = loggerParams({ logLevel: 'debug', logFormat }, true, {
        write: (line) => void lines.push(line),
      });
      const [options, stream] = params.pinoHttp as [Options, DestinationStream];
      const middleware = pinoHttp(options, stream);
      const server = createServer((req, res) => {
        middleware(req, res);
        res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
        res.end('ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      try {
        await fetch(`http://127.0.0.1:${port}/reset-password?token=tokSECRET&page=2`);
        await fetch(`http://127.0.0.1:${port}/missing?session_id=cs_SECRET&zz=rndSECRET`);
      } finally {
        await new Promise((r) => server.close(r));
      }
      const out = lines.join('');
      expect(out).not.toMatch(/tokSECRET|cs_SECRET|rndSECRET/);
      if (logFormat === 'pretty') {
        expect(out).toMatch(/DEBUG: request completed GET \/reset-password\?token=\[redacted\]&page=2 → 200/);
        expect(out).toMatch(
          /WARN: request completed GET \/missing\?session_id=\[redacted\]&zz=\[redacted\] → 404/,
        );
      } else {
        const urls = lines.map((l) => (JSON.parse(l) as { req: { url: string } }).req.url);
        expect(urls).toEqual([
          '/reset-password?token=[redacted]&page=2',
          '/missing?session_id=[redacted]&zz=[redacted]',
        ]);
      }
    },
  );
});

describe('loggableUrl', () => {
  it('keeps the path and allow-listed query values', () => {
    expect(loggableUrl('/dashboard/orders?page=2&status=paid&q=mug')).toBe(
      '/dashboard/orders?page=2&status=paid&q=mug',
    );
    expect(loggableUrl('/reset-password')).toBe('/reset-password');
  });

  it('redacts every other value, and names that do not look like names', () => {
    const url = loggableUrl(
      '/x?token=tok123&t=ord456&session_id=cs_789&_csrf=csrf000&zq=rnd111&page=3&%E2%9C%93secret=1&bare',
    );
    for (const secret of ['tok123', 'ord456', 'cs_789', 'csrf000', 'rnd111', 'secret']) {
      expect(url).not.toContain(secret);
    }
    expect(url).toBe(
      '/x?token=[redacted]&t=[redacted]&session_id=[redacted]&_csrf=[redacted]&zq=[redacted]&page=3&[redacted]&bare=[redacted]',
    );
  });
});
