import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/domain-error.js';
import { User } from './entities/user.entity.js';
import { isUuid } from '../common/uuid.js';

export interface UserSearch {
  /** A substring of the email. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface UserChange {
  before: User;
  after: User;
}

/**
 * Platform-wide reads and account switches over every user, for the admin back-office (which
 * checks the role first). Disabling writes `disabled_at` only: log-in refuses such an account
 * (AuthService.verifyCredentials) and so does every later request of an open session (the
 * session serializer reloads the user); the caller also deletes the sessions at once.
 */
@Injectable()
export class UserDirectory {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly clock: Clock,
  ) {}

  async search(
    search: UserSearch = {},
  ): Promise<{ users: User[]; total: number; page: number; pageSize: number }> {
    const pageSize = Math.min(Math.max(search.pageSize ?? 50, 1), 200);
    const page = Math.max(search.page ?? 1, 1);
    const qb = this.users.createQueryBuilder('u');
    const q = search.q?.trim();
    if (q) qb.where(`u.email ILIKE :q ESCAPE '\\'`, { q: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const [users, total] = await qb
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { users, total, page, pageSize };
  }

  async get(userId: string): Promise<User> {
    const user = isUuid(userId) ? await this.users.findOne({ where: { id: userId } }) : null;
    if (!user) throw new NotFoundError('user_not_found');
    return user;
  }

  async setDisabled(userId: string, disabled: boolean, manager: EntityManager): Promise<UserChange> {
    const repo = manager.getRepository(User);
    const before = await repo.findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!before) throw new NotFoundError('user_not_found');
    await repo.update(
      { id: userId },
      { disabledAt: disabled ? (before.disabledAt ?? this.clock.now()) : null },
    );
    const after = await repo.findOneOrFail({ where: { id: userId } });
    return { before, after };
  }
}
