import { QueryEnum, QueryPattern } from '../../web/query-params.js';

/** What the branding forms (logo, banner) say after a change: `dashboard.branding.<notice>`. */
export const BRANDING_NOTICES = ['logoSaved', 'bannerSaved', 'logoRemoved', 'bannerRemoved'] as const;

export class SettingsQuery {
  @QueryEnum(['1', ...BRANDING_NOTICES]) saved?: string;
}

/** The settings page's brand preview stylesheet: the colour to show, `rrggbb` (no `#`). */
export class BrandPreviewQuery {
  @QueryPattern(/^[0-9a-fA-F]{6}$/) colour?: string;
}
