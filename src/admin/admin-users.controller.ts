import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../auth/guards.js';
import { AdminUsersService } from './admin-users.service.js';
import { t } from '../common/i18n.js';
import { label, pager, renderAdmin, renderConfirm } from './admin-view.js';
import { confirmView } from '../web/confirm-view.js';
import { ConfirmForm, UserListQuery } from './dto/admin-forms.dto.js';

/** The `?done=` values that have a notice (admin.users.notice.*); any other shows none. */
const NOTICES = new Set(['disabled', 'enabled', 'two-factor-reset']);

@Controller('admin/users')
@Role('admin')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  async list(@Req() req: Request, @Query() { done, ...query }: UserListQuery, @Res() res: Response) {
    const lang = res.locals.lang as string;
    const result = await this.users.search(req.user, query);
    renderAdmin(res, 'users', {
      title: t(lang, 'admin.users.title'),
      notice: done && NOTICES.has(done) ? t(lang, `admin.users.notice.${done}`) : undefined,
      filters: { q: query.q ?? '' },
      users: result.users.map((u) => ({
        id: u.id,
        email: u.email,
        roleLabel: label(lang, 'role', u.role),
        disabled: u.disabledAt !== null,
        disabledAt: u.disabledAt,
        twoFactor: result.withTwoFactor.has(u.id),
        createdAt: u.createdAt,
        isMe: u.id === req.user!.id,
      })),
      pager: pager(lang, '/admin/users', { ...query }, result.page, result.pageSize, result.total),
    });
  }

  @Post(':userId/disable')
  async disable(
    @Req() req: Request,
    @Param('userId') userId: string,
    @Body() form: ConfirmForm,
    @Res() res: Response,
  ) {
    const lang = res.locals.lang as string;
    const user = await this.users.get(req.user, userId);
    if (form.confirm !== 'yes') {
      return renderConfirm(
        res,
        confirmView({
          title: t(lang, 'admin.users.disableConfirm.title', { email: user.email }),
          message: t(lang, 'admin.users.disableConfirm.message'),
          action: `/admin/users/${user.id}/disable`,
          button: t(lang, 'admin.users.disableConfirm.button'),
          danger: true,
          cancelHref: '/admin/users',
        }),
      );
    }
    await this.users.disable(req.user, user.id);
    res.redirect(303, '/admin/users?done=disabled');
  }

  @Post(':userId/enable')
  async enable(
    @Req() req: Request,
    @Param('userId') userId: string,
    @Body() form: ConfirmForm,
    @Res() res: Response,
  ) {
    const lang = res.locals.lang as string;
    const user = await this.users.get(req.user, userId);
    if (form.confirm !== 'yes') {
      return renderConfirm(
        res,
        confirmView({
          title: t(lang, 'admin.users.enableConfirm.title', { email: user.email }),
          message: t(lang, 'admin.users.enableConfirm.message'),
          action: `/admin/users/${user.id}/enable`,
          button: t(lang, 'admin.users.enableConfirm.button'),
          cancelHref: '/admin/users',
        }),
      );
    }
    await this.users.enable(req.user, user.id);
    res.redirect(303, '/admin/users?done=enabled');
  }

  @Post(':userId/two-factor/reset')
  async resetTwoFactor(
    @Req() req: Request,
    @Param('userId') userId: string,
    @Body() form: ConfirmForm,
    @Res() res: Response,
  ) {
    const lang = res.locals.lang as string;
    const user = await this.users.get(req.user, userId);
    if (form.confirm !== 'yes') {
      return renderConfirm(
        res,
        confirmView({
          title: t(lang, 'admin.users.resetConfirm.title', { email: user.email }),
          message: t(lang, 'admin.users.resetConfirm.message'),
          action: `/admin/users/${user.id}/two-factor/reset`,
          button: t(lang, 'admin.users.resetConfirm.button'),
          danger: true,
          cancelHref: '/admin/users',
        }),
      );
    }
    await this.users.resetTwoFactor(req.user, user.id);
    res.redirect(303, '/admin/users?done=two-factor-reset');
  }
}
