import { rm } from 'node:fs/promises';
import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { TooManyUploadsInFlight } from './catalog.errors.js';
import { InFlightLimit } from './in-flight-limit.js';
import { MAX_IMAGES_PER_PRODUCT } from './catalog.service.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by ImageUploadInterceptor when the upload was refused before reaching the handler. */
    uploadProblem?: 'too_large' | 'too_many' | 'malformed';
  }
}

/** Uploads one user may have in flight in one process; the next gets a 429. */
export const MAX_UPLOADS_IN_FLIGHT_PER_USER = 2;

/**
 * Receives the image form (multipart) for the route it is put on, AFTER the guards: the body is
 * held unread by the request pipeline (holdMultipartBody), so an anonymous, shop-less or
 * token-less request is refused before a byte of it is read; the form sends its CSRF token in
 * its action URL, as the body cannot be parsed before the CsrfGuard.
 *
 * Then at most MAX_UPLOADS_IN_FLIGHT_PER_USER per merchant user, and the file is streamed to a
 * random name in `uploads.tempDir` (the `images` field, up to MAX_IMAGES_PER_PRODUCT files of
 * UPLOAD_MAX_BYTES each, never a name from the client); CatalogService checks them by content
 * and re-encodes them into FileStorage. Whatever happens, the temp files are gone when the
 * handler is done (multer removes a partial one itself). An oversize file or too many files is
 * not an error here: the handler re-renders the form saying so.
 */
abstract class MultipartImageInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<ReturnType<typeof multer>['array']>;
  private readonly inFlight = new InFlightLimit(MAX_UPLOADS_IN_FLIGHT_PER_USER);

  protected constructor(
    config: AppConfig,
    private readonly field: string,
    maxFiles: number,
  ) {
    this.upload = multer({
      storage: multer.diskStorage({ destination: config.uploads.tempDir }),
      limits: {
        fileSize: config.uploads.maxBytes,
        files: maxFiles,
        // The new-product form's fields come with its images; a description is 5,000 characters.
        fields: 10,
        fieldSize: 32 * 1024,
      },
    }).array(field, maxFiles);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    // MerchantArea's guards ran first: the user is known.
    const release = this.inFlight.tryAcquire(req.merchant!.user.id);
    if (!release) throw new TooManyUploadsInFlight(MAX_UPLOADS_IN_FLIGHT_PER_USER);
    const cleanUp = async () => {
      const files = Array.isArray(req.files) ? req.files : [];
      await Promise.all(files.map((file) => rm(file.path, { force: true })));
    };
    // The handler answers (render, redirect) before it returns: hold the answer's last write until
    // the temp files are gone, so a merchant who sees the page never leaves one behind on disk.
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      void cleanUp().finally(() => end(...args));
      return res;
    }) as Response['end'];
    return defer(async () => {
      try {
        await this.receive(req, res);
        return await lastValueFrom<unknown, undefined>(next.handle(), { defaultValue: undefined });
      } finally {
        await cleanUp();
        release();
      }
    });
  }

  private receive(req: Request, res: Response): Promise<void> {
    return new Promise((resolve) => {
      this.upload(req, res, (err: unknown) => {
        const { code, field } = (err ?? {}) as { code?: string; field?: string };
        if (err)
          req.uploadProblem =
            code === 'LIMIT_FILE_SIZE'
              ? 'too_large'
              : code === 'LIMIT_FILE_COUNT' || (code === 'LIMIT_UNEXPECTED_FILE' && field === this.field)
                ? 'too_many'
                : 'malformed';
        resolve();
      });
    });
  }
}

@Injectable()
export class ImageUploadInterceptor extends MultipartImageInterceptor {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config, 'images', MAX_IMAGES_PER_PRODUCT);
  }
}

/** The same for the shop's logo or banner (settings page): one file, in the `image` field. */
@Injectable()
export class ShopImageUploadInterceptor extends MultipartImageInterceptor {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config, 'image', 1);
  }
}
