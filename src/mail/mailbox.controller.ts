import { Controller, Get, Inject, Render } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { NotFoundError } from '../common/domain-error.js';
import { MailService } from './mail.service.js';

/**
 * The offline demo's mailbox (platform host): every mail the app wrote, so a new user can read
 * a password-reset link without an SMTP server. With real keys (not offline) it does not exist.
 */
@Controller('mailbox')
export class MailboxController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  @Get()
  @Render('pages/mailbox')
  async list() {
    if (!this.config.offline) throw new NotFoundError();
    const mails = await this.mail.latest();
    return {
      title: 'Mailbox',
      mails: mails.map((m) => ({
        to: m.to,
        subject: m.subject,
        sentAt: m.createdAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
        lines: m.text.split('\n').map(linkify),
      })),
    };
  }
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
