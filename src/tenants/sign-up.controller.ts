import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignUpThrottled } from '../auth/auth.errors.js';
import { SessionService } from '../auth/http-session.js';
import { ValidationFailed } from '../common/domain-error.js';
import { clientIp } from '../web/client-ip.js';
import { t } from '../common/i18n.js';
import { onRefusal } from '../web/form-page.js';
import { SignUpForm } from './dto/sign-up-form.dto.js';
import { marketOptions } from './markets.js';
import { SignUpService } from './sign-up.service.js';

/** Sign-up on the platform host: an account and its shop, then logged in on the dashboard. */
@Controller()
export class SignUpController {
  constructor(
    private readonly signUps: SignUpService,
    private readonly sessions: SessionService,
  ) {}

  @Get('signup')
  signUpPage(@Req() req: Request, @Res() res: Response) {
    if (req.user) return res.redirect(303, '/dashboard');
    res.render('pages/auth/signup', signUpView(res, { country: 'FR', currency: 'eur' }, {}));
  }

  @Post('signup')
  async signUp(@Body() form: SignUpForm, @Req() req: Request, @Res() res: Response) {
    onRefusal(res, {
      view: 'pages/auth/signup',
      refusals: [ValidationFailed, SignUpThrottled],
      model: (refusal) =>
        refusal instanceof SignUpThrottled
          ? signUpView(res, form, {}, refusal.message)
          : signUpView(res, form, refusal.fields),
    });
    const user = await this.signUps.signUp(
      // The language the sign-up page was shown in becomes the account's.
      { ...form, language: res.locals.lang as string },
      { ip: clientIp(req) },
    );
    await this.sessions.logIn(req, user);
    res.redirect(303, '/dashboard');
  }
}

function signUpView(res: Response, values: SignUpForm, errors: Record<string, string>, formError?: string) {
  return {
    title: t(res.locals.lang as string, 'signup.title'),
    values: { ...values, password: undefined },
    errors,
    formError,
    ...marketOptions(res.locals.lang as string, values),
  };
}
