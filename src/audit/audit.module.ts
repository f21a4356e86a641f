import { Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';

/** The audit log: AuditService.record() inside the caller's transaction; the admin reads it. */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
