import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../config/app-config.js';
import { contentTypeOf, type FileStorage, type StoredFile } from './file-storage.js';

/**
 * Uploads in an S3-compatible bucket (UPLOADS_STORAGE=s3), so every process and machine sees
 * the same files. Objects are private: the app reads them back for `/uploads/…` (no public
 * bucket, no presigned URL, the CSP's `img-src 'self'` holds).
 */
export class S3FileStorage implements FileStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      // The SDK's default (flexible checksums on every request and response) is AWS-only:
      // S3-compatible servers (MinIO, R2, older Ceph, s3rver) reject or lack them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private objectKey(key: string): string {
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._/-]*$/.test(key) || key.includes('..')) {
      throw new Error(`bad storage key: ${key}`);
    }
    return this.settings.prefix + key;
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    const objectKey = this.objectKey(key);
    const { size } = await stat(sourcePath);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: objectKey,
        // Streamed from the temp file; a known length lets the SDK send it without buffering.
        Body: createReadStream(sourcePath),
        ContentLength: size,
        ContentType: contentTypeOf(key),
      }),
    );
    await rm(sourcePath, { force: true });
  }

  async open(key: string): Promise<StoredFile | null> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }),
      );
      if (!(object.Body instanceof Readable)) throw new Error('S3 object body is not a Node stream');
      return {
        body: object.Body,
        size: object.ContentLength ?? 0,
        contentType: object.ContentType ?? contentTypeOf(key),
        lastModified: object.LastModified ?? new Date(0),
        etag: object.ETag ?? `"${key}"`,
      };
    } catch (err) {
      if (err instanceof NoSuchKey) return null;
      if (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    // Deleting a missing object succeeds, as rm({ force }) does on disk.
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }),
    );
  }

  /** Ends the client's keep-alive sockets (at shutdown). */
  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
