import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';

export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];

export interface SniffedImage {
  contentType: AcceptedImageType;
  ext: 'jpg' | 'png' | 'webp';
  width: number | null;
  height: number | null;
}

/**
 * What an upload really is, from its bytes (magic numbers), never from the file name or the
 * Content-Type the browser claims: null unless it is a JPEG, PNG or WebP. Dimensions are read
 * where the header makes it cheap (PNG, WebP VP8X/VP8L/VP8); JPEG leaves them null.
 */
export async function sniffImage(data: Buffer): Promise<SniffedImage | null> {
  const type = await fileTypeFromBuffer(data);
  if (!type) return null;
  if (type.mime === 'image/png') return { contentType: type.mime, ext: 'png', ...pngSize(data) };
  if (type.mime === 'image/jpeg') return { contentType: type.mime, ext: 'jpg', width: null, height: null };
  if (type.mime === 'image/webp') return { contentType: type.mime, ext: 'webp', ...webpSize(data) };
  return null;
}

/** Enough of a file's head for the magic numbers of every type file-type knows, and our sizes. */
const HEAD_BYTES = 4100;

/** sniffImage on a file on disk (an upload received to a temp file), reading only its head. */
export async function sniffImageFile(path: string): Promise<SniffedImage | null> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(head, 0, HEAD_BYTES, 0);
    return await sniffImage(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

function pngSize(data: Buffer): { width: number | null; height: number | null } {
  if (data.length < 24) return { width: null, height: null };
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function webpSize(data: Buffer): { width: number | null; height: number | null } {
  if (data.length < 30) return { width: null, height: null };
  const chunk = data.toString('ascii', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + data.readUIntLE(24, 3), height: 1 + data.readUIntLE(27, 3) };
  if (chunk === 'VP8 ')
    return { width: data.readUInt16LE(26) & 0x3fff, height: data.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = data.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return { width: null, height: null };
}
