import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../auth/guards.js';
import { AdminEventsService } from './admin-events.service.js';
import { t } from '../common/i18n.js';
import { renderAdmin } from './admin-view.js';

/** The back-office's home: what needs attention, and links to each section. */
@Controller('admin')
@Role('admin')
export class AdminController {
  constructor(private readonly events: AdminEventsService) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response) {
    const counts = await this.events.needingAttention(req.user);
    renderAdmin(res, 'home', {
      title: t(res.locals.lang as string, 'admin.home.title'),
      section: 'home',
      email: req.user!.email,
      counts,
    });
  }
}
