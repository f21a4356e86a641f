import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { CsrfGuard, CsrfProtection } from './csrf.js';
import { PasswordResetToken } from './entities/password-reset-token.entity.js';
import { User } from './entities/user.entity.js';
import { AuthenticatedGuard, RoleGuard } from './guards.js';
import { AppPassport, LoginGuard } from './local.strategy.js';
import { AuthThrottles } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionService } from './http-session.js';
import { ThrottleStore } from './throttle.js';
import { UserDirectory } from './user-directory.js';
import { AccountController } from './two-factor/account.controller.js';
import { RecoveryCode } from './two-factor/entities/recovery-code.entity.js';
import { UserTwoFactor } from './two-factor/entities/user-two-factor.entity.js';
import { SecondStepController } from './two-factor/second-step.controller.js';
import { SecondStepSession } from './two-factor/second-step.session.js';
import { SecondStepThrottle } from './two-factor/second-step-throttle.js';
import { TwoFactorService } from './two-factor/two-factor.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, PasswordResetToken, UserTwoFactor, RecoveryCode]), MailModule],
  controllers: [AuthController, SecondStepController, AccountController],
  providers: [
    AuthService,
    PasswordHasher,
    ThrottleStore,
    AuthThrottles,
    SessionService,
    CsrfProtection,
    AppPassport,
    LoginGuard,
    AuthenticatedGuard,
    RoleGuard,
    UserDirectory,
    TwoFactorService,
    SecondStepThrottle,
    SecondStepSession,
    { provide: APP_GUARD, useClass: CsrfGuard },
  ],
  exports: [
    AuthService,
    AppPassport,
    SessionService,
    CsrfProtection,
    PasswordHasher,
    AuthenticatedGuard,
    RoleGuard,
    UserDirectory,
    TwoFactorService,
  ],
})
export class AuthModule {}
