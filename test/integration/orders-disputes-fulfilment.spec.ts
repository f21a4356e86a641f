import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Order } from '../../src/orders/entities/order.entity.js';
import { createMerchant, loginAgent, type LoggedInAgent, type Merchant } from '../factories/accounts.js';
import { createPaidOrder } from '../factories/orders.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

describe('orders: disputes and fulfilment', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let merchant: Merchant;
  let agent: LoggedInAgent;
  let control: StripeApp['control'];

  beforeAll(async () => {
    ({ emu, t, control } = await stripeApp());
    merchant = await createMerchant(t);
    agent = await loginAgent(t, merchant);
  });

  const reload = (id: string) => t.db.manager.findOneByOrFail(Order, { id });
  const mailsTo = (to: string) =>
    t.db.manager.find(OutboxMail, { where: { to }, order: { createdAt: 'ASC' } });

  it.each(['won', 'lost'])(
    'a dispute flags the order, mails the merchant, and records %s',
    async (outcome) => {
      const paid = await createPaidOrder(t, emu, merchant.shop);
      const opened = await control(`/charges/${paid.charge.id}/dispute`, { reason: 'fraudulent' }).expect(
        200,
      );
      const disputeId = (opened.body as { id: string }).id;
      const flagged = await eventually(async () => {
        const o = await reload(paid.order.id);
        return o.disputeId === disputeId ? o : undefined;
      });
      expect(flagged.disputeStatus).toBe('needs_response');
      const mails = await eventually(async () => {
        const m = await mailsTo(merchant.email);
        return m.some((x) => x.subject.includes(`#${paid.order.number} is disputed`)) ? m : undefined;
      });
      expect(mails.find((m) => m.subject.includes('disputed'))!.text).toContain('fraudulent');
      let page = await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200);
      expect(page.text).toContain('dispute: response needed');

      await control(`/disputes/${disputeId}/close`, { outcome }).expect(200);
      await eventually(async () => (await reload(paid.order.id)).disputeStatus === outcome);
      page = await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200);
      expect(page.text).toContain(`dispute: ${outcome}`);
      expect(page.text).toContain('Dispute closed');
      await eventually(async () =>
        (await mailsTo(merchant.email)).some((m) => m.subject.endsWith(`: ${outcome}`)),
      );
      // Stripe refuses refunds on a disputed charge; the merchant reads why.
      const refused = await agent
        .post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '1' })
        .expect(422);
      expect(refused.text).toContain('This payment was disputed and charged back: it cannot be refunded.');
      expect(refused.text).not.toContain('has been charged back; cannot issue a refund');
    },
  );

  it('fulfilment moves forward only, and the tracking note is mailed to the shopper', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop, { email: 'ada.fulfil@example.com' });
    const base = `/dashboard/orders/${paid.order.id}`;
    await agent
      .post(`${base}/fulfilment`, { status: 'shipped', trackingNote: 'Colissimo 6A123' })
      .expect(303);
    expect(await reload(paid.order.id)).toMatchObject({
      fulfilmentStatus: 'shipped',
      trackingNote: 'Colissimo 6A123',
    });
    // The latest mail: the order confirmation came first, at checkout.
    const mail = (await mailsTo('ada.fulfil@example.com')).at(-1)!;
    expect(mail.subject).toContain(`Order #${paid.order.number} shipped`);
    expect(mail.text).toContain('Tracking: Colissimo 6A123');
    const back = await agent.post(`${base}/fulfilment`, { status: 'fulfilled' }).expect(422);
    expect(back.text).toContain('already shipped');
  });

  it('mails the fulfilment in the language the shopper ordered in', async () => {
    const paid = await createPaidOrder(t, emu, merchant.shop, { email: 'ada.francais@example.com' });
    // As a French-speaking shopper's checkout records it (shop-languages.spec.ts).
    await t.db.query(`UPDATE shop_order SET language = 'fr' WHERE id = $1`, [paid.order.id]);
    await agent
      .post(`/dashboard/orders/${paid.order.id}/fulfilment`, {
        status: 'shipped',
        trackingNote: 'Colissimo 6A124',
      })
      .expect(303);
    const mail = (await mailsTo('ada.francais@example.com')).at(-1)!;
    expect(mail.subject).toContain(`Commande n° ${paid.order.number} expédiée`);
    expect(mail.text).toContain(`Votre commande n° ${paid.order.number} chez`);
    expect(mail.text).toContain('Suivi : Colissimo 6A124');
    expect(mail.text).toContain(
      new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(
        paid.order.totalAmount / 100,
      ),
    );
    expect(mail.text).not.toMatch(/Tracking|is now/);
  });
});
