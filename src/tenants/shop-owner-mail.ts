import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MailService, type MailMessage } from '../mail/mail.service.js';

/**
 * The one way to mail a shop's owner (new orders, disputes, Stripe's requirements): their
 * address and language (`app_user.language`, the one their dashboard is shown in) are read in
 * the caller's transaction (one statement) and the mail queued in it, so the mail goes out only
 * if the change that caused it commits. No owner (deleted): no mail.
 */
@Injectable()
export class ShopOwnerMail {
  constructor(private readonly mail: MailService) {}

  async send(
    manager: EntityManager,
    shopId: string,
    message: (ownerEmail: string, lang: string) => MailMessage,
  ): Promise<void> {
    const [owner] = await manager.query<Array<{ email: string; language: string }>>(
      `SELECT u.email, u.language FROM shop s JOIN app_user u ON u.id = s.owner_user_id WHERE s.id = $1`,
      [shopId],
    );
    if (!owner) return;
    await this.mail.enqueue(message(owner.email, owner.language), manager);
  }
}
