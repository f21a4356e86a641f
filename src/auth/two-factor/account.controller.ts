import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ValidationFailed } from '../../common/domain-error.js';
import { onRefusal } from '../../web/form-page.js';
import { DEFAULT_LANGUAGE, LANGUAGES, t } from '../../common/i18n.js';
import { DEFAULT_TIME_ZONE, TIME_ZONES } from '../../common/dates.js';
import { IsOptional, IsString } from 'class-validator';
import { AuthService } from '../auth.service.js';
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

/** `?done=` notices, by catalog key. */
const NOTICES: Record<string, string> = {
  off: 'account.twoFactor.offNotice',
  language: 'account.languageSaved',
  timeZone: 'timeZone.saved',
};

export class LanguageChoiceForm {
  @IsOptional() @IsString() language?: string;
}

export class TimeZoneChoiceForm {
  @IsOptional() @IsString() timeZone?: string;
}

/** The account page (/account) and two-factor enrolment and removal, for merchants and admins. */
@Controller('account')
@Authenticated()
export class AccountController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly twoFactor: TwoFactorService,
    private readonly secondStep: SecondStepSession,
    private readonly sessions: SessionService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async page(@Req() req: Request, @Query() { done }: AccountQuery, @Res() res: Response) {
    const lang = res.locals.lang as string;
    const notice = done ? t(lang, NOTICES[done]) : undefined;
    res.render('pages/account/home', await this.accountView(req, lang, {}, notice));
  }

  @Get('two-factor')
  async enrolPage(@Req() req: Request, @Query() { required }: EnrolmentQuery, @Res() res: Response) {
    onRefusal(res, { ...this.enrolmentForm(req, res), refusals: [TwoFactorAlreadyOn] });
    const enrolment = await this.twoFactor.beginEnrolment(req.user!);
    res
      .set('Cache-Control', 'no-store')
      .render(
        'pages/account/two-factor-setup',
        enrolmentView(res.locals.lang as string, enrolment, {}, required === '1'),
      );
  }

  @Post('two-factor')
  async confirm(@Body() form: ConfirmEnrolmentForm, @Req() req: Request, @Res() res: Response) {
    const user = req.user!;
    onRefusal(res, this.enrolmentForm(req, res));
    res.set('Cache-Control', 'no-store');
    const codes = await this.twoFactor.confirmEnrolment(user, form.code ?? '', req.ip ?? 'unknown');
    this.secondStep.mark(req, 'on');
    // The other sessions were opened with the password alone.
    await this.sessions.destroyAllForUser(user.id, req.sessionID);
    res.status(200).render('pages/account/recovery-codes', {
      title: t(res.locals.lang as string, 'recovery.title'),
      codes,
      next: user.role === 'admin' ? '/admin' : '/dashboard',
    });
  }

  @Post('language')
  async chooseLanguage(@Body() form: LanguageChoiceForm, @Req() req: Request, @Res() res: Response) {
    this.settingForm(req, res);
    await this.auth.setLanguage(req.user!.id, form.language);
    res.redirect(303, '/account?done=language');
  }

  @Post('time-zone')
  async chooseTimeZone(@Body() form: TimeZoneChoiceForm, @Req() req: Request, @Res() res: Response) {
    this.settingForm(req, res);
    await this.auth.setTimeZone(req.user!.id, form.timeZone);
    res.redirect(303, '/account?done=timeZone');
  }

  @Post('two-factor/disable')
  async disable(@Body() form: DisableTwoFactorForm, @Req() req: Request, @Res() res: Response) {
    onRefusal(res, {
      view: 'pages/account/home',
      refusals: [ValidationFailed, TwoFactorRequired, SecondFactorThrottled],
      model: (refusal) =>
        this.accountView(
          req,
          res.locals.lang as string,
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

  /** A refused language or time-zone choice: the account page again, the field's message beside it. */
  private settingForm(req: Request, res: Response): void {
    onRefusal(res, {
      view: 'pages/account/home',
      refusals: [ValidationFailed],
      model: (refusal) =>
        this.accountView(
          req,
          res.locals.lang as string,
          refusal instanceof ValidationFailed ? refusal.fields : {},
        ),
    });
  }

  /** The enrolment page again with a fresh QR code; already on: the account page instead. */
  private enrolmentForm(req: Request, res: Response) {
    return {
      view: 'pages/account/two-factor-setup',
      refusals: [ValidationFailed, SecondFactorThrottled, TwoFactorAlreadyOn],
      redirect: (refusal: DomainError) => (refusal instanceof TwoFactorAlreadyOn ? '/account' : undefined),
      model: async (refusal: DomainError) =>
        enrolmentView(
          res.locals.lang as string,
          await this.twoFactor.beginEnrolment(req.user!),
          refusal instanceof ValidationFailed ? refusal.fields : { code: refusal.message },
          false,
        ),
    };
  }

  private async accountView(req: Request, lang: string, errors: Record<string, string>, notice?: string) {
    const user = req.user!;
    const [status, ownZone] = await Promise.all([
      this.twoFactor.status(user.id),
      this.auth.timeZoneSetting(user.id),
    ]);
    return {
      title: t(lang, 'account.title'),
      email: user.email,
      isAdmin: user.role === 'admin',
      twoFactor: status,
      enrolHref: ENROL_PATH,
      // The user's stored language (the page's, as read with the session), for the language form.
      languageChoices: LANGUAGES.map((code) => ({
        code,
        name: t(code, 'language.name'),
        selected: code === (user.language ?? DEFAULT_LANGUAGE),
      })),
      // No setting of their own: their shop's zone (read with the session), else UTC.
      timeZoneDefault: t(lang, 'timeZone.userDefault', {
        zone: req.ownedShopRow?.time_zone ?? DEFAULT_TIME_ZONE,
      }),
      timeZoneChoices: TIME_ZONES.map((zone) => ({ zone, selected: zone === ownZone })),
      notice,
      errors,
    };
  }
}

function enrolmentView(
  lang: string,
  enrolment: Enrolment,
  errors: Record<string, string>,
  required: boolean,
) {
  return {
    title: t(lang, 'account.twoFactor.turnOn'),
    required,
    secret: enrolment.secret,
    secretGroups: enrolment.secret.match(/.{1,4}/g)!.join(' '),
    qrSvg: enrolment.qrSvg,
    errors,
  };
}
