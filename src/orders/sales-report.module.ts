import { Module } from '@nestjs/common';
import { SalesReportService } from './sales-report.service.js';

/** The dashboard home's sales chart; a module of its own so the dashboard can import it without the order pages. */
@Module({ providers: [SalesReportService], exports: [SalesReportService] })
export class SalesReportModule {}
