import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
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
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method];
        if (typeof fn !== 'function') continue;
        const name = `${instance.constructor.name}.${method}`;
        const types = this.reflector.get<string[] | undefined>(STRIPE_EVENT_HANDLER, fn);
        for (const type of types ?? []) {
          const list = this.handlers.get(type) ?? [];
          list.push({ name, fn: (fn as StripeEventHandlerFn).bind(instance) });
          this.handlers.set(type, list);
        }
        const objectType = this.reflector.get<string | undefined>(STRIPE_QUARANTINE_FLAG, fn);
        if (objectType) {
          if (this.flags.has(objectType)) throw new Error(`two quarantine flags for ${objectType}`);
          this.flags.set(objectType, (fn as StripeQuarantineFlagFn).bind(instance));
        }
      }
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
