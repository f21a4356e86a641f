import {
  Controller,
  Get,
  Injectable,
  Param,
  Render,
  Req,
  Res,
  UseGuards,
  type CanActivate,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { t } from '../common/i18n.js';
import { AuthenticatedGuard } from '../auth/guards.js';
import { NotFoundError } from '../common/domain-error.js';
import type { OutboxMail } from '../mail/entities/outbox-mail.entity.js';
import { MailService } from '../mail/mail.service.js';
import { UuidParam } from '../web/validation.pipe.js';

/** Outside offline mode the mailbox does not exist: a 404 for everyone, logged in or not. */
@Injectable()
class MailboxExists implements CanActivate {
  constructor(private readonly mail: MailService) {}

  canActivate(): boolean {
    if (!this.mail.hasMailbox) throw new NotFoundError();
    return true;
  }
}

/**
 * The offline demo's mailbox (platform host): the mails the app wrote, so the demo works without
 * an SMTP server. It holds password-reset links, so it needs a log-in: the admin (the demo admin
 * whose password the start banner prints) reads every mail, a merchant only their own.
 */
@Controller('mailbox')
@UseGuards(MailboxExists, AuthenticatedGuard)
export class MailboxController {
  constructor(private readonly mail: MailService) {}

  @Get()
  @Render('pages/mailbox')
  async list(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const viewer = req.user!;
    const mails = await this.mail.mailboxFor(viewer);
    return {
      title: t(res.locals.lang as string, 'mailbox.title'),
      everyone: viewer.role === 'admin',
      viewerEmail: viewer.email,
      mails: mails.map(toView),
    };
  }

  @Get(':id')
  @Render('pages/mailbox-mail')
  async read(@Req() req: Request, @Param('id', UuidParam) id: string) {
    const mail = await this.mail.readMail(req.user!, id);
    return { title: mail.subject, mail: toView(mail) };
  }
}

function toView(m: OutboxMail) {
  return {
    id: m.id,
    to: m.to,
    subject: m.subject,
    sentAt: m.createdAt,
    lines: m.text.split('\n').map(linkify),
  };
}

/** Splits a line into text and same-app links, so the template needs no triple-stash. */
function linkify(line: string): { parts: Array<{ text: string; href?: string }> } {
  const parts: Array<{ text: string; href?: string }> = [];
  let last = 0;
  for (const m of line.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    if (m.index > last) parts.push({ text: line.slice(last, m.index) });
    parts.push({ text: m[0], href: m[0] });
    last = m.index + m[0].length;
  }
  if (last < line.length || parts.length === 0) parts.push({ text: line.slice(last) });
  return { parts };
}
