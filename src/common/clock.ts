import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The app's notion of "now", injected wherever time decides behaviour (session timeouts, token
 * expiry) so tests can move it with `jest.spyOn(app.get(Clock), 'now')`.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
