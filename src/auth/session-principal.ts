import type { UserRole } from './entities/user.entity.js';

/**
 * The session user and the first shop they own (as TenantService.findOwnedShop picks it), only
 * the columns a request needs: this runs on every logged-in platform request, joined to the
 * session row itself (SESSION_WITH_PRINCIPAL_SQL), so a dashboard page reads session, user and
 * shop in one statement. Fresh on every request: a disabled account is refused at once.
 */
const PRINCIPAL_COLUMNS = `u.id, u.email, u.role, u.language, u.time_zone AS user_time_zone,
         u.disabled_at IS NOT NULL AS disabled,
         s.id AS shop_id, s.slug, s.name, s.currency, s.country, s.time_zone, s.brand_colour, s.logo_path, s.logo_image, s.banner_image, s.description,
         s.suspended_at, s.suspended_reason, s.stripe_account_id, s.stripe_charges_enabled,
         s.stripe_disconnected_at, s.languages AS shop_languages`;
const OWNED_SHOP_JOIN = `LEFT JOIN LATERAL (
      SELECT * FROM shop f WHERE f.owner_user_id = u.id ORDER BY f.created_at ASC LIMIT 1
    ) s ON true`;

/** By user id (when the session row did not bring it). */
export const SESSION_USER_SQL = `SELECT ${PRINCIPAL_COLUMNS} FROM app_user u ${OWNED_SHOP_JOIN} WHERE u.id = $1`;

/** The session row (unexpired) with its user (`http_session.user_id`) and their shop. */
export const SESSION_WITH_PRINCIPAL_SQL = `SELECT h.sess, ${PRINCIPAL_COLUMNS}
    FROM http_session h LEFT JOIN app_user u ON u.id = h.user_id ${OWNED_SHOP_JOIN}
   WHERE h.sid = $1 AND h.expire >= now()`;

export interface SessionPrincipal {
  id: string;
  email: string;
  role: UserRole;
  language: string;
  /** The user's own zone setting (null: none chosen). */
  user_time_zone: string | null;
  disabled: boolean;
  shop_id: string | null;
  slug: string;
  name: string;
  currency: string;
  country: string;
  /** The shop's zone (null when the user owns no shop). */
  time_zone: string | null;
  brand_colour: string | null;
  logo_path: string | null;
  logo_image: { path: string; width: number; height: number } | null;
  banner_image: { path: string; width: number; height: number } | null;
  description: string;
  suspended_at: Date | null;
  suspended_reason: string | null;
  stripe_account_id: string | null;
  stripe_charges_enabled: boolean;
  stripe_disconnected_at: Date | null;
  shop_languages: string[];
}
