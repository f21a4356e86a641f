import {
  applyDecorators,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { NotFoundError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { RedirectRequired } from '../common/redirect.js';
import type { AuthUser } from './auth-user.js';
import type { UserRole } from './entities/user.entity.js';
import { assertAdminSecondFactor } from './two-factor/admin-policy.js';

/** Logged-in platform users only; others are sent to /login (and back afterwards, for a GET). */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.hostKind !== 'platform') throw new NotFoundError();
    if (req.user) return true;
    // Password given, second factor pending: that page is the only way on.
    if (req.session?.secondFactor) throw new RedirectRequired('/login/two-factor');
    const params = new URLSearchParams();
    if (req.method === 'GET') params.set('next', req.originalUrl);
    if (req.sessionEnded) params.set('expired', '1');
    const query = params.toString();
    throw new RedirectRequired(`/login${query ? `?${query}` : ''}`);
  }
}

const ROLE_KEY = 'comptoir:role';

/**
 * Users with `role` only. Everyone else, logged in or not, gets a 404: the route is not
 * admitted to exist.
 */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<UserRole>(ROLE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request>();
    if (req.hostKind !== 'platform' || !req.user || req.user.role !== role) throw new NotFoundError();
    if (role === 'admin') assertAdminSecondFactor(req, this.config);
    return true;
  }
}

export const Authenticated = () => UseGuards(AuthenticatedGuard);
export const Role = (role: UserRole) => applyDecorators(SetMetadata(ROLE_KEY, role), UseGuards(RoleGuard));

/** The service-layer twin of Role(): services that only admins may call start with this. */
export function assertRole(actor: AuthUser | undefined, role: UserRole): asserts actor is AuthUser {
  if (!actor || actor.role !== role) throw new NotFoundError();
}
