import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ValidationFailed } from '../../common/domain-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { Authenticated } from '../guards.js';
import { SessionService } from '../http-session.js';
import { ENROL_PATH } from './admin-policy.js';
import { ConfirmEnrolmentForm, DisableTwoFactorForm } from './dto/two-factor-forms.dto.js';
import { SecondStepSession } from './second-step.session.js';
import { SecondFactorThrottled, TwoFactorAlreadyOn, TwoFactorRequired } from './two-factor.errors.js';
import { TwoFactorService } from './two-factor.service.js';
import { AccountQuery, EnrolmentQuery } from './dto/account-queries.dto.js';

const NOTICES: Record<string, string> = {
  off: 'Two-factor authentication is off. Your password alone now logs you in.',
};

/** The account page (/account) and two-factor enrolment and removal, for merchants and admins. */
@Controller('account')
@Authenticated()
export class AccountController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly twoFactor: TwoFactorService,
    private readonly secondStep: SecondStepSession,
    private readonly sessions: SessionService,
  ) {}

  @Get()
  async page(@Req() req: Request, @Query() { done }: AccountQuery, @Res() res: Response) {
    res.render('pages/account/home', await this.accountView(req, {}, done ? NOTICES[done] : undefined));
  }

  @Get('two-factor')
  async enrolPage(@Req() req: Request, @Query() { required }: EnrolmentQuery, @Res() res: Response) {
    try {
      const enrolment = await this.twoFactor.beginEnrolment(req.user!);
      res.set('Cache-Control', 'no-store').render('pages/account/two-factor-setup', {
        title: 'Turn on two-factor authentication',
        required: required === '1',
        secret: enrolment.secret,
        secretGroups: enrolment.secret.match(/.{1,4}/g)!.join(' '),
        qrSvg: enrolment.qrSvg,
        errors: {},
      });
    } catch (err) {
      if (!(err instanceof TwoFactorAlreadyOn)) throw err;
      res.redirect(303, '/account');
    }
  }

  @Post('two-factor')
  async confirm(@Body() form: ConfirmEnrolmentForm, @Req() req: Request, @Res() res: Response) {
    const user = req.user!;
    try {
      const codes = await this.twoFactor.confirmEnrolment(user, form.code ?? '', req.ip ?? 'unknown');
      this.secondStep.mark(req, 'on');
      // The other sessions were opened with the password alone.
      await this.sessions.destroyAllForUser(user.id, req.sessionID);
      res
        .status(200)
        .set('Cache-Control', 'no-store')
        .render('pages/account/recovery-codes', {
          title: 'Save your recovery codes',
          codes,
          next: user.role === 'admin' ? '/admin' : '/dashboard',
        });
    } catch (err) {
      if (err instanceof TwoFactorAlreadyOn) return res.redirect(303, '/account');
      if (!(err instanceof ValidationFailed) && !(err instanceof SecondFactorThrottled)) throw err;
      const enrolment = await this.twoFactor.beginEnrolment(user);
      res
        .status(err instanceof SecondFactorThrottled ? 429 : 422)
        .set('Cache-Control', 'no-store')
        .render('pages/account/two-factor-setup', {
          title: 'Turn on two-factor authentication',
          secret: enrolment.secret,
          secretGroups: enrolment.secret.match(/.{1,4}/g)!.join(' '),
          qrSvg: enrolment.qrSvg,
          errors: err instanceof ValidationFailed ? err.fields : { code: err.message },
        });
    }
  }

  @Post('two-factor/disable')
  async disable(@Body() form: DisableTwoFactorForm, @Req() req: Request, @Res() res: Response) {
    try {
      await this.twoFactor.disable(
        req.user!,
        form.password ?? '',
        form.code ?? '',
        req.ip ?? 'unknown',
        this.config.adminRequire2fa,
      );
      this.secondStep.mark(req, 'off');
      res.redirect(303, '/account?done=off');
    } catch (err) {
      if (err instanceof TwoFactorRequired || err instanceof SecondFactorThrottled) {
        const status = err instanceof SecondFactorThrottled ? 429 : 409;
        return res
          .status(status)
          .render('pages/account/home', await this.accountView(req, { code: err.message }));
      }
      if (!(err instanceof ValidationFailed)) throw err;
      res.status(422).render('pages/account/home', await this.accountView(req, err.fields));
    }
  }

  private async accountView(req: Request, errors: Record<string, string>, notice?: string) {
    const user = req.user!;
    const status = await this.twoFactor.status(user.id);
    return {
      title: 'Your account',
      email: user.email,
      isAdmin: user.role === 'admin',
      twoFactor: status,
      enrolHref: ENROL_PATH,
      notice,
      errors,
    };
  }
}
