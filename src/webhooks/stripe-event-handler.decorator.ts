import { SetMetadata } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';

export const STRIPE_EVENT_HANDLER = Symbol('stripe-event-handler');
export const STRIPE_QUARANTINE_FLAG = Symbol('stripe-quarantine-flag');

/**
 * Every event type some handler declared, filled when handler classes are defined (at import),
 * so `npm run stripe:webhooks` knows what to subscribe to without booting the app.
 */
export const DECLARED_EVENT_TYPES = new Set<string>();

/** What a handler gets besides the event. Everything it writes goes through `manager`. */
export interface StripeEventContext {
  /** The transaction that also marks the event processed: effects and status commit together. */
  readonly manager: EntityManager;
  readonly eventId: string;
  /** `event.account`: the connected account the event happened on, or null (platform's own). */
  readonly account: string | null;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /**
   * Claims `effect` on `objectId` once and for all (e.g. `once(session.id, 'order.paid')`):
   * true the first time, false for every later event naming the same object, whatever its id.
   * Rolled back with the handler's transaction if the handler fails.
   */
  once(objectId: string, effect: string): Promise<boolean>;
  /**
   * True when this event is the newest applied so far for `objectId` (by `event.created`), and
   * records it; false for an older event delivered late. For handlers that copy a snapshot.
   */
  isNewest(objectId: string): Promise<boolean>;
}

export type StripeEventHandlerFn = (event: Stripe.Event, ctx: StripeEventContext) => Promise<void>;

/**
 * Marks a provider method as the handler of one or more event types; the webhooks module finds
 * it at boot. Handlers must be idempotent: an event can be replayed, and two events can
 * describe one change (use `ctx.once`).
 */
export function StripeEventHandler(...types: string[]): MethodDecorator {
  for (const type of types) DECLARED_EVENT_TYPES.add(type);
  return SetMetadata(STRIPE_EVENT_HANDLER, types);
}

/**
 * Marks a provider method `(mismatch, event, manager) => Promise<void>` that flags objects of
 * `objectType` for an admin when a handler throws EventAccountMismatch for one of them. It runs
 * in the transaction that marks the event quarantined.
 */
export function StripeQuarantineFlag(objectType: string): MethodDecorator {
  return SetMetadata(STRIPE_QUARANTINE_FLAG, objectType);
}

export type StripeQuarantineFlagFn = (
  mismatch: EventAccountMismatch,
  event: Stripe.Event,
  manager: EntityManager,
) => Promise<void>;

/**
 * Thrown by a handler when `event.account` is not the account of the shop that owns the object
 * the event names: the pipeline rolls the handler's work back, marks the event quarantined and
 * calls the flag registered for `objectType`.
 */
export class EventAccountMismatch extends Error {
  constructor(
    /** The kind of local object named by the event, e.g. `order` or `shop`. */
    readonly objectType: string,
    /** Its local id. */
    readonly objectId: string,
    readonly expectedAccount: string | null,
    readonly eventAccount: string | null,
    /** The shop the local object belongs to, so the flag's update names it (null: not shop-owned). */
    readonly shopId: string | null = null,
  ) {
    super(
      `event account ${eventAccount ?? 'none'} does not own ${objectType} ${objectId} (expected ${expectedAccount ?? 'none'})`,
    );
    this.name = 'EventAccountMismatch';
  }
}
