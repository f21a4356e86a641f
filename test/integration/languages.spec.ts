import request from 'supertest';
import {
  createMerchant,
  csrfFrom,
  DEFAULT_PASSWORD,
  loginAgent,
  platformHost,
} from '../factories/accounts.js';
import { currentCode, enrol, passwordStep } from '../factories/two-factor.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const htmlLang = (html: string) => /<html lang="([^"]+)">/.exec(html)?.[1];

describe('who sees which language on the platform host', () => {
  let t: TestApp;
  let host: string;
  beforeAll(async () => {
    t = await createTestApp();
    host = platformHost(t);
  });
  afterAll(() => t.close());

  const get = (path: string, acceptLanguage?: string) => {
    const req = request(t.app.getHttpServer()).get(path).set('Host', host);
    return acceptLanguage ? req.set('Accept-Language', acceptLanguage) : req;
  };

  it('shows a French Accept-Language visitor the landing, sign-up, log-in, forgot and reset password pages in French', async () => {
    const pages: Array<[string, string[], string[]]> = [
      [
        '/',
        ['Votre boutique, votre compte Stripe, vos clients.', 'Payé directement'],
        ['Paid directly', 'Open your shop'],
      ],
      [
        '/signup',
        ['Ouvrez votre boutique', 'Mot de passe', 'Créer ma boutique', 'Nom de la boutique'],
        ['Create my shop', 'Shop name', 'Password'],
      ],
      ['/login', ['Mot de passe oublié ?', 'Se connecter'], ['Forgot your password?', '>Log in<']],
    ];
    pages.push(
      [
        '/forgot-password',
        ['Mot de passe oublié ?', 'Envoyer le lien', 'Retour à la connexion'],
        ['Send the link'],
      ],
      // An unusable link: the page offering a new one (410).
      [
        '/reset-password?token=nope',
        ['Choisissez un nouveau mot de passe', 'Demander un nouveau lien'],
        ['Ask for a new link'],
      ],
    );
    for (const [path, french, english] of pages) {
      const res = await get(path, 'fr-FR,fr;q=0.9,en;q=0.5').expect(path.startsWith('/reset') ? 410 : 200);
      expect({ path, lang: htmlLang(res.text) }).toEqual({ path, lang: 'fr' });
      for (const text of french)
        expect({ path, has: res.text.includes(text), text }).toEqual({ path, has: true, text });
      for (const text of english)
        expect({ path, has: res.text.includes(text), text }).toEqual({ path, has: false, text });
      // The layout too: nav and footer.
      expect(res.text).toContain('des boutiques indépendantes, payées directement.');
    }
  });

  it('shows error pages in the visitor’s language', async () => {
    const fr = await get('/no-such-page', 'fr').set('Accept', 'text/html').expect(404);
    expect(htmlLang(fr.text)).toBe('fr');
    for (const text of [
      'Erreur 404',
      'Page introuvable',
      'Nous n’avons pas trouvé cette page.',
      'Aller à l’accueil',
    ])
      expect(fr.text).toContain(text);
    expect(fr.text).not.toContain('Page not found');
    const en = await get('/no-such-page').set('Accept', 'text/html').expect(404);
    expect(en.text).toContain('Page not found');
    expect(en.text).toContain('We could not find that page.');
  });

  it("shows an English visitor today's English, and English to a language there is no catalog for", async () => {
    for (const acceptLanguage of [undefined, 'en-GB,en;q=0.8', 'de-DE,de;q=0.9']) {
      const landing = await get('/', acceptLanguage).expect(200);
      expect(htmlLang(landing.text)).toBe('en');
      expect(landing.text).toContain('Your shop, your Stripe account, your customers.');
      expect(landing.text).toContain('Comptoir · independent shops, paid directly.');
      expect(landing.text).not.toContain('Payé directement');
      const login = await get('/login', acceptLanguage).expect(200);
      expect(login.text).toContain('Forgot your password?');
      expect(login.text).toContain('<title>Log in · Comptoir</title>');
    }
  });

  it('switches language without JavaScript: a CSRF-checked form sets a cookie that outlasts the page', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const landing = await agent.get('/login').set('Host', host).set('Accept-Language', 'fr').expect(200);
    expect(landing.text).toContain("action='/language'");
    // Without the token the choice is refused.
    await agent
      .post('/language')
      .set('Host', host)
      .type('form')
      .send({ lang: 'en', next: '/login' })
      .expect(403);
    const switched = await agent
      .post('/language')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(landing.text), lang: 'en', next: '/login' })
      .expect(303);
    expect(switched.headers.location).toBe('/login');
    expect(String(switched.headers['set-cookie'])).toMatch(/lang=en;.*HttpOnly/);
    // Later pages, with the browser still saying French, stay English.
    for (const path of ['/login', '/', '/signup']) {
      const page = await agent.get(path).set('Host', host).set('Accept-Language', 'fr').expect(200);
      expect({ path, lang: htmlLang(page.text) }).toEqual({ path, lang: 'en' });
    }
    // And back to French; an off-site `next` goes home instead.
    const page = await agent.get('/').set('Host', host).expect(200);
    const back = await agent
      .post('/language')
      .set('Host', host)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), lang: 'fr', next: '//evil.example/' })
      .expect(303);
    expect(back.headers.location).toBe('/');
    const french = await agent.get('/').set('Host', host).expect(200);
    expect(htmlLang(french.text)).toBe('fr');
  });

  it('keeps the language a user signed up in, whatever the browser says after log-in', async () => {
    const signUp = request.agent(t.app.getHttpServer());
    const form = await signUp.get('/signup').set('Host', host).set('Accept-Language', 'fr').expect(200);
    await signUp
      .post('/signup')
      .set('Host', host)
      .set('Accept-Language', 'fr')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        email: 'claire@example.com',
        password: DEFAULT_PASSWORD,
        shopName: 'Chez Claire',
        slug: 'chez-claire',
        currency: 'eur',
        country: 'FR',
      })
      .expect(303);
    // A new browser, English by its Accept-Language (supertest sends none): the account's French wins.
    const claire = await loginAgent(t, { email: 'claire@example.com', password: DEFAULT_PASSWORD });
    const dash = await claire.get('/dashboard').expect(200);
    expect(htmlLang(dash.text)).toBe('fr');
    expect(dash.text).toContain('Tableau de bord');
    expect(dash.text).toContain('Se déconnecter');
    const account = await claire.get('/account').set('Accept-Language', 'en').expect(200);
    expect(htmlLang(account.text)).toBe('fr');
  });
});

