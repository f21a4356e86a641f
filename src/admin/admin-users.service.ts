import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { User } from '../auth/entities/user.entity.js';
import { assertRole } from '../auth/guards.js';
import { SessionService } from '../auth/http-session.js';
import { TwoFactorService } from '../auth/two-factor/two-factor.service.js';
import { UserDirectory, type UserChange, type UserSearch } from '../auth/user-directory.js';
import { CannotDisableYourself, CannotResetOwnTwoFactor } from './admin.errors.js';

/**
 * Users as admins manage them. Disabling commits `disabled_at` and its audit entry together,
 * then deletes every session of the user at once; even a session that escaped the delete is
 * refused at its next request (the serializer reloads the user). An admin cannot disable
 * themself, so the platform never locks its last admin out by mistake.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UserDirectory,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  async search(actor: AuthUser | undefined, search: UserSearch) {
    assertRole(actor, 'admin');
    const result = await this.users.search(search);
    const withTwoFactor = await this.twoFactor.enabledAmong(result.users.map((u) => u.id));
    return { ...result, withTwoFactor };
  }

  /**
   * For a user who lost their authenticator and recovery codes: removes both, with an audit
   * entry in the same transaction, then ends their sessions (they were marked as passed 2FA).
   * Their password alone logs them in again until they enrol anew. Not for one's own account.
   */
  async resetTwoFactor(actor: AuthUser | undefined, userId: string): Promise<boolean> {
    assertRole(actor, 'admin');
    const user = await this.users.get(userId);
    if (user.id === actor.id) throw new CannotResetOwnTwoFactor();
    const wasOn = await this.db.transaction(async (manager) => {
      const on = await this.twoFactor.removeFor(user.id, manager);
      if (on) {
        await this.audit.record(
          actor,
          {
            action: 'user.two_factor_reset',
            targetType: 'user',
            targetId: user.id,
            before: { email: user.email, twoFactor: 'on' },
            after: { email: user.email, twoFactor: 'off' },
          },
          manager,
        );
      }
      return on;
    });
    if (wasOn) await this.sessions.destroyAllForUser(user.id);
    return wasOn;
  }

  async get(actor: AuthUser | undefined, userId: string): Promise<User> {
    assertRole(actor, 'admin');
    return this.users.get(userId);
  }

  async disable(actor: AuthUser | undefined, userId: string): Promise<void> {
    assertRole(actor, 'admin');
    const user = await this.users.get(userId);
    if (user.id === actor.id) throw new CannotDisableYourself();
    await this.db.transaction(async (manager) => {
      const change = await this.users.setDisabled(user.id, true, manager);
      await this.audit.record(actor, entry('user.disable', change), manager);
    });
    await this.sessions.destroyAllForUser(user.id);
  }

  async enable(actor: AuthUser | undefined, userId: string): Promise<void> {
    assertRole(actor, 'admin');
    const user = await this.users.get(userId);
    await this.db.transaction(async (manager) => {
      const change = await this.users.setDisabled(user.id, false, manager);
      await this.audit.record(actor, entry('user.enable', change), manager);
    });
  }
}

function entry(action: string, { before, after }: UserChange) {
  const state = (u: User) => ({
    email: u.email,
    role: u.role,
    disabledAt: u.disabledAt?.toISOString() ?? null,
  });
  return { action, targetType: 'user', targetId: after.id, before: state(before), after: state(after) };
}
