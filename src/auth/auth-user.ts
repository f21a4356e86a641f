import type { User, UserRole } from './entities/user.entity.js';

/** What a request knows about its logged-in person (`req.user`): no hash, no timestamps. */
export interface AuthUser {
  readonly id: string;
  readonly email: string;
  readonly role: UserRole;
  /** Their pages' language (read with the session row on every request: no query of its own). */
  readonly language?: string;
  /**
   * The zone their pages outside a shop's dashboard show dates in (admin, account): their own
   * setting, else their shop's, else UTC. Read with the session row like the language.
   */
  readonly timeZone?: string;
}

export function toAuthUser(
  user: Pick<User, 'id' | 'email' | 'role'> & { language?: string; timeZone?: string | null },
): AuthUser {
  return Object.freeze({
    id: user.id,
    email: user.email,
    role: user.role,
    language: user.language,
    timeZone: user.timeZone ?? undefined,
  });
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends AuthUser {}
  }
}

declare module 'express-session' {
  interface SessionData {
    passport?: { user?: string };
    /** Epoch ms of the log-in: the absolute timeout counts from here. */
    authenticatedAt?: number;
    /** Epoch ms of the last request: the idle timeout counts from here. */
    lastSeenAt?: number;
  }
}
