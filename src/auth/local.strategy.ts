import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, PassportSerializer, PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { DomainError } from '../common/domain-error.js';
import { InvalidCredentials } from './auth.errors.js';
import { toAuthUser, type AuthUser } from './auth-user.js';
import { AuthService } from './auth.service.js';

/** passport-local: email + password from the log-in form, checked (and throttled) by AuthService. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: Request, email: string, password: string): Promise<AuthUser> {
    return this.auth.verifyCredentials(email, password, req.ip ?? 'unknown');
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Why the local strategy refused this log-in; the controller re-renders the form with it. */
    loginError?: DomainError;
  }
}

/**
 * Runs the local strategy without Nest's default 401: a refused log-in is kept on the request,
 * so the log-in page is shown again with the message and the email that was typed.
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    try {
      await super.canActivate(context);
    } catch (err) {
      req.loginError = err instanceof DomainError ? err : new InvalidCredentials();
    }
    return true;
  }
}

/** The session stores the user id only; each request reloads the user, so a disabled one is out. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly auth: AuthService) {
    super();
  }

  serializeUser(user: AuthUser, done: (err: unknown, id?: string) => void): void {
    done(null, user.id);
  }

  deserializeUser(id: string, done: (err: unknown, user?: AuthUser | false) => void): void {
    this.auth.findUser(id).then(
      (user) => done(null, user && !user.disabledAt ? toAuthUser(user) : false),
      (err: unknown) => done(err),
    );
  }
}
