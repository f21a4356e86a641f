import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MailService, type MailMessage } from '../mail/mail.service.js';

/**
 * The one way to mail a shop's owner (new orders, disputes, Stripe's requirements): their
 * address is read in the caller's transaction (one statement) and the mail queued in it, so the
 * mail goes out only if the change that caused it commits. No owner (deleted): no mail.
 */
@Injectable()
export class ShopOwnerMail {
  constructor(private readonly mail: MailService) {}

  async send(
    manager: EntityManager,
    shopId: string,
    message: (ownerEmail: string) => MailMessage,
  ): Promise<void> {
    const [owner] = await manager.query<Array<{ email: string }>>(
      `SELECT u.email FROM shop s JOIN app_user u ON u.id = s.owner_user_id WHERE s.id = $1`,
      [shopId],
    );
    if (!owner) return;
    await this.mail.enqueue(message(owner.email), manager);
  }
}
