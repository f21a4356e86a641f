import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { listOf } from '../list.js';

/** `type` filters accept Stripe's wildcard form, `checkout.session.*`. */
function typeMatches(type: string, filter: string): boolean {
  return filter.endsWith('.*') ? type.startsWith(filter.slice(0, -1)) : type === filter;
}

export function registerEvents(ctx: EmulatorContext): void {
  ctx.expandable('evt', 'event');
  ctx.onTick(() => ctx.events.prune());
  ctx.api('GET', '/v1/events', (req) => {
    const p = req.params;
    const types = Array.isArray(p.types) ? p.types.map(String) : undefined;
    const items = ctx.store
      .list<Stripe.Event>('event', req.owner)
      .filter((e) => typeof p.type !== 'string' || typeMatches(e.type, p.type))
      .filter((e) => !types || types.some((t) => typeMatches(e.type, t)));
    return listOf(items, p, '/v1/events');
  });
  ctx.api('GET', '/v1/events/{id}', (req) => {
    const event = ctx.store.get<Stripe.Event>('event', req.owner, req.pathParams.id);
    if (!event) throw errors.notFound('event', req.pathParams.id);
    return event;
  });
}
