import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { message, ValidationFailed, type MessageValue } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { ShopImage } from '../tenants/entities/shop.entity.js';
import type { ShopContext } from '../tenants/shop-context.js';
import { TenantService } from '../tenants/tenant.service.js';
import type { ReceivedFile } from './catalog.service.js';
import { FILE_STORAGE, type FileStorage } from './file-storage.js';
import { ImageRefused, MAX_INPUT_PIXELS, processImage, type ProcessedImage } from './image-pipeline.js';
import { sniffImageFile } from './image-sniff.js';
import { CURRENT_VARIANT_VERSION, storedKeysOf } from './image-variants.js';

export type ShopImageKind = 'logo' | 'banner';

/**
 * The shop's logo and banner (dashboard settings): uploaded through the same pipeline as product
 * pictures (checked by their bytes, decoded, re-encoded without metadata, resized copies; the
 * upload itself is never stored), under the shop's own prefix in FileStorage. Replacing or
 * removing one deletes the old files once the shop row no longer names them.
 */
@Injectable()
export class ShopImagesService {
  private readonly logger = new Logger(ShopImagesService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FILE_STORAGE) private readonly files: FileStorage,
    private readonly tenants: TenantService,
  ) {}

  async upload(shop: ShopContext, kind: ShopImageKind, uploads: readonly ReceivedFile[]): Promise<void> {
    const refuse = (key: string, options: Record<string, MessageValue> = {}) =>
      new ValidationFailed({ image: message(`images.errors.${key}`, options) });
    const upload = uploads[0];
    if (uploads.length !== 1 || !upload || upload.size === 0) throw refuse('missing');
    if (upload.size > this.config.uploads.maxBytes) throw refuse('tooLarge', this.maxMb());
    const type = await sniffImageFile(upload.path);
    if (!type) throw refuse('notAnImage');
    const key = `${shop.id}/${randomUUID()}.${type.ext}`;
    let processed: ProcessedImage;
    try {
      processed = await processImage(upload.path, key, type.ext, this.config.uploads.tempDir);
    } catch (err) {
      if (!(err instanceof ImageRefused)) throw err;
      if (err.reason === 'too_many_pixels')
        throw refuse('tooManyPixels', { megapixels: Math.floor(MAX_INPUT_PIXELS / 1_000_000) });
      throw refuse('unreadable');
    }
    const stored: string[] = [];
    try {
      for (const file of processed.files) {
        await this.files.putFile(file.key, file.path);
        stored.push(file.key);
      }
      const previous = await this.tenants.setShopImage(shop, kind, {
        path: key,
        width: processed.width,
        height: processed.height,
      });
      await this.deleteFiles(previous);
    } catch (err) {
      await Promise.all(processed.files.map((f) => rm(f.path, { force: true })));
      await Promise.all(stored.map((k) => this.files.delete(k)));
      throw err;
    }
  }

  async remove(shop: ShopContext, kind: ShopImageKind): Promise<void> {
    await this.deleteFiles(await this.tenants.setShopImage(shop, kind, null));
  }

  /** After the row stopped naming them: a failure leaves orphan files, never a broken page. */
  private async deleteFiles(image: ShopImage | null): Promise<void> {
    if (!image) return;
    const keys = storedKeysOf({ ...image, variantVersion: CURRENT_VARIANT_VERSION, alt: null });
    try {
      await Promise.all(keys.map((k) => this.files.delete(k)));
    } catch (err) {
      this.logger.warn({ err, path: image.path }, 'could not delete a replaced shop image');
    }
  }

  /** The message for an upload refused by the interceptor for its size. */
  tooLarge() {
    return message('images.errors.tooLarge', this.maxMb());
  }

  private maxMb(): { mb: string } {
    const mb = this.config.uploads.maxBytes / (1024 * 1024);
    return { mb: Number.isInteger(mb) ? String(mb) : mb.toFixed(1) };
  }
}
