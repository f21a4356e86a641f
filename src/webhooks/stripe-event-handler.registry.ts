import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { discoverMethods } from '../common/discover-methods.js';
import {
  STRIPE_EVENT_HANDLER,
  STRIPE_QUARANTINE_FLAG,
  type StripeEventHandlerFn,
  type StripeQuarantineFlagFn,
} from './stripe-event-handler.decorator.js';

/** The handlers and quarantine flags of the whole app, found on providers at boot. */
@Injectable()
export class StripeEventHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger(StripeEventHandlerRegistry.name);
  private readonly handlers = new Map<string, Array<{ name: string; fn: StripeEventHandlerFn }>>();
  private readonly flags = new Map<string, StripeQuarantineFlagFn>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const tools = { discovery: this.discovery, scanner: this.scanner, reflector: this.reflector };
    for (const { name, metadata: types, fn } of discoverMethods<string[], StripeEventHandlerFn>(
      tools,
      STRIPE_EVENT_HANDLER,
    )) {
      for (const type of types) {
        const list = this.handlers.get(type) ?? [];
        list.push({ name, fn });
        this.handlers.set(type, list);
      }
    }
    for (const { metadata: objectType, fn } of discoverMethods<string, StripeQuarantineFlagFn>(
      tools,
      STRIPE_QUARANTINE_FLAG,
    )) {
      if (this.flags.has(objectType)) throw new Error(`two quarantine flags for ${objectType}`);
      this.flags.set(objectType, fn);
    }
    this.logger.log(`Stripe event handlers: ${[...this.handlers.keys()].sort().join(', ') || 'none'}`);
  }

  handlersFor(type: string): ReadonlyArray<{ name: string; fn: StripeEventHandlerFn }> {
    return this.handlers.get(type) ?? [];
  }

  flagFor(objectType: string): StripeQuarantineFlagFn | undefined {
    return this.flags.get(objectType);
  }

  /** The event types some handler takes: what the webhook endpoints subscribe to. */
  handledTypes(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
