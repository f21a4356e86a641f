import { Controller, Get, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { t } from '../common/i18n.js';

@Controller()
export class LandingController {
  @Get()
  @Render('pages/landing')
  landing(@Res({ passthrough: true }) res: Response) {
    return { title: t(res.locals.lang as string, 'landing.title') };
  }
}
