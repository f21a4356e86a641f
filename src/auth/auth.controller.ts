import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ValidationFailed } from '../common/domain-error.js';
import { onRefusal } from '../web/form-page.js';
import { clientIp } from '../web/client-ip.js';
import { t } from '../common/i18n.js';
import { safeNextPath } from '../common/redirect.js';
import { InvalidCredentials, ResetLinkInvalid } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import {
  ChangePasswordForm,
  ForgotPasswordForm,
  LogInForm,
  ResetPasswordForm,
} from './dto/auth-forms.dto.js';
import { ChangePasswordQuery, LogInQuery, ResetPasswordQuery } from './dto/auth-queries.dto.js';
import { Authenticated } from './guards.js';
import { LoginGuard } from './local.strategy.js';
import { SessionService } from './http-session.js';
import { SecondStepSession } from './two-factor/second-step.session.js';
import { TwoFactorService } from './two-factor/two-factor.service.js';

/** Log-in, log-out and passwords, on the platform host (sign-up: tenants/sign-up.controller.ts). */
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly twoFactor: TwoFactorService,
    private readonly secondStep: SecondStepSession,
  ) {}

  @Get('login')
  logInPage(@Req() req: Request, @Res() res: Response, @Query() query: LogInQuery) {
    if (req.user) return res.redirect(303, '/dashboard');
    const notice = (['expired', 'reset', 'out'] as const).find((key) => query[key] === '1');
    const lang = res.locals.lang as string;
    res.render('pages/auth/login', {
      title: t(lang, 'login.title'),
      values: { next: safeNextPath(query.next, '') },
      notice: notice ? t(lang, `login.notice.${notice}`) : undefined,
    });
  }

  @Post('login')
  @UseGuards(LoginGuard)
  async logIn(@Body() form: LogInForm, @Req() req: Request, @Res() res: Response) {
    onRefusal(res, {
      view: 'pages/auth/login',
      refusals: [DomainError],
      model: (refusal) => ({
        title: t(res.locals.lang as string, 'login.title'),
        values: { email: form.email, next: safeNextPath(form.next, '') },
        loginError: refusal.message,
      }),
      status: (refusal) => (refusal.kind === 'rate_limited' ? 429 : 401),
    });
    if (req.loginError || !req.user) throw req.loginError ?? new InvalidCredentials();
    const user = req.user;
    if (await this.twoFactor.isEnabled(user.id)) {
      // Not logged in yet: the session only remembers that the password was right.
      await this.secondStep.begin(req, user, safeNextPath(form.next, ''));
      return res.redirect(303, '/login/two-factor');
    }
    await this.sessions.logIn(req, user);
    res.redirect(303, safeNextPath(form.next, user.role === 'admin' ? '/admin' : '/dashboard'));
  }

  @Post('logout')
  async logOut(@Req() req: Request, @Res() res: Response) {
    await this.sessions.logOut(req, res);
    res.redirect(303, '/login?out=1');
  }

  @Get('forgot-password')
  forgotPage(@Res() res: Response) {
    res.render('pages/auth/forgot-password', {
      title: t(res.locals.lang as string, 'forgot.title'),
      values: {},
    });
  }

  @Post('forgot-password')
  async forgot(@Body() form: ForgotPasswordForm, @Req() req: Request, @Res() res: Response) {
    onRefusal(res, {
      view: 'pages/auth/forgot-password',
      model: (refusal) => ({
        title: t(res.locals.lang as string, 'forgot.title'),
        values: { email: form.email },
        errors: refusal.fields,
      }),
    });
    await this.auth.requestPasswordReset(form.email ?? '', clientIp(req));
    res.status(200).render('pages/auth/forgot-password', {
      title: t(res.locals.lang as string, 'forgot.sentTitle'),
      sent: true,
      values: { email: form.email },
    });
  }

  @Get('reset-password')
  async resetPage(@Query() { token }: ResetPasswordQuery, @Res() res: Response) {
    const usable = await this.auth.isResetTokenUsable(token ?? '');
    res.status(usable ? 200 : 410).render('pages/auth/reset-password', {
      title: t(res.locals.lang as string, 'reset.title'),
      token,
      invalid: !usable,
      invalidMessage: new ResetLinkInvalid().localized(res.locals.lang as string).message,
    });
  }

  @Post('reset-password')
  async reset(@Body() form: ResetPasswordForm, @Res() res: Response) {
    onRefusal(res, {
      view: 'pages/auth/reset-password',
      refusals: [ValidationFailed, ResetLinkInvalid],
      model: (refusal) =>
        refusal instanceof ValidationFailed
          ? { title: t(res.locals.lang as string, 'reset.title'), token: form.token, errors: refusal.fields }
          : {
              title: t(res.locals.lang as string, 'reset.title'),
              invalid: true,
              invalidMessage: refusal.message,
            },
      // A used or expired link is gone for good: the page offers a new one instead of the form.
      status: (refusal) => (refusal instanceof ResetLinkInvalid ? 410 : undefined),
    });
    await this.auth.resetPassword(form.token ?? '', form.password ?? '');
    res.redirect(303, '/login?reset=1');
  }

  @Get('account/password')
  @Authenticated()
  changePasswordPage(@Query() { done }: ChangePasswordQuery, @Res() res: Response) {
    res.render('pages/auth/change-password', {
      title: t(res.locals.lang as string, 'changePassword.title'),
      notice: done === '1' ? t(res.locals.lang as string, 'changePassword.done') : undefined,
    });
  }

  @Post('account/password')
  @Authenticated()
  async changePassword(@Body() form: ChangePasswordForm, @Req() req: Request, @Res() res: Response) {
    onRefusal(res, {
      view: 'pages/auth/change-password',
      model: (refusal) => ({
        title: t(res.locals.lang as string, 'changePassword.title'),
        errors: refusal.fields,
      }),
    });
    await this.auth.changePassword(
      req.user!,
      form.currentPassword ?? '',
      form.newPassword ?? '',
      req.sessionID,
    );
    res.redirect(303, '/account/password?done=1');
  }
}
