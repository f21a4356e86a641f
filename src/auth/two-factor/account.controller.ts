import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ValidationFailed } from '../../common/domain-error.js';
import { onRefusal } from '../../web/form-page.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { Authenticated } from '../guards.js';
import { SessionService } from '../http-session.js';
import { ENROL_PATH } from './admin-policy.js';
import { ConfirmEnrolmentForm, DisableTwoFactorForm } from './dto/two-factor-forms.dto.js';
import { SecondStepSession } from './second-step.session.js';
import { SecondFactorThrottled, TwoFactorAlreadyOn, TwoFactorRequired } from './two-factor.errors.js';
import { TwoFactorService, type Enrolment } from './two-factor.service.js';
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
    onRefusal(res, { ...this.enrolmentForm(req), refusals: [TwoFactorAlreadyOn] });
    const enrolment = await this.twoFactor.beginEnrolment(req.user!);
    res
      .set('Cache-Control', 'no-store')
      .render('pages/account/two-factor-setup', enrolmentView(enrolment, {}, required === '1'));
  }

  @Post('two-factor')
  async confirm(@Body() form: ConfirmEnrolmentForm, @Req() req: Request, @Res() res: Response) {
    const user = req.user!;
    onRefusal(res, this.enrolmentForm(req));
    res.set('Cache-Control', 'no-store');
    const codes = await this.twoFactor.confirmEnrolment(user, form.code ?? '', req.ip ?? 'unknown');
    this.secondStep.mark(req, 'on');
    // The other sessions were opened with the password alone.
    await this.sessions.destroyAllForUser(user.id, req.sessionID);
    res.status(200).render('pages/account/recovery-codes', {
      title: 'Save your recovery codes',
      codes,
      next: user.role === 'admin' ? '/admin' : '/dashboard',
    });
  }

  @Post('two-factor/disable')
  async disable(@Body() form: DisableTwoFactorForm, @Req() req: Request, @Res() res: Response) {
    onRefusal(res, {
      view: 'pages/account/home',
      refusals: [ValidationFailed, TwoFactorRequired, SecondFactorThrottled],
      model: (refusal) =>
        this.accountView(
          req,
          refusal instanceof ValidationFailed ? refusal.fields : { code: refusal.message },
        ),
    });
    await this.twoFactor.disable(
      req.user!,
      form.password ?? '',
      form.code ?? '',
      req.ip ?? 'unknown',
      this.config.adminRequire2fa,
    );
    this.secondStep.mark(req, 'off');
    res.redirect(303, '/account?done=off');
  }

  /** The enrolment page again with a fresh QR code; already on: the account page instead. */
  private enrolmentForm(req: Request) {
    return {
      view: 'pages/account/two-factor-setup',
      refusals: [ValidationFailed, SecondFactorThrottled, TwoFactorAlreadyOn],
      redirect: (refusal: DomainError) => (refusal instanceof TwoFactorAlreadyOn ? '/account' : undefined),
      model: async (refusal: DomainError) =>
        enrolmentView(
          await this.twoFactor.beginEnrolment(req.user!),
          refusal instanceof ValidationFailed ? refusal.fields : { code: refusal.message },
          false,
        ),
    };
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

function enrolmentView(enrolment: Enrolment, errors: Record<string, string>, required: boolean) {
  return {
    title: 'Turn on two-factor authentication',
    required,
    secret: enrolment.secret,
    secretGroups: enrolment.secret.match(/.{1,4}/g)!.join(' '),
    qrSvg: enrolment.qrSvg,
    errors,
  };
}
