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
  const full = () =>
    sharp(decoded.data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const widths = variantWidths(info.width);
  const sides = squareSides(info.width, info.height);
  const files: ProcessedFile[] = [];
  const write = async (key: string, image: Sharp) => {
    const path = join(workDir, `${randomUUID()}.part`);
    files.push({ key, path });
    return image.toFile(path);
  };
  try {
    const master = await write(masterKey, encode(full(), masterFormat));
    // The copies are made from one copy at the largest width, not from the full picture each
    // time (a 4000×3000 photo: ten resizes of 1.2 megapixels instead of 12), unless that copy
    // would be too short for the largest square (a panorama).
    const largest = await full()
      .resize({ width: widths[widths.length - 1] })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const source =
      Math.min(largest.info.width, largest.info.height) >= sides[sides.length - 1]
        ? () =>
            sharp(largest.data, {
              raw: {
                width: largest.info.width,
                height: largest.info.height,
                channels: largest.info.channels,
              },
            })
        : full;
    for (const format of VARIANT_FORMATS) {
      for (const width of widths) {
        await write(variantKey(masterKey, 'w', width, format), encode(source().resize({ width }), format));
      }
      for (const side of sides) {
        await write(
          variantKey(masterKey, 's', side, format),
          encode(source().resize({ width: side, height: side, fit: 'cover' }), format),
        );
      }
    }
    return { width: info.width, height: info.height, byteSize: master.size, files };
  } catch (err) {
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw err;
  }
}

/**
 * Writes, in `workDir`, the square crops of these sides of an already stored master (in both
 * formats), for a row made before they existed (ImageBackfill). The master is read, not
 * re-encoded. On failure nothing is left in `workDir`.
 */
export async function makeSquareCopies(
  masterPath: string,
  masterKey: string,
  sides: readonly number[],
  workDir: string,
): Promise<ProcessedFile[]> {
  const decoded = await decode(masterPath);
  const { info } = decoded;
  const full = () =>
    sharp(decoded.data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const files: ProcessedFile[] = [];
  try {
    for (const format of VARIANT_FORMATS) {
      for (const side of sides) {
        const path = join(workDir, `${randomUUID()}.part`);
        files.push({ key: variantKey(masterKey, 's', side, format), path });
        await encode(full().resize({ width: side, height: side, fit: 'cover' }), format).toFile(path);
      }
    }
    return files;
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
