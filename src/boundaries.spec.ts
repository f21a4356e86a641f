import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT_DIR } from './root-dir.js';

/*
 * The boundary check (`npm run check:boundaries`, .dependency-cruiser.cjs) run on a small fixture
 * tree with one forbidden import per rule: each must be reported, so a rule whose path pattern
 * stops matching anything fails here instead of passing silently. Allowed imports (downward, the
 * app root importing everything) must not be.
 */

interface Rule {
  name: string;
}
interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: unknown[];
}

const CONFIG = join(ROOT_DIR, '.dependency-cruiser.cjs');
const { forbidden } = createRequire(import.meta.url)(CONFIG) as { forbidden: Rule[] };
/** The layer order, bottom first, as the config lists its `layer-<folder>` rules. */
const LAYERS = forbidden.filter((r) => r.name.startsWith('layer-')).map((r) => r.name.slice('layer-'.length));

let dir: string;

function write(path: string, text: string) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function cruise(): Violation[] {
  const bin = join(ROOT_DIR, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
  const run = spawnSync(
    process.execPath,
    [bin, '--config', CONFIG, '--output-type', 'json', 'src', 'emulator', 'test', 'bench'],
    { cwd: dir, encoding: 'utf8' },
  );
  if (!run.stdout) throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'boundaries-'));
  symlinkSync(join(ROOT_DIR, 'node_modules'), join(dir, 'node_modules'));
  write(
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }),
  );
  // A leaf in every layer, and one upward import per layer (the top one into the app root).
  for (const [i, folder] of LAYERS.entries()) {
    write(`src/${folder}/leaf.ts`, `export const leaf = '${folder}';\n`);
    const above = LAYERS[i + 1];
    write(
      `src/${folder}/upward.ts`,
      above
        ? `import { leaf } from '../${above}/leaf.js';\nexport const up = leaf;\n`
        : `import { root } from '../app.module.js';\nexport const up = root;\n`,
    );
  }
  write('src/app.module.ts', `import { leaf } from './admin/leaf.js';\nexport const root = leaf;\n`);
  // Allowed: downward, the root importing everything, an entry point importing the root.
  write('src/orders/downward.ts', `import { leaf } from '../tenants/leaf.js';\nexport const down = leaf;\n`);
  write('src/main.ts', `import { root } from './app.module.js';\nexport const main = root;\n`);
  write('src/cli/admin-cli.ts', `import { root } from '../app.module.js';\nexport const cli = root;\n`);
  // One forbidden import per remaining rule.
  write('src/common/ring-a.ts', `import { b } from './ring-b.js';\nexport const a = () => b;\n`);
  write('src/common/ring-b.ts', `import { a } from './ring-a.js';\nexport const b = () => a;\n`);
  write('src/newfolder/thing.ts', `import { leaf } from '../common/leaf.js';\nexport const thing = leaf;\n`);
  write('src/common/starts-app.ts', `import { main } from '../main.js';\nexport const started = main;\n`);
  write(
    'src/stripe/spawns.ts',
    `import { stub } from '../../emulator/src/stub.js';\nexport const spawned = stub;\n`,
  );
  write('emulator/src/stub.ts', `export const stub = 1;\n`);
  write(
    'emulator/src/uses-app.ts',
    `import { leaf } from '../../src/common/leaf.js';\nexport const used = leaf;\n`,
  );
  write('emulator/src/uses-bench.ts', `import { b } from '../../bench/b.js';\nexport const used = b;\n`);
  write('bench/b.ts', `export const b = 1;\n`);
  write('test/helper.ts', `import { root } from '../src/app.module.js';\nexport const helper = root;\n`);
  write(
    'src/orders/refunds.service.ts',
    `import type { Request } from 'express';\nexport type R = Request;\n`,
  );
  write('src/catalog/catalog.service.ts', `import { leaf } from '../web/leaf.js';\nexport const c = leaf;\n`);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the boundary check on a fixture tree', () => {
  let violations: Violation[];
  beforeAll(() => {
    violations = cruise();
  }, 60_000);
  const reported = (rule: string, from: string, to: RegExp) =>
    violations.some((v) => v.rule.name === rule && v.from === from && to.test(v.to));

  it('has the layers in the README order, infrastructure first and admin last', () => {
    expect(LAYERS.slice(0, 4)).toEqual(['common', 'config', 'logging', 'web']);
    expect(LAYERS.indexOf('auth')).toBeLessThan(LAYERS.indexOf('tenants'));
    expect(LAYERS.indexOf('tenants')).toBeLessThan(LAYERS.indexOf('webhooks'));
    expect(LAYERS.at(-1)).toBe('admin');
  });

  it('reports an upward import out of every layer', () => {
    const missed = LAYERS.filter((folder, i) => {
      const target = LAYERS[i + 1] ? `src/${LAYERS[i + 1]}/leaf.ts` : 'src/app.module.ts';
      return !violations.some(
        (v) => v.rule.name === `layer-${folder}` && v.from === `src/${folder}/upward.ts` && v.to === target,
      );
    });
    expect(missed).toEqual([]);
  });

  it('reports a cycle, an unknown folder and an import of an entry point', () => {
    expect(reported('no-circular', 'src/common/ring-a.ts', /^src\/common\/ring-b\.ts$/)).toBe(true);
    expect(reported('folder-in-layer-order', 'src/newfolder/thing.ts', /^src\/common\/leaf\.ts$/)).toBe(true);
    expect(reported('no-importing-entry-points', 'src/common/starts-app.ts', /^src\/main\.ts$/)).toBe(true);
  });

  it('keeps the emulator and the app apart', () => {
    expect(reported('src-not-emulator', 'src/stripe/spawns.ts', /^emulator\/src\/stub\.ts$/)).toBe(true);
    expect(reported('emulator-standalone', 'emulator/src/uses-app.ts', /^src\/common\/leaf\.ts$/)).toBe(true);
    expect(reported('emulator-standalone', 'emulator/src/uses-bench.ts', /^bench\/b\.ts$/)).toBe(true);
  });

  it('keeps express and web/ out of services', () => {
    expect(
      reported(
        'services-without-http',
        'src/orders/refunds.service.ts',
        /node_modules\/(@types\/)?express\//,
      ),
    ).toBe(true);
    expect(reported('services-without-http', 'src/catalog/catalog.service.ts', /^src\/web\/leaf\.ts$/)).toBe(
      true,
    );
  });

  it('lets imports go down, the app root import every folder, and entry points import the root', () => {
    const allowed = ['src/orders/downward.ts', 'src/app.module.ts', 'src/main.ts', 'src/cli/admin-cli.ts'];
    expect(violations.filter((v) => allowed.includes(v.from))).toEqual([]);
  });
});
