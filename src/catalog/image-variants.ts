/**
 * The resized copies of a product image, named from its master's key: `<shop>/<uuid>.jpg` has
 * `<shop>/<uuid>-w640.webp`, `<shop>/<uuid>-s320.jpg`… The uuid is new for every upload and a
 * key is never rewritten, so every URL is versioned by construction and served `immutable`.
 * Which copies exist follows from the master's size alone (no list stored): a width is never
 * upscaled, an image narrower than a width gets that copy at its own width (so a copy is never
 * wider than its name).
 */

/** Widths of the resized copies, in CSS pixels at 1× and 2× of what the pages show. */
export const VARIANT_WIDTHS = [320, 640, 1280] as const;
/**
 * Sides of the square crops: 320/640 for the product cards, 128 for the gallery's and the cart's
 * 64 px thumbnails (at 1× and 2×).
 */
export const SQUARE_SIDES = [128, 320, 640] as const;
/** The square sides a row of each version has (version 1 was made before the 128 crop). */
const SQUARE_SIDES_BY_VERSION: Record<number, readonly number[]> = { 1: [320, 640], 2: SQUARE_SIDES };
/** Every copy exists in both: WebP first, JPEG for browsers without it. */
export const VARIANT_FORMATS = ['webp', 'jpg'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

/**
 * The version of the set of copies a row has. 0: an image stored before the pipeline, kept as
 * uploaded, without copies (ImageBackfill brings it up to date); 1: master re-encoded, copies made;
 * 2: the 128 square crop too (ImageBackfill adds it to version-1 rows from their master). The
 * pages use the copies a row's version has, so a row not yet brought up to date keeps working.
 */
export const CURRENT_VARIANT_VERSION = 2;

/** What the pages need of a stored image. */
export interface StoredImage {
  path: string;
  width: number | null;
  height: number | null;
  variantVersion: number;
  alt: string | null;
}

export function variantWidths(width: number): number[] {
  return [...new Set(VARIANT_WIDTHS.map((w) => Math.min(w, width)))];
}

export function squareSides(width: number, height: number, version = CURRENT_VARIANT_VERSION): number[] {
  const side = Math.min(width, height);
  const sides = SQUARE_SIDES_BY_VERSION[version] ?? SQUARE_SIDES;
  return [...new Set(sides.map((s) => Math.min(s, side)))];
}

export function variantKey(masterKey: string, shape: 'w' | 's', size: number, format: VariantFormat): string {
  return `${masterKey.replace(/\.[a-z]+$/, '')}-${shape}${size}.${format}`;
}

/**
 * Every copy's key for a master of this size made at this version (to store them, or to delete
 * them with it).
 */
export function variantKeys(
  masterKey: string,
  width: number,
  height: number,
  version = CURRENT_VARIANT_VERSION,
): string[] {
  return VARIANT_FORMATS.flatMap((format) => [
    ...variantWidths(width).map((w) => variantKey(masterKey, 'w', w, format)),
    ...squareSides(width, height, version).map((s) => variantKey(masterKey, 's', s, format)),
  ]);
}

/** The square sides a row of `version` lacks to be current (ImageBackfill makes them). */
export function missingSquareSides(width: number, height: number, version: number): number[] {
  const has = new Set(squareSides(width, height, version));
  return squareSides(width, height).filter((side) => !has.has(side));
}

/** Whether the row has resized copies at all (version 1 or later), whichever its version. */
function hasVariants(image: StoredImage): image is StoredImage & { width: number; height: number } {
  return image.variantVersion >= 1 && image.width !== null && image.height !== null;
}

/** The model of views/partials/storefront/picture.hbs. */
export interface PictureView {
  src: string;
  webpSrcset: string | null;
  jpegSrcset: string | null;
  sizes: string;
  width: number | null;
  height: number | null;
  alt: string;
  lazy: boolean;
}

export interface PictureOptions {
  /** `square`: the card crops; `wide`: the whole picture, resized. */
  shape: 'square' | 'wide';
  /** The `sizes` attribute: how wide the picture is shown, per viewport. */
  sizes: string;
  /** The product's name, the alt text when the merchant gave none. */
  fallbackAlt: string;
  /** Below the fold: the browser fetches it when it comes near the viewport. */
  lazy: boolean;
}

export function pictureView(image: StoredImage, options: PictureOptions): PictureView {
  const alt = image.alt?.trim() || options.fallbackAlt;
  const url = (key: string) => `/uploads/${key}`;
  if (!hasVariants(image)) {
    // Not yet backfilled: the stored file as it was, at its size when known.
    return {
      src: url(image.path),
      webpSrcset: null,
      jpegSrcset: null,
      sizes: options.sizes,
      width: image.width,
      height: image.height,
      alt,
      lazy: options.lazy,
    };
  }
  const square = options.shape === 'square';
  const sizes = square
    ? squareSides(image.width, image.height, image.variantVersion)
    : variantWidths(image.width);
  const shape = square ? 's' : 'w';
  const srcset = (format: VariantFormat) =>
    sizes.map((size) => `${url(variantKey(image.path, shape, size, format))} ${size}w`).join(', ');
  const largest = sizes[sizes.length - 1];
  // The fallback src for the rare browser without srcset: the middle size is a fair guess.
  const fallback = sizes[Math.min(1, sizes.length - 1)];
  return {
    src: url(variantKey(image.path, shape, fallback, 'jpg')),
    webpSrcset: srcset('webp'),
    jpegSrcset: srcset('jpg'),
    sizes: options.sizes,
    // The largest copy's size: the attributes give the browser the aspect ratio (no layout shift).
    width: largest,
    height: square ? largest : Math.round((image.height * largest) / image.width),
    alt,
    lazy: options.lazy,
  };
}

/** An absolute URL of a copy for other sites (Stripe, link previews): JPEG, 1280 px at most. */
export function shareableImageUrl(origin: string, image: StoredImage): string {
  if (!hasVariants(image)) return `${origin}/uploads/${image.path}`;
  const widths = variantWidths(image.width);
  return `${origin}/uploads/${variantKey(image.path, 'w', widths[widths.length - 1], 'jpg')}`;
}

/** The keys a row owns in storage: its master and, once made, its copies. */
export function storedKeysOf(image: StoredImage): string[] {
  return hasVariants(image)
    ? [image.path, ...variantKeys(image.path, image.width, image.height, image.variantVersion)]
    : [image.path];
}

/**
 * A square copy for the merchant's pages, shown at `shown` CSS px: the smallest one at least twice
 * that (sharp on a 2× screen), else the largest there is; the stored file until backfilled.
 */
export function thumbnailUrl(image: StoredImage, shown = 48): string {
  if (!hasVariants(image)) return `/uploads/${image.path}`;
  const sides = squareSides(image.width, image.height, image.variantVersion);
  const side = sides.find((s) => s >= 2 * shown) ?? sides[sides.length - 1];
  return `/uploads/${variantKey(image.path, 's', side, 'jpg')}`;
}
