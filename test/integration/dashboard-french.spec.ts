import { AuthService } from '../../src/auth/auth.service.js';
import { LOCALES_DIR, readCatalogs } from '../../src/common/i18n.js';
import { formatMoney } from '../../src/common/money.js';
import { OutboxMail } from '../../src/mail/entities/outbox-mail.entity.js';
import { Refund } from '../../src/orders/entities/refund.entity.js';
import {
  createAdmin,
  createMerchant,
  loginAgent,
  type LoggedInAgent,
  type Merchant,
} from '../factories/accounts.js';
import { createProduct } from '../factories/catalog.js';
import { createPaidOrder, type PaidOrder } from '../factories/orders.js';
import { eventually } from '../support/eventually.js';
import type { TestEmulator } from '../support/emulator.js';
import { stripeApp, type StripeApp } from '../support/stripe-app.js';
import type { TestApp } from '../support/test-app.js';

const SECTIONS = ['dashboard', 'products', 'orders', 'onboarding', 'common'];

/** Every string value under `node`, by dotted key. */
function flatten(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof node === 'string') out.set(prefix, node);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node))
      for (const e of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(...e);
  return out;
}

/**
 * The English text of the dashboard's catalog sections that a French page must not show: each
 * English value's literal pieces (around its `{{…}}`), at least 4 characters long and not also
 * part of the French value (brand names, "Description", "Total"…).
 */
function englishPieces(): string[] {
  const catalogs = readCatalogs(LOCALES_DIR);
  const en = flatten(catalogs.get('en'));
  const fr = flatten(catalogs.get('fr'));
  const pieces = new Set<string>();
  for (const [key, value] of en) {
    if (!SECTIONS.includes(key.split('.')[0])) continue;
    for (const piece of value.split(/\{\{[^}]*\}\}/).map((p) => p.trim()))
      if (piece.length >= 4 && !fr.get(key)!.includes(piece)) pieces.add(piece);
  }
  return [...pieces];
}

const decoded = (html: string) =>
  html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&');

/** What a person reads: the text outside tags, entities decoded (money's no-break spaces kept). */
const visibleText = (html: string) =>
  decoded(html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ')).replace(
    /[ \t\r\n]+/g,
    ' ',
  );

const htmlLang = (html: string) => /<html lang="([^"]+)">/.exec(html)?.[1];

