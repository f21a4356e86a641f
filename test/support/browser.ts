import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The impacts that fail a spec (axe's default rule set, nothing disabled, nothing excluded). */
const FAILING_IMPACTS = new Set(['critical', 'serious']);
/** How long the check waits for a page's audit that is still running. */
// Bounded, not a pass: an audit still running at the deadline fails the spec as unchecked. On
// two loaded cores (CI runs several browser specs at once) a form-heavy page's audit took over 10 s.
const SETTLE_MS = 30_000;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending elements, and axe's explanation for the first one. */
  targets: string[];
  summary: string;
}

export interface AxeAudit {
  url: string;
  violations: AxeViolation[];
}

/** Every audit of every page loaded since the last check (one per document load). */
let audits: AxeAudit[] = [];
/** Audits started (their page loaded) and not reported yet, by page and document id. */
const pending = new Map<Page, Map<string, string>>();
/**
 * Per page: documents whose DOMContentLoaded and load events Node has seen, and audits whose
 * start it has been told of. A document past DOMContentLoaded but not yet loaded will start its
 * audit at its load; one loaded will report the start.
 */
const parsed = new Map<Page, number>();
const loads = new Map<Page, number>();
const starts = new Map<Page, number>();
/** How long a leaving document may take to finish loading and report its audit's start. */
const START_REPORT_MS = 10_000;
/** Documents navigated away from (or closed) before their audit finished: not checked. */
let unchecked: string[] = [];

/**
 * Runs in every document of every page, before the page's own scripts: once the page has
 * loaded, the top-level document runs axe (injected beside it, so the pages' strict CSP does not
 * apply to it and stays on for the app's own scripts) and reports through a binding. The audit
 * runs in the page itself, so a spec that clicks on right after the load cannot outrun it; a
 * document left before its audit came back is reported as not checked.
 */
const AUDIT_ON_LOAD = `(() => {
  if (window.top !== window) return;
  window.addEventListener('load', () => {
    const id = Math.random().toString(36).slice(2) + Date.now().toString(36);
    const report = (body) => window.__axeReport(JSON.stringify({ id, url: location.href, ...body }));
    report({ started: true });
    window.axe.run(document, { resultTypes: ['violations'] }).then(
      (r) => report({ violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
        summary: (v.nodes[0] && v.nodes[0].failureSummary) || '',
      })) }),
      (e) => report({ error: String(e) }),
    );
  });
})();`;

interface Report {
  id: string;
  url: string;
  started?: boolean;
  error?: string;
  violations?: AxeViolation[];
}

/** Waits (bounded) until no audit is running in the page. */
async function settled(page: Page, deadline = Date.now() + SETTLE_MS): Promise<void> {
  while ((pending.get(page)?.size ?? 0) > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

function giveUp(page: Page) {
  const started = pending.get(page);
  if (started) for (const url of started.values()) unchecked.push(url);
  started?.clear();
}

async function instrument(context: BrowserContext): Promise<BrowserContext> {
  await context.exposeBinding('__axeReport', ({ page }, json: string) => {
    const report = JSON.parse(json) as Report;
    const started = pending.get(page) ?? new Map<string, string>();
    pending.set(page, started);
    if (report.started) {
      starts.set(page, (starts.get(page) ?? 0) + 1);
      return void started.set(report.id, report.url);
    }
    if (!started.delete(report.id)) return; // given up on already: counted as not checked
    const violations = report.violations ?? [
      { id: 'axe-error', impact: 'critical', help: report.error ?? '', targets: [], summary: '' },
    ];
    audits.push({ url: report.url, violations });
  });
  await context.addInitScript({ path: AXE_PATH });
  await context.addInitScript({ content: AUDIT_ON_LOAD });
  // The document a tab leaves stays alive until the next one's response arrives: holding a
  // top-level navigation until the leaving document's audit is back means no page goes unchecked.
  await context.route('**/*', async (route) => {
    const request = route.request();
    const frame = request.isNavigationRequest() ? request.frame() : null;
    if (frame && !frame.parentFrame()) {
      const page = frame.page();
      // A spec may leave a page once its text is there, before its load event (then the audit
      // starts while the next request is on its way and is lost), or right after the load, before
      // the page's "started" report has reached Node: wait for both, bounded.
      const deadline = Date.now() + START_REPORT_MS;
      const count = (m: Map<Page, number>) => m.get(page) ?? 0;
      while ((count(loads) < count(parsed) || count(starts) < count(loads)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await settled(page);
    }
    await route.fallback();
  });
  const watch = (page: Page) => {
    page.on('domcontentloaded', () => parsed.set(page, (parsed.get(page) ?? 0) + 1));
    page.on('load', () => loads.set(page, (loads.get(page) ?? 0) + 1));
    // A new document in the tab: the previous one's audit, if still running, is lost.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) giveUp(page);
    });
    page.on('close', () => giveUp(page));
    const close = page.close.bind(page);
    page.close = async (options) => {
      await settled(page);
      return close(options);
    };
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  // A spec that closes its context right after the last navigation: let that audit finish first.
  const close = context.close.bind(context);
  context.close = async (options) => {
    const deadline = Date.now() + SETTLE_MS;
    for (const page of context.pages()) await settled(page, deadline);
    return close(options);
  };
  return context;
}

/**
 * Debian's Chromium, headless, with a fresh profile (Playwright makes one per launch). The
 * background-networking flags matter here: without them Chromium keeps dialling Google's hosts,
 * which this network refuses.
 *
 * Every context and page made from the returned browser runs axe-core on each page it loads;
 * `expectAccessible()` (run after every test of a file that imports this module) fails on any
 * critical or serious violation.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => instrument(await newContext(options));
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    // Closing the page closes its context, as with Playwright's own newPage().
    page.on('close', () => void context.close().catch(() => undefined));
    return page;
  };
  return browser;
}

/** The audits collected since the last call (waiting for those still running), and forgets them. */
export async function takeAxeAudits(): Promise<{ audits: AxeAudit[]; unchecked: string[] }> {
  const deadline = Date.now() + SETTLE_MS;
  for (const page of pending.keys()) await settled(page, deadline);
  for (const page of pending.keys()) giveUp(page);
  const taken = { audits, unchecked };
  audits = [];
  unchecked = [];
  return taken;
}

/** Throws, listing them, if any page loaded since the last check has a critical or serious violation. */
export async function expectAccessible(): Promise<void> {
  const taken = await takeAxeAudits();
  const failures = taken.audits.flatMap((a) =>
    a.violations
      .filter((v) => v.impact !== null && FAILING_IMPACTS.has(v.impact))
      .map(
        (v) =>
          `${a.url}\n  [${v.impact}] ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}\n    ${v.summary}`,
      ),
  );
  const problems = [
    ...failures,
    ...taken.unchecked.map((url) => `${url}\n  left before its accessibility audit finished`),
  ];
  if (problems.length) throw new Error(`axe-core found accessibility problems:\n${problems.join('\n')}`);
}

// Every browser spec imports this module for launchBrowser(): the check runs after each test.
afterEach(async () => {
  await expectAccessible();
}, SETTLE_MS + 5_000);
