import { Controller, Get, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { assertRole, Role } from '../auth/guards.js';

/** The back-office's entry page: a placeholder the admin issue fills. Non-admins get a 404. */
@Controller('admin')
@Role('admin')
export class AdminController {
  @Get()
  @Render('pages/admin/home')
  home(@Req() req: Request) {
    assertRole(req.user, 'admin');
    return { layout: 'layouts/admin', title: 'Admin', email: req.user.email };
  }
}
