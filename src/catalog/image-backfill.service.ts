import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { defineJob, JobQueue } from '../jobs/job-queue.js';
import { Shop } from '../tenants/entities/shop.entity.js';
import { CatalogSyncService } from './catalog-sync.service.js';
import { ProductImage } from './entities/product-image.entity.js';
import { Product } from './entities/product.entity.js';
import { FILE_STORAGE, type FileStorage } from './file-storage.js';
import {
  ImageRefused,
  makeSquareCopies,
  processImage,
  type ProcessedFile,
  type ProcessedImage,
} from './image-pipeline.js';
import { sniffImageFile } from './image-sniff.js';
import { CURRENT_VARIANT_VERSION, missingSquareSides } from './image-variants.js';

/** Brings images stored before the pipeline up to date, a batch at a time, every few minutes. */
export const IMAGE_BACKFILL = defineJob<Record<string, never>>('image-backfill', { policy: 'singleton' });

const BATCH = 100;

/**
 * Images uploaded before the pipeline (variant_version 0) were stored as uploaded: with their
 * metadata (EXIF GPS included), unrotated, without copies. Until this reaches them, the pages show
 * them as before (image-variants.ts `pictureView`). It re-encodes each one through the same
 * pipeline under a new key (a new URL: caches never mix the two), records it if the row still
 * points at the old file, then deletes the old file. An image whose file is missing or
 * unreadable is logged and left as it is.
 *
 * Images with copies of an older version (1: before the 128 square crop) keep their master and
 * key: the missing copies are made from the stored master, stored under their usual keys, then
 * the row's version is raised if it is still the one read. Two workers doing the same row write
 * the same bytes under the same keys and only one raises the version; the other's files stay
 * (they are the row's), unless the row is gone meanwhile, when they are deleted.
 */
@Injectable()
export class ImageBackfill implements OnModuleInit {
  private readonly logger = new Logger(ImageBackfill.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly files: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sync: CatalogSyncService,
    private readonly queue: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.work(IMAGE_BACKFILL, () => this.run().then(() => undefined));
    await this.queue.schedule(IMAGE_BACKFILL, '*/5 * * * *', {});
  }

  /** Upgrades every image stored before the pipeline; returns how many were upgraded. */
  async run(): Promise<number> {
    let upgraded = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.dataSource.getRepository(ProductImage).find({
        where: { variantVersion: LessThan(CURRENT_VARIANT_VERSION), id: MoreThan(after) },
        order: { id: 'ASC' },
        take: BATCH,
      });
      for (const image of batch) if (await this.upgrade(image)) upgraded += 1;
      if (batch.length < BATCH) return upgraded;
      after = batch[batch.length - 1].id;
    }
  }

  private async upgrade(image: ProductImage): Promise<boolean> {
    if (image.variantVersion >= 1) return this.addCopies(image);
    const workDir = this.config.uploads.tempDir;
    await mkdir(workDir, { recursive: true });
    const original = join(workDir, `backfill-${randomUUID()}`);
    let processed: ProcessedImage;
    let key: string;
    let contentType: string;
    try {
      const file = await this.files.open(image.path);
      if (!file) {
        this.logger.warn({ imageId: image.id, key: image.path }, 'image file missing: left as it is');
        return false;
      }
      await pipeline(file.body, createWriteStream(original));
      const type = await sniffImageFile(original);
      if (!type) throw new ImageRefused('unreadable');
      key = `${image.shopId}/${randomUUID()}.${type.ext}`;
      contentType = type.contentType;
      processed = await processImage(original, key, type.ext, workDir);
    } catch (err) {
      if (!(err instanceof ImageRefused)) throw err;
      this.logger.warn(
        { imageId: image.id, reason: err.reason },
        'image could not be re-encoded: left as it is',
      );
      return false;
    } finally {
      await rm(original, { force: true });
    }

    const stored: string[] = [];
    try {
      for (const file of processed.files) {
        await this.files.putFile(file.key, file.path);
        stored.push(file.key);
      }
      const recorded = await this.dataSource.transaction(async (manager) => {
        const { affected } = await manager.getRepository(ProductImage).update(
          // Only if the row still points at the file we read (not removed or upgraded meanwhile).
          { id: image.id, shopId: image.shopId, path: image.path },
          {
            path: key,
            contentType,
            width: processed.width,
            height: processed.height,
            byteSize: processed.byteSize,
            variantVersion: CURRENT_VARIANT_VERSION,
          },
        );
        if (!affected) return false;
        if (image.position === 0) {
          // Stripe's copy of the main image's URL changes with it.
          const shop = await manager
            .getRepository(Shop)
            .findOneOrFail({ select: { id: true, stripeAccountId: true }, where: { id: image.shopId } });
          await manager
            .getRepository(Product)
            .update({ id: image.productId, shopId: image.shopId }, { syncVersion: () => 'sync_version + 1' });
          await this.sync.scheduleSync(manager, shop, image.productId);
        }
        return true;
      });
      if (!recorded) {
        await Promise.all(stored.map((k) => this.files.delete(k)));
        return false;
      }
    } catch (err) {
      await Promise.all(processed.files.map((f) => rm(f.path, { force: true })));
      await Promise.all(stored.map((k) => this.files.delete(k)));
      throw err;
    }
    // The original, metadata and all, goes once the row no longer points at it.
    await this.files.delete(image.path);
    return true;
  }

  /** Adds the copies a version-1 row lacks, from its stored master (no re-encode, same key). */
  private async addCopies(image: ProductImage): Promise<boolean> {
    const { width, height } = image;
    if (width === null || height === null) return false;
    const sides = missingSquareSides(width, height, image.variantVersion);
    let made: ProcessedFile[] = [];
    if (sides.length > 0) {
      const workDir = this.config.uploads.tempDir;
      await mkdir(workDir, { recursive: true });
      const master = join(workDir, `backfill-${randomUUID()}`);
      try {
        const file = await this.files.open(image.path);
        if (!file) {
          this.logger.warn({ imageId: image.id, key: image.path }, 'image file missing: left as it is');
          return false;
        }
        await pipeline(file.body, createWriteStream(master));
        made = await makeSquareCopies(master, image.path, sides, workDir);
      } catch (err) {
        if (!(err instanceof ImageRefused)) throw err;
        this.logger.warn(
          { imageId: image.id, reason: err.reason },
          'image copies could not be made: left as it is',
        );
        return false;
      } finally {
        await rm(master, { force: true });
      }
    }
    const stored: string[] = [];
    try {
      for (const file of made) {
        await this.files.putFile(file.key, file.path);
        stored.push(file.key);
      }
      const repository = this.dataSource.getRepository(ProductImage);
      const { affected } = await repository.update(
        // Only if the row is still the one read (not removed, nor upgraded by another worker).
        { id: image.id, shopId: image.shopId, path: image.path, variantVersion: image.variantVersion },
        { variantVersion: CURRENT_VARIANT_VERSION },
      );
      if (affected) return true;
      // Another worker got there first: these files are the row's too. A removed row's are not.
      if (!(await repository.exists({ where: { id: image.id, shopId: image.shopId, path: image.path } })))
        await Promise.all(stored.map((k) => this.files.delete(k)));
      return false;
    } catch (err) {
      // The stored ones are kept: another worker's row may use them (the next run rewrites them).
      await Promise.all(made.map((f) => rm(f.path, { force: true })));
      throw err;
    }
  }
}
