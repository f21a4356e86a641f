import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../auth/guards.js';
import { AdminUsersService } from './admin-users.service.js';
import { pager, renderAdmin, renderConfirm } from './admin-view.js';
import { confirmView } from '../web/confirm-view.js';
import { ConfirmForm, UserListQuery } from './dto/admin-forms.dto.js';

const NOTICES: Record<string, string> = {
  disabled: 'The account is disabled and its sessions have ended.',
  enabled: 'The account can log in again.',
  'two-factor-reset':
    'Two-factor authentication is off for that account and its sessions have ended; its password alone logs in until it enrols again.',
};

@Controller('admin/users')
@Role('admin')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  async list(@Req() req: Request, @Query() { done, ...query }: UserListQuery, @Res() res: Response) {
    const result = await this.users.search(req.user, query);
    renderAdmin(res, 'users', {
      title: 'Users',
      notice: done ? NOTICES[done] : undefined,
      filters: { q: query.q ?? '' },
      users: result.users.map((u) => ({
        id: u.id,
        email: u.email,
        role: u.role,
        disabled: u.disabledAt !== null,
        disabledAt: u.disabledAt,
        twoFactor: result.withTwoFactor.has(u.id),
        createdAt: u.createdAt,
        isMe: u.id === req.user!.id,
      })),
      pager: pager('/admin/users', { ...query }, result.page, result.pageSize, result.total),
    });
  }

  @Post(':userId/disable')
  async disable(
    @Req() req: Request,
    @Param('userId') userId: string,
    @Body() form: ConfirmForm,
    @Res() res: Response,
  ) {
    const user = await this.users.get(req.user, userId);
    if (form.confirm !== 'yes') {
      return renderConfirm(
        res,
        confirmView({
          title: `Disable ${user.email}`,
          message:
            'They are logged out everywhere at once and cannot log in until an admin enables the account.',
          action: `/admin/users/${user.id}/disable`,
          button: 'Disable the account',
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
    const user = await this.users.get(req.user, userId);
    if (form.confirm !== 'yes') {
      return renderConfirm(
        res,
        confirmView({
          title: `Enable ${user.email}`,
          message: 'They can log in again with their password.',
          action: `/admin/users/${user.id}/enable`,
          button: 'Enable the account',
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
    const user = await this.users.get(req.user, userId);
    if (form.confirm !== 'yes') {
      return renderConfirm(
        res,
        confirmView({
          title: `Reset two-factor authentication of ${user.email}`,
          message:
            'For someone who lost their authenticator and their recovery codes: their app and codes stop working, ' +
            'their sessions end, and their password alone logs them in until they turn it on again. ' +
            'Check who is asking first. The audit log records it.',
          action: `/admin/users/${user.id}/two-factor/reset`,
          button: 'Reset two-factor authentication',
          danger: true,
          cancelHref: '/admin/users',
        }),
      );
    }
    await this.users.resetTwoFactor(req.user, user.id);
    res.redirect(303, '/admin/users?done=two-factor-reset');
  }
}
