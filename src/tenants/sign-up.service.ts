import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthService, type NewAccountInput } from '../auth/auth.service.js';
import type { Shop } from './entities/shop.entity.js';
import type { NewShopInput } from './shop-input.js';
import { TenantService } from './tenant.service.js';

export interface SignUpInput extends NewAccountInput, NewShopInput {
  shopName?: string;
}

/**
 * Sign-up: a merchant account (auth) and its shop (here), in one transaction, both or neither.
 * Auth owns the account half and its throttle; the shop half rides along as its companion.
 */
@Injectable()
export class SignUpService {
  constructor(
    private readonly auth: AuthService,
    private readonly tenants: TenantService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** `from.ip` is counted against the sign-up limit; trusted callers (tests, CLIs) leave it out. */
  async signUp(input: SignUpInput, from?: { ip: string }): Promise<AuthUser> {
    const shop = { ...input, name: input.shopName };
    return this.auth.signUp(
      input,
      {
        problems: () => this.tenants.newShopProblems(shop),
        create: async (manager, userId) => {
          await this.tenants.createShop(manager, userId, shop);
        },
      },
      from,
    );
  }

  /** The shop half alone, for an account that has none (an admin made by the CLI, say). */
  async openShop(ownerUserId: string, input: SignUpInput): Promise<Shop> {
    return this.db.transaction((manager) =>
      this.tenants.createShop(manager, ownerUserId, { ...input, name: input.shopName }),
    );
  }
}
