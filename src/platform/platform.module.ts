import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module.js';
import { LandingController } from './landing.controller.js';
import { LanguageController } from './language.controller.js';
import { MailboxController } from './mailbox.controller.js';

/** The platform host's own pages: the landing page and the offline demo's mailbox. */
@Module({ imports: [MailModule], controllers: [LandingController, LanguageController, MailboxController] })
export class PlatformModule {}