describe('a French merchant’s dashboard and mails are French; an English one’s stay English', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let control: StripeApp['control'];
  let french: Merchant;
  let english: Merchant;
  let agent: LoggedInAgent;
  let paid: PaidOrder;
  let refund: Refund;
  let productId: string;
  const english_ = englishPieces();

  const mailsTo = (to: string) =>
    t.db.manager.find(OutboxMail, { where: { to }, order: { createdAt: 'ASC' } });
  const euros = (minor: number) => formatMoney(minor, 'eur', 'fr');

  beforeAll(async () => {
    ({ emu, t, control } = await stripeApp());
    french = await createMerchant(t, { language: 'fr', shopName: 'Les Théières' });
    english = await createMerchant(t, { language: 'en', shopName: 'The Teapots' });
    agent = await loginAgent(t, french);
    paid = await createPaidOrder(t, emu, french.shop);
    productId = (await createProduct(t, french.shop.id, { name: 'Sucrier', price: '12.50' })).id;
    await agent.post(`/dashboard/orders/${paid.order.id}/refunds`, { amount: '10' }).expect(303);
    refund = await t.db.manager.findOneByOrFail(Refund, { orderId: paid.order.id });
  }, 90_000);
  afterAll(() => t.close());

  it('catalog check: the English pieces looked for are many and include the replaced texts', () => {
    expect(english_.length).toBeGreaterThan(200);
    for (const text of [
      'Get started',
      'Balance and payouts',
      'Add a product',
      'Platform fee',
      'Set up payments',
    ])
      expect(english_).toContain(text);
  });

  /** Name, path and the French text expected; the order's number is `{n}` until the order exists. */
  const pages: Array<[string, () => string, string[]]> = [
    [
      'home',
      () => '/dashboard',
      [
        'Vue d’ensemble',
        'L’adresse de votre boutique :',
        'Pour commencer',
        'Configurer les paiements',
        '30 derniers jours',
        'Ventes et commissions de la plateforme par jour',
        '1 commande',
      ],
    ],
    [
      'products list',
      () => '/dashboard/products',
      ['Ajouter un produit', 'Rechercher par nom', 'Brouillon', '3 produits'],
    ],
    [
      'new product',
      () => '/dashboard/products/new',
      ['Nouveau produit', 'Prix (EUR)', 'Par exemple', 'Créer le produit'],
    ],
    [
      'edit product',
      () => `/dashboard/products/${productId}`,
      [
        '← Produits',
        'Brouillon (invisible dans votre boutique)',
        'Publier',
        'Ajouter des images',
        'Mo chacune',
      ],
    ],
    [
      'archive product',
      () => `/dashboard/products/${productId}/archive`,
      ['Confirmation', 'Archiver « Sucrier » ?'],
    ],
    [
      'orders list',
      () => '/dashboard/orders',
      [
        'Commandes',
        'payées, remboursées et en attente de paiement',
        'partiellement remboursée',
        'à préparer',
      ],
    ],
    [
      'order detail',
      () => `/dashboard/orders/${paid.order.id}`,
      [
        'Commande nº {n}',
        'Commission de la plateforme',
        'Net pour vous (avant les frais de Stripe)',
        'Demandé par le client',
        'Marquer expédiée',
        'Historique',
        'Remboursement demandé',
        'Commande créée',
      ],
    ],
    [
      'refund',
      () => `/dashboard/orders/${paid.order.id}/refunds/${refund.id}`,
      ['← Commande nº {n}', 'Remboursement de {refund}', 'tableau de bord'],
    ],
    [
      'payments',
      () => '/dashboard/payments',
      ['Paiements par carte :', 'Virements :', 'Ouvrir votre tableau de bord Stripe'],
    ],
    [
      'money',
      () => '/dashboard/money',
      ['Solde et virements', 'Disponible', 'En attente', 'Virements récents'],
    ],
    [
      'settings',
      () => '/dashboard/settings',
      [
        'Réglages de la boutique',
        'Nom de la boutique',
        'Où vous livrez et à quels tarifs',
        'Enregistrer les réglages',
      ],
    ],
  ];

  it.each(pages)(
    'the %s page is French, with no English text of the dashboard catalog',
    async (_, path, expected) => {
      const res = await agent.get(path()).expect(200);
      expect(htmlLang(res.text)).toBe('fr');
      const text = visibleText(res.text);
      const resolve = (e: string) =>
        e.replace('{n}', String(paid.order.number)).replace('{refund}', euros(1000));
      for (const fr of expected.map(resolve))
        // In the text or an attribute (the chart's aria-label).
        expect({ fr, found: decoded(res.text).includes(fr) }).toEqual({ fr, found: true });
      // The visible text really is the page's (so an empty one cannot pass the check below).
      expect(text).toContain(resolve(expected[0]));
      const leftovers = english_.filter((en) => text.includes(en));
      expect(leftovers).toEqual([]);
    },
  );

  it('the new-shop page (an account without a shop) is French, its countries named in French', async () => {
    const admin = await createAdmin(t);
    await t.db.query(`UPDATE app_user SET language = 'fr' WHERE email = $1`, [admin.email]);
    const res = await (await loginAgent(t, admin)).get('/dashboard/shop/new').expect(200);
    expect(htmlLang(res.text)).toBe('fr');
    const text = visibleText(res.text);
    for (const fr of ['Créer votre boutique', 'Créer ma boutique', 'Allemagne', 'livre sterling'])
      expect({ fr, found: text.includes(fr) }).toEqual({ fr, found: true });
    expect(text).not.toMatch(/Germany|Pound sterling|Create my shop/);
  });

  it('money is formatted the French way in the order page and the sales chart', async () => {
    const detail = (await agent.get(`/dashboard/orders/${paid.order.id}`).expect(200)).text;
    expect(detail).toContain(`data-testid='total'>${euros(paid.order.totalAmount)}<`);
    const home = (await agent.get('/dashboard').expect(200)).text;
    expect(home).toContain(`data-testid='chart-sales'>${euros(paid.order.totalAmount)}<`);
  });

  it('the new-order mail is French for the French owner and English for the English one', async () => {
    const fr = (await mailsTo(french.email)).find((m) => m.subject.startsWith('Nouvelle commande'))!;
    expect(fr.subject).toBe(
      `Nouvelle commande nº ${paid.order.number} chez Les Théières : ${euros(paid.order.totalAmount)}`,
    );
    expect(fr.text).toContain('Vous avez une nouvelle commande payée chez Les Théières.');
    expect(fr.text).toContain(`Commission de la plateforme : ${euros(paid.order.applicationFeeAmount)}`);
    expect(fr.text).not.toMatch(/New order|Platform fee|See it in your dashboard/);

    const paidEn = await createPaidOrder(t, emu, english.shop);
    const en = await eventually(async () =>
      (await mailsTo(english.email)).find((m) => m.subject.startsWith('New order')),
    );
    expect(en.subject).toBe(
      `New order #${paidEn.order.number} at The Teapots: ${formatMoney(paidEn.order.totalAmount, 'eur', 'en')}`,
    );
    expect(en.text).toContain('See it in your dashboard:');
  }, 60_000);

  it('a dispute mails the French owner in French, its reason and status translated', async () => {
    const order = await createPaidOrder(t, emu, french.shop);
    await control(`/charges/${order.charge.id}/dispute`, { reason: 'product_not_received' }).expect(200);
    const mail = await eventually(async () =>
      (await mailsTo(french.email)).find((m) => m.subject.includes('fait l’objet d’un litige')),
    );
    expect(mail.subject).toBe(`La commande nº ${order.order.number} fait l’objet d’un litige`);
    expect(mail.text).toContain('motif : produit non reçu');
    expect(mail.text).not.toMatch(/disputes|product_not_received|evidence/);
    const page = (await agent.get(`/dashboard/orders/${order.order.id}`).expect(200)).text;
    expect(page).toContain('litige : réponse attendue');
    expect(page).toContain('Litige ouvert');
  }, 60_000);

  it('the password-reset mail follows the account’s stored language', async () => {
    await t.app.get(AuthService).sendPasswordReset(french.email);
    await t.app.get(AuthService).sendPasswordReset(english.email);
    const fr = (await mailsTo(french.email)).at(-1)!;
    expect(fr.subject).toBe('Réinitialisez votre mot de passe Comptoir');
    expect(fr.text).toContain('le lien fonctionne une fois, pendant une heure');
    const en = (await mailsTo(english.email)).at(-1)!;
    expect(en.subject).toBe('Reset your Comptoir password');
  });

  it('the English merchant’s dashboard stays English', async () => {
    const enAgent = await loginAgent(t, english);
    const home = (await enAgent.get('/dashboard').expect(200)).text;
    expect(htmlLang(home)).toBe('en');
    expect(home).toContain('Get started');
    expect(home).not.toContain('Pour commencer');
    const orders = (await enAgent.get('/dashboard/orders').expect(200)).text;
    expect(orders).toContain('paid, refunded and awaiting payment');
  });
});
