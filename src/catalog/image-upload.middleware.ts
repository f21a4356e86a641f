import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by ImageUploadMiddleware when the upload was refused before reaching the handler. */
    uploadProblem?: 'too_large' | 'malformed';
  }
}

/**
 * Parses the image form (multipart) with multer BEFORE guards run: the global CSRF guard reads
 * `_csrf` from the body, which a FileInterceptor would parse only after the guards. Memory
 * storage, one file, UPLOAD_MAX_BYTES: the bytes are checked by content in CatalogService and
 * written through FileStorage, never to a temp path named by the client. An oversize file is
 * not an error here: the handler re-renders the form saying so.
 */
@Injectable()
export class ImageUploadMiddleware implements NestMiddleware {
  private readonly upload: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config.uploads.maxBytes, files: 1, fields: 5, fieldSize: 1024 },
    }).single('image');
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (!req.is('multipart/form-data')) return next();
    this.upload(req, res, (err: unknown) => {
      if (err)
        req.uploadProblem = (err as { code?: string }).code === 'LIMIT_FILE_SIZE' ? 'too_large' : 'malformed';
      next();
    });
  }
}
