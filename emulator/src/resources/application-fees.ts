import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { errors } from '../errors.js';
import { listOf } from '../list.js';

/**
 * The platform's application fees (owned by the platform, so a `Stripe-Account` call sees none),
 * with their refunds (`fee_refund`, made by refunds with `refund_application_fee`).
 */
export function registerApplicationFees(ctx: EmulatorContext): void {
  ctx.expandable('fr', 'fee_refund');
  const get = (owner: string | null, id: string) => {
    const fee = ctx.store.get<Stripe.ApplicationFee>('application_fee', owner, id);
    if (!fee) throw errors.notFound('application fee', id);
    return fee;
  };
  ctx.api('GET', '/v1/application_fees', (req) => {
    const p = req.params;
    const items = ctx.store
      .list<Stripe.ApplicationFee>('application_fee', req.owner)
      .filter((f) => typeof p.charge !== 'string' || f.charge === p.charge);
    return listOf(items, p, '/v1/application_fees');
  });
  ctx.api('GET', '/v1/application_fees/{id}', (req) => get(req.owner, req.pathParams.id));
  ctx.api('GET', '/v1/application_fees/{id}/refunds', (req) => {
    const fee = get(req.owner, req.pathParams.id);
    return listOf(fee.refunds.data, req.params, `/v1/application_fees/${fee.id}/refunds`);
  });
  ctx.api('GET', '/v1/application_fees/{fee}/refunds/{id}', (req) => {
    const fee = get(req.owner, req.pathParams.fee);
    const refund = fee.refunds.data.find((r) => r.id === req.pathParams.id);
    if (!refund) throw errors.notFound('fee refund', req.pathParams.id);
    return refund;
  });
}
