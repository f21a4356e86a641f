import { MailService } from '../../src/mail/mail.service.js';
import {
  createAdmin,
  createMerchant,
  loginAgent,
  type LoggedInAgent,
  type Merchant,
} from '../factories/accounts.js';
import { insertStoredEvent } from '../factories/admin.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The back-office and the offline mailbox in the admin's stored language: every page a French
 * admin opens is French (the English texts it replaced are gone), and English for an English one.
 * Dates are written by src/common/dates.ts in the admin's language and zone (time-zones.spec.ts);
 * the shared confirmation page frame and pager links are the dashboard's.
 */
describe('admin back-office and mailbox in the admin’s language', () => {
  let t: TestApp;
  let fr: LoggedInAgent;
  let en: LoggedInAgent;
  let m: Merchant;
  let mailId: string;
  const deadEvent = 'evt_i18n_dead_1';

  const frMoney = (minor: number) =>
    new Intl.NumberFormat('fr', { style: 'currency', currency: 'EUR' }).format(minor / 100);
  const enMoney = (minor: number) =>
    new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(minor / 100);

  beforeAll(async () => {
    t = await createTestApp();
    const frAdmin = await createAdmin(t);
    const enAdmin = await createAdmin(t);
    await t.db.query(`UPDATE app_user SET language = 'fr' WHERE email = $1`, [frAdmin.email]);
    fr = await loginAgent(t, frAdmin);
    en = await loginAgent(t, enAdmin);
    m = await createMerchant(t, { slug: 'atelier-i18n' });
    await insertStoredEvent(t, { id: deadEvent, status: 'dead' });
    await t.db.query(
      `INSERT INTO shop_order (shop_id, number, status, currency, total_amount, application_fee_amount,
                               fee_refunded_amount, paid_at)
       VALUES ($1, 1, 'paid', 'eur', 24500, 1225, 0, '2026-03-10T12:00:00Z')`,
      [m.shop.id],
    );
    // One audit entry, made as an admin makes it.
    await en.post(`/admin/shops/${m.shop.id}/suspend`, { confirm: 'yes', reason: 'Impayés' }).expect(303);
    mailId = (await t.app.get(MailService).enqueue({ to: m.email, subject: 'Bonjour', text: 'Corps' })).id;
  });
  afterAll(() => t.close());

  /** The page, checked for `<html lang>`, the texts it must show, and the ones it must not. */
  async function page(
    agent: LoggedInAgent,
    path: string,
    lang: string,
    shows: string[],
    hides: string[] = [],
  ) {
    const res = await agent.get(path).expect(200);
    expect(res.text).toContain(`<html lang="${lang}">`);
    for (const text of shows) expect([path, res.text.includes(text)]).toEqual([path, true]);
    for (const text of hides) expect([path, text, res.text.includes(text)]).toEqual([path, text, false]);
    return res.text;
  }

  it('shows a French admin every back-office page in French', async () => {
    const layout = ['Comptoir · administration', '>Boutiques</a>', '>Journal d’audit</a>', 'Activez-la'];
    const englishLayout = ['Comptoir admin', '>Shops</a>', '>Audit log</a>', 'Turn it on'];
    await page(
      fr,
      '/admin',
      'fr',
      [
        ...layout,
        '<h1>Administration</h1>',
        'À traiter',
        '1 événement abandonné',
        '0 événement en quarantaine',
      ],
      [...englishLayout, 'Needs attention', 'dead event', 'Log out', 'webhook inbox'],
    );
    await page(
      fr,
      '/admin/shops?q=atelier-i18n',
      'fr',
      [
        'Rechercher (nom, adresse ou e-mail du propriétaire)',
        'non connecté',
        'suspendue',
        'Page 1 sur 1 · 1 au total',
      ],
      ['Charges enabled', 'not connected', '>suspended<', 'Page 1 of 1', '>Filter<'],
    );
    await page(
      fr,
      `/admin/shops/${m.shop.id}`,
      'fr',
      [
        // The date is a <time> inside the translated sentence, not its escaped markup.
        'Suspendue depuis le <time datetime=',
        ': Impayés',
        'Barème de frais',
        'pb (5,00 %)',
        'Rien n’est demandé pour l’instant.',
        'Frais fixes par devise',
      ],
      [
        'Fee plan',
        'Suspended since',
        'bps (',
        'Nothing currently due',
        'Fixed fee per currency',
        '>yes<',
        '>no<',
      ],
    );
    await page(
      fr,
      '/admin/events',
      'fr',
      ['<h1>Événements</h1>', '>abandonné</span>', 'Relancer la sélection…', `Sélectionner ${deadEvent}`],
      ['Replay selected', '>dead</span>', 'Received', '>Any<'],
    );
    await page(
      fr,
      `/admin/events/${deadEvent}`,
      'fr',
      [
        'Créé par Stripe le',
        "data-testid='event-status'>abandonné<",
        'Aucune tentative pour l’instant.',
        'Mode production</dt><dd>Non',
      ],
      ['Created by Stripe', 'Payload', 'Live mode', 'No attempt yet'],
    );
    await page(
      fr,
      '/admin/events?replayed=2',
      'fr',
      ['2 événements mis en file pour être relancés.'],
      ['queued for replay'],
    );
    await page(
      fr,
      `/admin/users?q=${encodeURIComponent(m.email)}`,
      'fr',
      ['<h1>Utilisateurs</h1>', '>commerçant</td>', '>actif<', '>désactivée<', `Désactiver ${m.email}`],
      ['>merchant</td>', '>active<', 'Disable…', '>off<'],
    );
    await page(
      fr,
      '/admin/audit',
      'fr',
      [
        'Journal d’audit</h1>',
        '>Boutique suspendue</td>',
        `>boutique ${m.shop.id}<`,
        "<option value='shop.suspend'",
      ],
      ['<code>shop.suspend</code>', `>shop ${m.shop.id}<`, 'Actor email', 'No entry matches'],
    );
    await page(
      fr,
      '/admin/revenue',
      'fr',
      [
        '<h1>Revenus</h1>',
        'Commissions nettes',
        'Par mois et par boutique',
        frMoney(1225),
        `2026-03 : ${frMoney(1225)} de commissions nettes`,
      ],
      ['Net fees', 'By month', 'Download CSV', enMoney(1225)],
    );
  });

  it('asks a French admin to confirm in French, plurals included', async () => {
    const suspend = await fr.post(`/admin/shops/${m.shop.id}/suspend`).expect(200);
    expect(suspend.text).toContain(`Suspendre ${m.shop.name}`);
    expect(suspend.text).toContain('Motif (montré au commerçant)');
    expect(suspend.text).not.toContain('storefront will show');
    const fees = await fr
      .post(`/admin/shops/${m.shop.id}/fee-plan`, { bps: '250', fixed: 'eur:10' })
      .expect(200);
    expect(fees.text).toContain('250 pb, eur:10');
    expect(fees.text).toContain('Barème appliqué actuellement');
    const one = await fr.post('/admin/events/replay', { eventId: deadEvent }).expect(200);
    expect(one.text).toContain('<h1>Relancer cet événement</h1>');
    expect(one.text).toContain(`${deadEvent} · account.updated · abandonné`);
    await insertStoredEvent(t, { id: 'evt_i18n_dead_2', status: 'dead' });
    const two = await fr.agent
      .post('/admin/events/replay')
      .set('Host', t.config.appHost)
      .type('form')
      .send(`_csrf=${fr.csrf}&eventId=${deadEvent}&eventId=evt_i18n_dead_2`)
      .expect(200);
    expect(two.text).toContain('<h1>Relancer 2 événements</h1>');
    const disable = await fr.post(`/admin/users/${m.user.id}/disable`).expect(200);
    expect(disable.text).toContain(`Désactiver ${m.email}`);
    expect(disable.text).toContain('Désactiver le compte');
  });

  it('shows a French admin the mailbox in French', async () => {
    await page(
      fr,
      '/mailbox',
      'fr',
      ['<h1>Boîte aux lettres</h1>', 'Démo hors ligne', `à ${m.email}`],
      ['Offline demo', `to ${m.email}`],
    );
    await page(fr, `/mailbox/${mailId}`, 'fr', ['← Boîte aux lettres', `à ${m.email}`], ['← Mailbox']);
  });

  it('keeps an English admin in English', async () => {
    await page(
      en,
      '/admin',
      'en',
      ['Comptoir admin', 'Needs attention', "data-testid='dead-count'>2 dead events</a>"],
      ['À traiter'],
    );
    await page(
      en,
      `/admin/shops/${m.shop.id}`,
      'en',
      ['Fee plan', '500 bps (5.00 %)', 'Suspended since <time datetime='],
      ['Barème', '&lt;time'],
    );
    await page(en, '/admin/events', 'en', ['>dead</span>', 'Replay selected…'], ['abandonné']);
    await page(
      en,
      '/admin/audit',
      'en',
      ['>Shop suspended</td>', `>shop ${m.shop.id}<`],
      ['Boutique suspendue'],
    );
    await page(
      en,
      '/admin/revenue',
      'en',
      [enMoney(1225), `2026-03: ${enMoney(1225)} net fees`],
      ['Commissions'],
    );
    await page(en, '/admin/events?replayed=1', 'en', ['1 event queued for replay.'], []);
    await page(en, '/mailbox', 'en', ['<h1>Mailbox</h1>', `to ${m.email}`], ['Boîte aux lettres']);
    const two = await en.agent
      .post('/admin/events/replay')
      .set('Host', t.config.appHost)
      .type('form')
      .send(`_csrf=${en.csrf}&eventId=${deadEvent}&eventId=evt_i18n_dead_2`)
      .expect(200);
    expect(two.text).toContain('<h1>Replay 2 events</h1>');
  });
});
