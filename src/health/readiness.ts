import { Injectable } from '@nestjs/common';

/**
 * Whether this process wants new traffic. A stopping web process turns it off first
 * (`/readyz` answers 503) and keeps serving for SHUTDOWN_DRAIN_MS, so the load balancer takes
 * it out of rotation before it stops accepting connections (src/shutdown.ts).
 */
@Injectable()
export class Readiness {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }
}
