import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { MAX_UPLOADS_IN_FLIGHT_PER_USER } from '../../src/catalog/image-upload.interceptor.js';
import { createMerchant, csrfFrom, DEFAULT_PASSWORD, type Merchant } from '../factories/accounts.js';
import { createProduct, pngBytes } from '../factories/catalog.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const MB5 = 5 * 1024 * 1024;
const BOUNDARY = 'comptoir-test-boundary';

/** A browser-like client over fetch: keeps cookies, never follows redirects. */
class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(this.baseUrl + path, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader,
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  async logIn(who: Merchant): Promise<void> {
    const page = await this.request('/login');
    const res = await this.request('/login', {
      method: 'POST',
      form: { _csrf: csrfFrom(page.text), email: who.email, password: DEFAULT_PASSWORD },
    });
    expect(res.status).toBe(303);
  }

  /** The upload form's action URL (with its `_csrf`), as the edit page renders it. */
  async uploadAction(productId: string): Promise<string> {
    const page = await this.request(`/dashboard/products/${productId}`);
    expect(page.status).toBe(200);
    const action = /<form method='post' action='([^']+\/images\?_csrf=[^']+)'/.exec(page.text);
    if (!action) throw new Error('no upload form');
    return action[1].replaceAll('&amp;', '&');
  }
}

function multipartParts(file: Buffer, filename = 'photo.png') {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="images"; filename="${filename}"\r\n` +
      `Content-Type: image/png\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return Buffer.concat([head, file, tail]);
}

/**
 * One multipart POST over a raw socket, so the test controls the pace of the body and can see
 * what the server answers before it has all of it.
 */
class RawUpload {
  /** Every one made, so a failing test cannot leave sockets open (the app would not close). */
  static readonly all: RawUpload[] = [];
  readonly socket: Socket;
  private received = '';
  private closed = false;
  readonly answered: Promise<{ status: number; head: string }>;
  /** Resolves when the server has closed its side (its FIN arrived), or the connection is gone. */
  readonly serverHungUp: Promise<void>;

