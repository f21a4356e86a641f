import { pipeline } from 'node:stream/promises';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { FileStorage } from './file-storage.js';

/**
 * What our keys look like (`<shop uuid>/<uuid>.<ext>` and its copies `<shop uuid>/<uuid>-w640.webp`,
 * see image-variants.ts): nothing else is looked up.
 */
const KEY = /^\/([0-9a-f-]{36}\/[0-9a-f-]{36}(?:-[ws][0-9]{1,4})?\.[a-z]{3,4})$/;

/**
 * `GET /uploads/<key>`, mounted before the host routing (shop pages on every host show the
 * images), whatever the storage: one code path for disk and bucket. Keys are fresh uuids never
 * rewritten (a new upload or a re-encoding gets a new uuid: the URL is versioned), so a year of `immutable` caching (as the static mount it replaces had); ETag and
 * Last-Modified answer revalidations with 304. A key we do not have falls through to the app's
 * 404, as before.
 */
export function serveUploads(storage: FileStorage) {
  const logger = new Logger('Uploads');
  return (req: Request, res: Response, next: NextFunction): void => {
    const key = KEY.exec(req.path)?.[1];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !key) return next();
    storage.open(key).then(
      async (file) => {
        if (!file) return next();
        res.set({
          'Cache-Control': 'public, max-age=31536000, immutable',
          'Content-Type': file.contentType,
          'Last-Modified': file.lastModified.toUTCString(),
          ETag: file.etag,
        });
        if (req.fresh || req.method === 'HEAD') {
          file.body.destroy();
          if (req.fresh) res.status(304).end();
          else res.set('Content-Length', String(file.size)).end();
          return;
        }
        res.set('Content-Length', String(file.size));
        // A client going away destroys the storage stream (and frees its socket or descriptor).
        await pipeline(file.body, res).catch((err: unknown) => {
          if (!res.writableFinished && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
            logger.warn({ err, key }, 'upload stream failed');
        });
      },
      (err: unknown) => {
        logger.error({ err, key }, 'upload storage unavailable');
        if (!res.headersSent) res.status(503).type('text/plain').send('Storage unavailable, try again.');
      },
    );
  };
}
