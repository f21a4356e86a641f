import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Readiness } from './readiness.js';

/** Load-balancer probes; they answer on any Host (see HostRoutingMiddleware). */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly readiness: Readiness,
  ) {}

  @Get('healthz')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('readyz')
  @HealthCheck()
  ready(@Res({ passthrough: true }) res: Response) {
    // Still alive and serving, but on its way out: send nothing new here. An answer, not an
    // error (nothing is wrong, and the error log stays for what is).
    if (this.readiness.isDraining) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'shutting_down', info: {}, error: {}, details: {} };
    }
    return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
  }
}