  constructor(
    port: number,
    host: string,
    path: string,
    cookie: string,
    readonly contentLength: number,
  ) {
    this.socket = connect(port, '127.0.0.1');
    RawUpload.all.push(this);
    this.socket.on('error', () => {
      // An early answer then a reset is expected; the answer is what we look at.
    });
    this.answered = new Promise((resolve, reject) => {
      const settle = () => {
        const match = /^HTTP\/1\.1 (\d{3})/.exec(this.received);
        if (match) resolve({ status: Number(match[1]), head: this.received.split('\r\n\r\n')[0] });
        else if (this.closed) reject(new Error(`closed without an answer: ${this.received}`));
      };
      this.socket.on('data', (d: Buffer) => {
        this.received += d.toString('latin1');
        settle();
      });
      this.socket.on('close', () => {
        this.closed = true;
        settle();
      });
    });
    this.serverHungUp = new Promise((resolve) => {
      this.socket.once('end', resolve);
      this.socket.once('close', resolve);
    });
    this.socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${contentLength}\r\n\r\n`,
    );
  }

  /** The whole answer (head and body, by its Content-Length), once it has arrived. */
  get wholeAnswer(): Promise<string> {
    return new Promise((resolve) => {
      const check = () => {
        const end = this.received.indexOf('\r\n\r\n');
        const length = /\r\ncontent-length: (\d+)/i.exec(this.received);
        if (this.closed || (end >= 0 && length && this.received.length >= end + 4 + Number(length[1]))) {
          this.socket.off('data', check);
          resolve(this.received);
        }
      };
      this.socket.on('data', check);
      this.socket.once('close', check);
      check();
    });
  }

  get hasAnswer(): boolean {
    return /^HTTP\/1\.1 \d{3}/.test(this.received);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      this.socket.write(bytes, () => resolve());
    });
  }

  /** Sends `body` in small paced chunks, stopping as soon as the server answers or hangs up. */
  async trickle(body: Buffer, chunk = 8 * 1024, pauseMs = 2): Promise<number> {
    let sent = 0;
    while (sent < body.length && !this.hasAnswer && !this.closed) {
      const piece = body.subarray(sent, sent + chunk);
      // Don't wait for the write callback: a server that stops reading would stall us forever.
      this.socket.write(piece);
      sent += piece.length;
      await delay(pauseMs);
    }
    return sent;
  }
}

describe('Uploads: checked before the body is read, streamed to disk, 2 in flight per user', () => {
  let t: TestApp;
  let alice: Merchant;
  let bob: Merchant;
  let host: string;
  let port: number;
  /** The server's side of each connection, by the client's port: its `bytesRead` is what it consumed. */
  const serverSockets = new Map<number, Socket>();

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    host = t.config.appHost;
    port = t.config.port;
    t.app.getHttpServer().on('connection', (socket: Socket) => serverSockets.set(socket.remotePort!, socket));
    alice = await createMerchant(t, { shopName: 'Alice Prints' });
    bob = await createMerchant(t, { shopName: 'Bob Frames' });
  });
  afterEach(() => {
    for (const upload of RawUpload.all.splice(0)) upload.socket.destroy();
  });
  afterAll(() => t.close());

  const tempFiles = () => {
    try {
      return readdirSync(t.config.uploads.tempDir);
    } catch {
      return [];
    }
  };

  /** Waits (briefly) for the handler's cleanup, which may finish just after the answer. */
  async function expectNoTempFiles(): Promise<void> {
    for (let i = 0; i < 50 && tempFiles().length > 0; i++) await delay(20);
    expect(tempFiles()).toEqual([]);
  }

  /** Trickles a 5 MB multipart body to `path`; what the server answered, and how much it read. */
  async function slowFiveMegabytes(path: string, cookie: string) {
    const body = multipartParts(Buffer.alloc(MB5 - 256, 0x61));
    const upload = new RawUpload(port, host, path, cookie, body.length);
    const localPort = await new Promise<number>((resolve) =>
      upload.socket.once('connect', () => resolve(upload.socket.localPort!)),
    );
    await upload.trickle(body);
    const answer = await upload.answered;
    const page = await upload.wholeAnswer;
    // Whatever the server does after answering counts too: it must not go on reading.
    const hungUp = await Promise.race([upload.serverHungUp.then(() => true), delay(1000, false)]);
    await delay(200);
    const read = serverSockets.get(localPort)!.bytesRead;
    upload.socket.destroy();
    return { answer, read, page, hungUp };
  }

  it('answers an anonymous or token-less 5 MB upload before reading 64 KB of it', async () => {
    const product = await createProduct(t, alice.shop.id, { name: 'Poster' });
    const browser = new Browser(t.baseUrl!);
    await browser.logIn(alice);
    const action = await browser.uploadAction(product.id);
    const bare = `/dashboard/products/${product.id}/images`;

    // No session, no token: the CSRF guard refuses it, as it does any anonymous POST.
    const anonymous = await slowFiveMegabytes(bare, '');
    // A visitor with a valid (anonymous) CSRF pair: sent to log in, as on any merchant route.
    const visitor = new Browser(t.baseUrl!);
    const loginPage = await visitor.request('/login');
    const anonymousWithToken = await slowFiveMegabytes(
      `${bare}?_csrf=${csrfFrom(loginPage.text)}`,
      visitor.cookieHeader,
    );
    // Logged in, but no token, or the token of another session.
    const noToken = await slowFiveMegabytes(bare, browser.cookieHeader);
    const wrongToken = await slowFiveMegabytes(
      `${bare}?_csrf=${csrfFrom(loginPage.text)}`,
      browser.cookieHeader,
    );

    expect(anonymous.answer.status).toBe(403);
    expect(anonymousWithToken.answer.status).toBe(303);
    expect(anonymousWithToken.answer.head).toMatch(/\r\nLocation: \/login\r\n/i);
    expect(noToken.answer.status).toBe(403);
    expect(wrongToken.answer.status).toBe(403);
    for (const { read, hungUp } of [anonymous, anonymousWithToken, noToken, wrongToken]) {
      expect(hungUp).toBe(true);
      expect(read).toBeLessThan(64 * 1024);
    }
    expect(tempFiles()).toEqual([]);

    // The same form with its own token is received whole (here: 5 MB of not-an-image).
    const accepted = await slowFiveMegabytes(action, browser.cookieHeader);
    expect(accepted.answer.status).toBe(422);
    expect(accepted.read).toBeGreaterThan(MB5 - 256);
    expect(accepted.page).toContain('Upload JPEG, PNG or WebP images only.');
    await expectNoTempFiles();
  });

  it('streams an accepted upload to a temp file and leaves none behind, whatever the outcome', async () => {
    const product = await createProduct(t, alice.shop.id, { name: 'Card' });
    const browser = new Browser(t.baseUrl!);
    await browser.logIn(alice);
    const action = await browser.uploadAction(product.id);

    // Half of a 400 KB PNG: already on disk while the rest is on its way, not in memory.
    const body = multipartParts(pngBytes(4, 400_000));
    const upload = new RawUpload(port, host, action, browser.cookieHeader, body.length);
    await upload.write(body.subarray(0, 200_000));
    for (let i = 0; i < 100 && tempFiles().length === 0; i++) await delay(20);
    expect(tempFiles()).toHaveLength(1);
    await upload.write(body.subarray(200_000));
    const answer = await upload.answered;
    expect(answer.status).toBe(303);
    expect(answer.head).toMatch(
      new RegExp(`\\r\\nLocation: /dashboard/products/${product.id}\\?done=image`, 'i'),
    );
    await expectNoTempFiles();
    const stored = await t.db.query<{ byte_size: number; width: number; height: number }[]>(
      'SELECT byte_size, width, height FROM product_image WHERE product_id = $1',
      [product.id],
    );
    // The re-encoded master, not the upload: its 400 KB text chunk (metadata) is gone.
    expect(stored).toEqual([{ byte_size: expect.any(Number) as number, width: 4, height: 4 }]);
    expect(stored[0].byte_size).toBeLessThan(1000);

    // Refused by content, and too large (over UPLOAD_MAX_BYTES): re-rendered, nothing left over.
    for (const file of [Buffer.from('GIF89a not an image'), Buffer.alloc(MB5 + 1024, 0x89)]) {
      const refused = multipartParts(file);
      const raw = new RawUpload(port, host, action, browser.cookieHeader, refused.length);
      await raw.write(refused);
      expect((await raw.answered).status).toBe(422);
      raw.socket.destroy();
      await expectNoTempFiles();
    }
  });

  it(`lets a user have ${MAX_UPLOADS_IN_FLIGHT_PER_USER} uploads in flight; the rest get 429, other users are not blocked`, async () => {
    const product = await createProduct(t, alice.shop.id, { name: 'Mug' });
    const aliceBrowser = new Browser(t.baseUrl!);
    await aliceBrowser.logIn(alice);
    const action = await aliceBrowser.uploadAction(product.id);
    const body = multipartParts(pngBytes(3, 100_000));

    // 20 uploads at once from one merchant, each sending its first kilobyte and then waiting.
    const uploads = Array.from(
      { length: 20 },
      () => new RawUpload(port, host, action, aliceBrowser.cookieHeader, body.length),
    );
    await Promise.all(uploads.map((u) => u.write(body.subarray(0, 1024))));
    const refused: RawUpload[] = [];
    for (let i = 0; i < 250 && refused.length < uploads.length - MAX_UPLOADS_IN_FLIGHT_PER_USER; i++) {
      await delay(20);
      refused.splice(0, refused.length, ...uploads.filter((u) => u.hasAnswer));
    }
    await delay(200); // anything else that was going to be answered early, would be by now
    const held = uploads.filter((u) => !u.hasAnswer);
    expect(held).toHaveLength(MAX_UPLOADS_IN_FLIGHT_PER_USER);
    expect(tempFiles()).toHaveLength(MAX_UPLOADS_IN_FLIGHT_PER_USER);
    for (const u of uploads.filter((x) => x.hasAnswer)) {
      const answer = await u.answered;
      expect(answer.status).toBe(429);
    }
    const page = await refused[0].wholeAnswer;
    expect(page).toContain(
      'You already have 2 uploads in progress. Wait for them to finish, then try again.',
    );

    // Bob, meanwhile, uploads at once.
    const bobProduct = await createProduct(t, bob.shop.id, { name: 'Frame' });
    const bobBrowser = new Browser(t.baseUrl!);
    await bobBrowser.logIn(bob);
    const bobAction = await bobBrowser.uploadAction(bobProduct.id);
    const bobUpload = new RawUpload(port, host, bobAction, bobBrowser.cookieHeader, body.length);
    await bobUpload.write(body);
    expect((await bobUpload.answered).status).toBe(303);

    // Alice's two finish; then her slots are free again.
    await Promise.all(held.map((u) => u.write(body.subarray(1024))));
    for (const u of held) expect((await u.answered).status).toBe(303);
    await expectNoTempFiles();
    const again = new RawUpload(port, host, action, aliceBrowser.cookieHeader, body.length);
    await again.write(body);
    expect((await again.answered).status).toBe(303);
    for (const u of [...uploads, bobUpload, again]) u.socket.destroy();
  });
});
