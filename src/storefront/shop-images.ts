import { CURRENT_VARIANT_VERSION, pictureView, type PictureView } from '../catalog/image-variants.js';
import type { ShopImage } from '../tenants/entities/shop.entity.js';

/** How tall storefront.css shows the logo in the header, and how wide at most (CSS pixels). */
const LOGO_HEIGHT = 40;
const LOGO_MAX_WIDTH = 160;

/** The banner spans the content column (960 px container less its padding), or the phone's width. */
const BANNER_SIZES = '(min-width: 60rem) 58rem, 100vw';

function stored(image: ShopImage) {
  return { ...image, variantVersion: CURRENT_VARIANT_VERSION, alt: null };
}

/**
 * The header's logo. Its alt is empty: the shop's name is written next to it, in the same link
 * (a screen reader would read the name twice otherwise).
 */
export function shopLogo(image: ShopImage | null): PictureView | null {
  if (!image) return null;
  const shown = Math.min(LOGO_MAX_WIDTH, Math.max(1, Math.round((LOGO_HEIGHT * image.width) / image.height)));
  return pictureView(stored(image), { shape: 'wide', sizes: `${shown}px`, fallbackAlt: '', lazy: false });
}

/** The home's banner: decorative (the shop's name is the heading under it). */
export function shopBanner(image: ShopImage | null): PictureView | null {
  if (!image) return null;
  return pictureView(stored(image), { shape: 'wide', sizes: BANNER_SIZES, fallbackAlt: '', lazy: false });
}
