import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import {
  squareSides,
  variantKey,
  variantWidths,
  VARIANT_FORMATS,
  type VariantFormat,
} from './image-variants.js';

/**
 * Pixels an upload may declare (about 40 megapixels, 8000×5000): a few kilobytes of PNG can
 * declare 30000×30000 and would take gigabytes once decoded (a decompression bomb). Checked
 * from the header before decoding, and again by libvips (`limitInputPixels`) while it decodes.
 */
export const MAX_INPUT_PIXELS = 40_000_000;

// Every upload is decoded once: libvips' operation cache would only keep its memory.
sharp.cache(false);

export type ImageRefusal = 'unreadable' | 'too_many_pixels';

/** Why an upload could not become a picture; the caller turns it into a message. */
export class ImageRefused extends Error {
  constructor(readonly reason: ImageRefusal) {
    super(`image refused: ${reason}`);
  }
}

export interface ProcessedFile {
  /** The storage key it goes to. */
  key: string;
  /** Where it was written (in the work folder), to hand over to FileStorage.putFile. */
  path: string;
}

export interface ProcessedImage {
  /** Width and height after EXIF orientation was applied. */
  width: number;
  height: number;
  /** The master's size in bytes (re-encoded, not the upload's). */
  byteSize: number;
  /** The master first, then every copy (image-variants.ts names them). */
  files: ProcessedFile[];
}

type MasterFormat = 'jpg' | 'png' | 'webp';

/**
 * Decodes an upload and writes, in `workDir`, a re-encoded master in the upload's format and
 * the resized copies, all without metadata: sharp writes none unless asked (`withMetadata`,
 * `keepExif` are never called), so EXIF (GPS included), XMP, IPTC and comments are dropped; the
 * EXIF orientation is applied to the pixels first. The raw upload is left for the caller to
 * delete. On failure nothing is left in `workDir`.
 */
export async function processImage(
  sourcePath: string,
  masterKey: string,
  masterFormat: MasterFormat,
  workDir: string,
): Promise<ProcessedImage> {
  const decoded = await decode(sourcePath);
  const { info } = decoded;
  const pixels = () =>
    sharp(decoded.data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const files: ProcessedFile[] = [];
  const write = async (key: string, image: Sharp) => {
    const path = join(workDir, `${randomUUID()}.part`);
    files.push({ key, path });
    return image.toFile(path);
  };
  try {
    const master = await write(masterKey, encode(pixels(), masterFormat));
    for (const format of VARIANT_FORMATS) {
      for (const width of variantWidths(info.width)) {
        await write(variantKey(masterKey, 'w', width, format), encode(pixels().resize({ width }), format));
      }
      for (const side of squareSides(info.width, info.height)) {
        await write(
          variantKey(masterKey, 's', side, format),
          encode(pixels().resize({ width: side, height: side, fit: 'cover' }), format),
        );
      }
    }
    return { width: info.width, height: info.height, byteSize: master.size, files };
  } catch (err) {
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw err;
  }
}

async function decode(sourcePath: string) {
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
  let width: number | undefined;
  let height: number | undefined;
  // libvips refuses over the limit from the header already (metadata), before any decoding.
  const refusal = (err: unknown) =>
    new ImageRefused(
      err instanceof Error && /pixel limit/i.test(err.message) ? 'too_many_pixels' : 'unreadable',
    );
  try {
    ({ width, height } = await sharp(sourcePath, options).metadata());
  } catch (err) {
    throw refusal(err);
  }
  if (!width || !height) throw new ImageRefused('unreadable');
  if (width * height > MAX_INPUT_PIXELS) throw new ImageRefused('too_many_pixels');
  try {
    return await sharp(sourcePath, options).autoOrient().raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw refusal(err);
  }
}

function encode(image: Sharp, format: MasterFormat | VariantFormat): Sharp {
  if (format === 'png') return image.png();
  if (format === 'webp') return image.webp({ quality: 80 });
  // JPEG has no transparency: a transparent PNG gets a white background, not a black one.
  return image.flatten({ background: '#ffffff' }).jpeg({ quality: 82, progressive: true });
}
