import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { FulfilmentForm, RefundForm } from './dto/order-forms.dto.js';
import { OrderDetailQuery, OrderListQuery } from './dto/order-queries.dto.js';
import { UuidParam } from '../web/validation.pipe.js';
import { t } from '../common/i18n.js';
import { onRefusal } from '../web/form-page.js';
import { message, translate, ValidationFailed } from '../common/domain-error.js';
import { parseMoneyInput } from '../common/money-input.js';
import { FulfilmentStatus } from './order-status.js';
import { moneyView, orderDetailView, orderListView, packingView, refundView } from './order-views.js';
import {
  InvalidFulfilmentMove,
  RefundNeedsConnectedAccount,
  RefundRefused,
  RefundRejectedByStripe,
} from './orders.errors.js';
import { OrdersService } from './orders.service.js';
import { MoneyService } from './money.service.js';
import { RefundsService, type RestockRequest } from './refunds.service.js';
import { RefundStatus } from './entities/refund.entity.js';

const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'];

/** The merchant's orders, refunds and money pages. The shop comes from the session only. */
@Controller('dashboard')
@MerchantArea()
export class MerchantOrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
    private readonly money: MoneyService,
  ) {}

  @Get('orders')
  async list(@Merchant() merchant: MerchantContext, @Query() query: OrderListQuery, @Res() res: Response) {
    const filter = { status: query.status, search: query.q, after: query.after };
    const page = await this.orders.list(merchant.shop, filter);
    res.render('pages/dashboard/orders/list', orderListView(res.locals.lang as string, page, filter));
  }

  @Get('orders/:id')
  async detail(
    @Merchant() merchant: MerchantContext,
    @Param('id', UuidParam) id: string,
    @Query() { done }: OrderDetailQuery,
    @Res() res: Response,
  ) {
    const notice = done ? t(res.locals.lang as string, `orders.notice.${done}`) : undefined;
    res.render('pages/dashboard/orders/detail', await this.detailView(res, merchant, id, { notice }));
  }

  /** A printable packing slip: the address block and what to pack (variant names, quantities), no prices. */
  @Get('orders/:id/packing')
  async packing(
    @Merchant() merchant: MerchantContext,
    @Param('id', UuidParam) id: string,
    @Res() res: Response,
  ) {
    const detail = await this.orders.detail(merchant.shop, id);
    res.render('pages/dashboard/orders/packing', packingView(res.locals.lang as string, detail));
  }

  @Post('orders/:id/refunds')
  async refund(
    @Merchant() merchant: MerchantContext,
    @Param('id') id: string,
    @Body() form: RefundForm,
    @Res() res: Response,
  ) {
    const order = await this.orders.get(merchant.shop, id);
    onRefusal(res, {
      view: 'pages/dashboard/orders/detail',
      refusals: [ValidationFailed, RefundRefused, RefundRejectedByStripe, RefundNeedsConnectedAccount],
      model: (refusal) =>
        this.detailView(
          res,
          merchant,
          order.id,
          refusal instanceof ValidationFailed
            ? { amountError: refusal.fields.amount, amount: form.amount }
            : {
                error: refusal.message,
                amount: form.amount,
                // Stripe may say so before its deauthorization event has reached us.
                refundBlocked: refusal instanceof RefundNeedsConnectedAccount ? refusal.message : undefined,
              },
        ),
      status: () => 422,
    });
    const shipping = Boolean(form.refundShipping);
    // With "Refund shipping" ticked, the amount may be left blank: the shipping alone.
    const typed = (form.amount ?? '').trim();
    const amount =
      shipping && !typed
        ? ({ ok: true, amount: 0 } as const)
        : parseMoneyInput(typed, order.currency, { field: 'refund' });
    if (!amount.ok) throw new ValidationFailed({ amount: amount.message });
    const reason = REFUND_REASONS.includes(form.reason ?? '') ? form.reason : undefined;
    const refund = await this.refunds.requestRefund(
      merchant.shop,
      merchant.user,
      order.id,
      amount.amount,
      reason,
      restockOf(form.restock),
      { shipping },
    );
    const done = refund.status === RefundStatus.PendingRetry ? 'retry' : 'refund';
    res.redirect(303, `/dashboard/orders/${order.id}?done=${done}`);
  }

  @Get('orders/:id/refunds/:refundId')
  async refundDetail(
    @Merchant() merchant: MerchantContext,
    @Param('id', UuidParam) id: string,
    @Param('refundId', UuidParam) refundId: string,
    @Res() res: Response,
  ) {
    const order = await this.orders.get(merchant.shop, id);
    const refund = await this.refunds.get(merchant.shop, order.id, refundId);
    res.render(
      'pages/dashboard/orders/refund',
      refundView(res.locals.lang as string, order.number, order.id, refund),
    );
  }

  @Post('orders/:id/fulfilment')
  async fulfilment(
    @Merchant() merchant: MerchantContext,
    @Param('id') id: string,
    @Body() form: FulfilmentForm,
    @Res() res: Response,
  ) {
    onRefusal(res, {
      view: 'pages/dashboard/orders/detail',
      refusals: [InvalidFulfilmentMove],
      model: (refusal) => this.detailView(res, merchant, id, { error: refusal.message }),
    });
    const to = Object.values(FulfilmentStatus).find((s) => s === form.status);
    if (!to) throw new InvalidFulfilmentMove(message('errors.orders.fulfilmentMissing'));
    await this.orders.moveFulfilment(merchant.shop, merchant.user, id, to, form.trackingNote);
    res.redirect(303, `/dashboard/orders/${id}?done=fulfilment`);
  }

  @Get('money')
  async moneyPage(@Merchant() merchant: MerchantContext, @Res() res: Response) {
    res.render(
      'pages/dashboard/money',
      moneyView(res.locals.lang as string, await this.money.overview(merchant.shop)),
    );
  }

  /** `lang`: the page's language (res.locals.lang), for its amounts. */
  private async detailView(
    res: Response,
    merchant: MerchantContext,
    id: string,
    extra: { error?: string; notice?: string; amount?: string; amountError?: string; refundBlocked?: string },
  ) {
    const detail = await this.orders.detail(merchant.shop, id);
    const refundable = await this.refunds.refundable(merchant.shop, detail.order);
    const shippingRefundable = await this.refunds.shippingRefundable(detail.order);
    const blocked = await this.refunds.refundBlock(merchant.shop);
    const refundBlocked =
      extra.refundBlocked ?? (blocked ? translate(res.locals.lang as string, blocked) : undefined);
    return orderDetailView(res.locals.lang as string, detail, refundable, {
      ...extra,
      refundBlocked,
      shippingRefundable,
    });
  }
}

/** The refund form's ticked "put back in stock" boxes (`<item id>:<units>`); malformed ones: not found. */
function restockOf(values: string[] | undefined): RestockRequest[] {
  return (values ?? []).map((value) => {
    const [itemId = '', units = ''] = value.split(':');
    return { itemId, quantity: /^\d{1,3}$/.test(units) ? Number(units) : 0 };
  });
}
