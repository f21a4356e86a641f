import 'reflect-metadata';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { HostRouting } from './host-routing.js';
import type { TenantService } from './tenant.service.js';

const config = {
  appUrl: 'http://localhost:3000',
  appHost: 'localhost:3000',
  appDomain: 'localhost',
} as AppConfig;

describe('HostRouting', () => {
  it('refuses a Host that is neither the platform nor a shop with a domain error (400, the error page)', async () => {
    const routing = new HostRouting(config, {} as TenantService);
    const req = { path: '/', url: '/', host: 'evil.example' } as Request;
    const passed = await new Promise<unknown>((resolve) =>
      routing.middleware(req, { locals: {} } as Response, resolve as NextFunction),
    );
    expect(passed).toBeInstanceOf(DomainError);
    expect(passed).toMatchObject({
      kind: 'bad_request',
      code: 'unknown_host',
      message: 'This address is not served here.',
    });
    expect(req.hostKind).toBeUndefined();
  });
});
