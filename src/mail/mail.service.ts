import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager, FindOptionsWhere, Repository } from 'typeorm';
import { NotFoundError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { defineJob, JobQueue } from '../jobs/job-queue.js';
import { OutboxMail } from './entities/outbox-mail.entity.js';
import { isUuid } from '../common/uuid.js';

/** Who reads the offline mailbox: the admin reads every mail, anyone else their own (an AuthUser fits). */
export interface MailboxViewer {
  readonly role: string;
  readonly email: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text only: links are written out in full, so every mail client shows them alike. */
  text: string;
}

export const SEND_MAIL_JOB = defineJob<{ mailId: string }>('mail.send', {
  retryLimit: 8,
  retryDelay: 30,
  retryBackoff: true,
});

/**
 * Mail through an outbox. `enqueue` writes the mail (and, with SMTP_URL, its sender job) in the
 * caller's transaction when given its manager, so a mail exists if and only if the change that
 * caused it committed. Without SMTP_URL nothing is sent: the mails wait in the outbox, which the
 * offline mailbox page shows (offline only: no Stripe key and no SMTP_URL). The mailbox holds
 * reset links, so who reads what is decided here, for every caller: an admin reads every mail,
 * anyone else only the mails addressed to them; another person's mail is "not found".
 */
@Injectable()
export class MailService implements OnModuleInit {
  private readonly logger = new Logger(MailService.name);
  private transport?: Transporter;
  readonly from: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(OutboxMail) private readonly outbox: Repository<OutboxMail>,
    private readonly queue: JobQueue,
  ) {
    this.from = `Comptoir <no-reply@${new URL(config.appUrl).hostname}>`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.smtpUrl) return;
    this.transport = nodemailer.createTransport(this.config.smtpUrl);
    await this.queue.work(SEND_MAIL_JOB, (data) => this.deliver(data.mailId), { concurrency: 2 });
  }

  async enqueue(message: MailMessage, manager?: EntityManager): Promise<OutboxMail> {
    const repo = manager ? manager.getRepository(OutboxMail) : this.outbox;
    const mail = await repo.save(
      repo.create({ to: message.to, subject: message.subject, text: message.text }),
    );
    if (this.config.smtpUrl) await this.queue.send(SEND_MAIL_JOB, { mailId: mail.id }, { manager });
    return mail;
  }

  /** Whether this instance has a mailbox page: offline, with nowhere to send mail. */
  get hasMailbox(): boolean {
    return this.config.offline && !this.config.smtpUrl;
  }

  /** The newest mails `viewer` may read, for the offline mailbox page. */
  async mailboxFor(viewer: MailboxViewer, limit = 50): Promise<OutboxMail[]> {
    return this.outbox.find({ where: this.readableBy(viewer), order: { createdAt: 'DESC' }, take: limit });
  }

  /** One mail of the mailbox; NotFoundError if `viewer` may not read it (or it does not exist). */
  async readMail(viewer: MailboxViewer, id: string): Promise<OutboxMail> {
    if (!isUuid(id)) throw new NotFoundError();
    const mail = await this.outbox.findOne({ where: { ...this.readableBy(viewer), id } });
    if (!mail) throw new NotFoundError();
    return mail;
  }

  private readableBy(viewer: MailboxViewer): FindOptionsWhere<OutboxMail> {
    if (!this.hasMailbox) throw new NotFoundError();
    return viewer.role === 'admin' ? {} : { to: viewer.email };
  }

  private async deliver(mailId: string): Promise<void> {
    const mail = await this.outbox.findOne({ where: { id: mailId } });
    if (!mail || mail.status === 'sent' || !this.transport) return;
    try {
      await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
      await this.outbox.update(
        { id: mail.id },
        { status: 'sent', sentAt: new Date(), attempts: mail.attempts + 1 },
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.outbox.update({ id: mail.id }, { attempts: mail.attempts + 1, lastError: message });
      this.logger.warn({ mailId, err: message }, 'mail delivery failed; the job will retry');
      throw err;
    }
  }
}
