import { OrderStatus } from '../orders/order-status.js';
import { shopperStatusCopy } from './shopper-order-copy.js';

const order = { email: null, currency: 'eur', total: 3550, amountRefunded: 0 };

describe('shopperStatusCopy', () => {
  it('says "partially refunded" with the amounts after a partial refund, not "Order refunded"', () => {
    const copy = shopperStatusCopy(
      { ...order, status: OrderStatus.PartiallyRefunded, amountRefunded: 1150 },
      'en',
    );
    expect(copy.heading).toBe('Order partially refunded');
    expect(copy.message).toContain('€11.50 of €35.50 was refunded');
    expect(copy.settled).toBe(true);
  });

  it('speaks the order’s language, with money as Intl formats it there', () => {
    const copy = shopperStatusCopy(
      { ...order, status: OrderStatus.PartiallyRefunded, amountRefunded: 1150 },
      'fr',
    );
    const eur = (n: number) => new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(n);
    expect(copy.heading).toBe('Commande partiellement remboursée');
    expect(copy.message).toContain(`${eur(11.5)} sur ${eur(35.5)} vous ont été remboursés`);
    const paid = shopperStatusCopy({ ...order, email: 'sam@example.com', status: OrderStatus.Paid }, 'fr');
    expect(paid.message).toBe('Paiement reçu. Un reçu est en route vers sam@example.com.');
  });

  it('says "refunded in full" only after a full refund', () => {
    const copy = shopperStatusCopy({ ...order, status: OrderStatus.Refunded, amountRefunded: 3550 }, 'en');
    expect(copy.heading).toBe('Order refunded');
    expect(copy.message).toContain('in full');
  });

  it('keeps checking only while the payment is processing', () => {
    const settled = Object.values(OrderStatus).filter(
      (s) => shopperStatusCopy({ ...order, status: s }, 'en').settled,
    );
    expect(settled.sort()).toEqual(
      [
        OrderStatus.Paid,
        OrderStatus.PaymentFailed,
        OrderStatus.Expired,
        OrderStatus.PartiallyRefunded,
        OrderStatus.Refunded,
      ].sort(),
    );
  });
});
