import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import type { Response } from 'express';
import { safeNextPath } from '../common/redirect.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { isLanguage, LANGUAGE_COOKIE } from '../common/i18n.js';

export class LanguageForm {
  @IsOptional() @IsString() lang?: string;
  @IsOptional() @IsString() next?: string;
}

/** A year: the choice outlives the session, as a browser's language setting would. */
const LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/**
 * The no-JS language switcher (views/partials/layout/language-switcher.hbs): a POST (CSRF-checked
 * by the global guard) that stores the choice in a cookie and goes back to the page it came from.
 */
@Controller()
export class LanguageController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post('language')
  @HttpCode(303)
  choose(@Body() form: LanguageForm, @Res() res: Response) {
    if (isLanguage(form.lang)) {
      res.cookie(LANGUAGE_COOKIE, form.lang, {
        maxAge: LANGUAGE_COOKIE_MAX_AGE_MS,
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.secureCookies,
        path: '/',
      });
    }
    res.redirect(303, safeNextPath(form.next, '/'));
  }
}
