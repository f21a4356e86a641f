import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Role } from '../auth/guards.js';
import { STRIPE_EVENT_STATUSES } from '../webhooks/entities/stripe-event.entity.js';
import { AdminEventsService } from './admin-events.service.js';
import { t } from '../common/i18n.js';
import { label, pager, renderAdmin, renderConfirm } from './admin-view.js';
import { confirmView } from '../web/confirm-view.js';
import { EventListQuery, ReplayForm } from './dto/admin-forms.dto.js';
import { PatternParam } from '../web/validation.pipe.js';

const STRIPE_EVENT_ID = /^evt_[A-Za-z0-9_]{1,250}$/;

@Controller('admin/events')
@Role('admin')
export class AdminEventsController {
  constructor(private readonly events: AdminEventsService) {}

  @Get()
  async list(@Req() req: Request, @Query() { replayed, ...query }: EventListQuery, @Res() res: Response) {
    const lang = res.locals.lang as string;
    const result = await this.events.search(req.user, query);
    renderAdmin(res, 'events', {
      title: t(lang, 'admin.events.title'),
      notice: replayed !== undefined ? t(lang, 'admin.events.replayed', { count: replayed }) : undefined,
      filters: { type: query.type ?? '', status: query.status ?? '', shop: query.shop ?? '' },
      statuses: STRIPE_EVENT_STATUSES.map((s) => ({ value: s, label: label(lang, 'eventStatus', s) })),
      events: result.events.map((e) => ({
        id: e.id,
        type: e.type,
        status: e.status,
        statusLabel: label(lang, 'eventStatus', e.status),
        attempts: e.attempts,
        account: e.account,
        shop: e.account ? result.shopsByAccount.get(e.account) : undefined,
        receivedAt: e.receivedAt,
        problem: e.reason ?? e.lastError,
      })),
      pager: pager(lang, '/admin/events', { ...query }, result.page, result.pageSize, result.total),
    });
  }

  @Get(':eventId')
  async detail(
    @Req() req: Request,
    @Param('eventId', PatternParam(STRIPE_EVENT_ID)) eventId: string,
    @Res() res: Response,
  ) {
    const lang = res.locals.lang as string;
    const { event, attempts, shop } = await this.events.detail(req.user, eventId);
    renderAdmin(res, 'event', {
      title: t(lang, 'admin.event.title', { id: event.id }),
      event: {
        id: event.id,
        type: event.type,
        status: event.status,
        statusLabel: label(lang, 'eventStatus', event.status),
        account: event.account,
        livemode: event.livemode,
        apiVersion: event.apiVersion,
        created: event.created,
        receivedAt: event.receivedAt,
        processedAt: event.processedAt,
        attempts: event.attempts,
        lastError: event.lastError,
        reason: event.reason,
        // Rendered with {{ }} inside <pre>: escaped like every other value.
        payload: JSON.stringify(event.payload, null, 2),
      },
      shop,
      attempts: attempts.map((a) => ({
        attempt: a.attempt,
        outcome: label(lang, 'eventStatus', a.outcome),
        error: a.error,
        startedAt: a.startedAt,
        finishedAt: a.finishedAt,
      })),
    });
  }

  @Post('replay')
  async replay(@Req() req: Request, @Body() form: ReplayForm, @Res() res: Response) {
    const lang = res.locals.lang as string;
    const ids = form.eventId ?? [];
    const events = await this.events.forReplay(req.user, ids);
    if (form.confirm !== 'yes') {
      return renderConfirm(
        res,
        confirmView({
          title: t(lang, 'admin.events.replayConfirm.title', { count: events.length }),
          message: t(lang, 'admin.events.replayConfirm.message'),
          action: '/admin/events/replay',
          button: t(lang, 'admin.events.replayConfirm.button', { count: events.length }),
          cancelHref:
            events.length === 1 ? `/admin/events/${encodeURIComponent(events[0].id)}` : '/admin/events',
          hidden: events.map((e) => ({ name: 'eventId', value: e.id })),
          items: events.map((e) => `${e.id} · ${e.type} · ${label(lang, 'eventStatus', e.status)}`),
        }),
      );
    }
    const n = await this.events.replay(req.user, ids);
    res.redirect(303, `/admin/events?replayed=${n}`);
  }
}