describe('a user changes their language on /account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores the choice: every later page, in any browser, follows it; an unknown language is refused', async () => {
    const merchant = await createMerchant(t);
    const agent = await loginAgent(t, merchant);
    const before = await agent.get('/dashboard').expect(200);
    expect(htmlLang(before.text)).toBe('en');
    await agent.post('/account/language', { language: 'xx' }).expect(422);
    const saved = await agent.post('/account/language', { language: 'fr' }).expect(303);
    expect(saved.headers.location).toBe('/account?done=language');
    const account = await agent.get('/account?done=language').expect(200);
    expect(htmlLang(account.text)).toBe('fr');
    expect(account.text).toContain('Langue enregistrée.');
    expect(account.text).toContain("<option value='fr' lang='fr' selected>Français</option>");
    // The whole account page, not only its language form.
    for (const text of [
      'Votre compte',
      'Changer votre mot de passe',
      'Authentification à deux facteurs',
      'Activer l’authentification à deux facteurs',
    ])
      expect(account.text).toContain(text);
    for (const text of ['Your account', 'Change your password', 'Turn on two-factor', 'Your password alone'])
      expect(account.text).not.toContain(text);
    // Another browser, English by its Accept-Language, after a new log-in.
    const other = await loginAgent(t, merchant);
    const dash = await other.get('/dashboard').set('Accept-Language', 'en-US').expect(200);
    expect(htmlLang(dash.text)).toBe('fr');
    expect(dash.text).toContain('Tableau de bord');
    // The other account pages: password change, two-factor enrolment and its recovery codes.
    const password = await agent.get('/account/password?done=1').expect(200);
    for (const text of ['Mot de passe actuel', 'Changer le mot de passe', 'Mot de passe changé.'])
      expect(password.text).toContain(text);
    expect(password.text).not.toContain('Current password');
    const setup = await agent.get('/account/two-factor').expect(200);
    expect(setup.text).toContain('Scannez ce QR code');
    expect(setup.text).not.toContain('Scan this QR code');
    const secret = /data-secret='([A-Z2-7]+)'/.exec(setup.text)![1];
    const codes = await agent.post('/account/two-factor', { code: await currentCode(t, secret) }).expect(200);
    expect(codes.text).toContain('Enregistrez vos codes de secours');
    expect(codes.text).toContain('Je les ai enregistrés');
    expect(codes.text).not.toContain('I have saved them');
    const on = await agent.get('/account').expect(200);
    expect(on.text).toContain('10 codes de secours inutilisés restants.');
  });
});

describe('the second step of the log-in in French', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('asks a French visitor for the code in French', async () => {
    const merchant = await createMerchant(t);
    await enrol(t, await loginAgent(t, merchant));
    const pending = await passwordStep(t, merchant);
    expect(pending.location).toBe('/login/two-factor');
    const page = await pending.get('/login/two-factor').set('Accept-Language', 'fr').expect(200);
    expect(htmlLang(page.text)).toBe('fr');
    expect(page.text).toContain('Authentification à deux facteurs');
    expect(page.text).toContain('Annuler et recommencer');
    expect(page.text).not.toContain('Cancel and start over');
    expect(page.text).not.toContain('Your password is right');
  });
});
