import {
  missingSquareSides,
  pictureView,
  storedKeysOf,
  thumbnailUrl,
  type StoredImage,
} from './image-variants.js';

const photo = (variantVersion: number, width = 4000, height = 3000): StoredImage => ({
  path: 'shop/abc.jpg',
  width,
  height,
  variantVersion,
  alt: null,
});
const options = { shape: 'square', sizes: '4rem', fallbackAlt: 'Bowl', lazy: false } as const;

describe('image variants by version', () => {
  it('offers the 128 square copy from version 2 only; a version-1 row keeps its 320/640 squares', () => {
    expect(pictureView(photo(2), options).jpegSrcset).toBe(
      '/uploads/shop/abc-s128.jpg 128w, /uploads/shop/abc-s320.jpg 320w, /uploads/shop/abc-s640.jpg 640w',
    );
    const old = pictureView(photo(1), options);
    expect(old.jpegSrcset).toBe('/uploads/shop/abc-s320.jpg 320w, /uploads/shop/abc-s640.jpg 640w');
    expect(old.src).toBe('/uploads/shop/abc-s640.jpg');
    expect(pictureView(photo(1), { ...options, shape: 'wide' }).jpegSrcset).toContain('abc-w1280.jpg 1280w');
    // Before the pipeline: the stored file itself.
    expect(pictureView(photo(0), options).src).toBe('/uploads/shop/abc.jpg');
  });

  it('lists the keys a row owns by its version, and the squares a version-1 row lacks', () => {
    expect(storedKeysOf(photo(1)).filter((k) => k.includes('-s128'))).toEqual([]);
    expect(storedKeysOf(photo(2)).filter((k) => k.includes('-s128'))).toEqual([
      'shop/abc-s128.webp',
      'shop/abc-s128.jpg',
    ]);
    expect(missingSquareSides(4000, 3000, 1)).toEqual([128]);
    expect(missingSquareSides(200, 150, 1)).toEqual([128]);
    expect(missingSquareSides(120, 100, 1)).toEqual([]);
    expect(missingSquareSides(4000, 3000, 2)).toEqual([]);
  });

  it("picks the merchant pages' square copy by the width it is shown at", () => {
    expect(thumbnailUrl(photo(2))).toBe('/uploads/shop/abc-s128.jpg');
    expect(thumbnailUrl(photo(2), 120)).toBe('/uploads/shop/abc-s320.jpg');
    expect(thumbnailUrl(photo(1))).toBe('/uploads/shop/abc-s320.jpg');
    expect(thumbnailUrl(photo(2, 100, 80))).toBe('/uploads/shop/abc-s80.jpg');
  });
});
