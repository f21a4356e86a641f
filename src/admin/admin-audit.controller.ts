import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { Role } from '../auth/guards.js';
import { isUuid } from '../common/uuid.js';
import { ShopDirectory } from '../tenants/shop-directory.js';
import { t } from '../common/i18n.js';
import { label, pager, renderAdmin } from './admin-view.js';
import { AuditListQuery } from './dto/admin-forms.dto.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The audit log: read-only, newest first, filterable. */
@Controller('admin/audit')
@Role('admin')
export class AdminAuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly shops: ShopDirectory,
  ) {}

  @Get()
  async list(@Req() req: Request, @Query() query: AuditListQuery, @Res() res: Response) {
    const lang = res.locals.lang as string;
    const from = query.from && DAY.test(query.from) ? new Date(`${query.from}T00:00:00.000Z`) : undefined;
    const to = query.to && DAY.test(query.to) ? new Date(`${query.to}T23:59:59.999Z`) : undefined;
    const shopText = query.shop?.trim();
    // A shop filter by id (links from the shop page) or by slug (typed); an unknown one matches nothing.
    const shop = shopText
      ? isUuid(shopText)
        ? { id: shopText }
        : await this.shops.bySlug(shopText.toLowerCase())
      : undefined;
    const result = await this.audit.list(req.user, {
      action: query.action || undefined,
      actor: query.actor?.trim() || undefined,
      shopId: shopText ? (shop?.id ?? '00000000-0000-0000-0000-000000000000') : undefined,
      from: from && !Number.isNaN(from.getTime()) ? from : undefined,
      to: to && !Number.isNaN(to.getTime()) ? to : undefined,
      page: query.page,
    });
    const actions = await this.audit.actions(req.user);
    renderAdmin(res, 'audit', {
      title: t(lang, 'admin.audit.title'),
      filters: {
        action: query.action ?? '',
        actor: query.actor ?? '',
        shop: query.shop ?? '',
        from: query.from ?? '',
        to: query.to ?? '',
      },
      actions: actions.map((action) => ({ value: action, label: label(lang, 'audit.actions', action) })),
      entries: result.entries.map((e) => ({
        at: e.at,
        actor: e.actorEmail ?? t(lang, 'admin.audit.system'),
        actionLabel: label(lang, 'audit.actions', e.action),
        target: `${label(lang, 'audit.targets', e.targetType)} ${e.targetId}`,
        shopId: e.shopId,
        before: e.before ? JSON.stringify(e.before) : '',
        after: e.after ? JSON.stringify(e.after) : '',
        reason: e.reason,
      })),
      pager: pager(lang, '/admin/audit', { ...query }, result.page, result.pageSize, result.total),
    });
  }
}
