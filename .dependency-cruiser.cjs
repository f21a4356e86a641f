/**
 * Module boundaries, checked by `npm run check:boundaries` (part of `npm run check`); the rules are
 * the README's "Folders" order. src/boundaries.spec.ts cruises a fixture tree with one forbidden
 * import per rule, so a rule whose path pattern stops matching fails a test instead of passing.
 *
 * A top-level folder of src/ may import only the folders before it in LAYERS (and itself). Entry
 * points (main.ts, worker.ts, src/cli/) are the app root: they may import anything, and nothing
 * imports them. Specs are left out: a
 * test wires what it needs.
 */

/** Bottom first. Groups in the README: infrastructure, accounts, features, admin, app root. */
const LAYERS = [
  // infrastructure
  'common',
  'config',
  'logging',
  'web', // the HTTP toolkit (errors filter, pipes, views): any controller may use it, it imports no feature
  'database',
  'jobs',
  'stripe',
  'mail',
  // accounts and tenancy
  'auth',
  'audit',
  'tenants',
  // features, each may use the ones before it
  'webhooks',
  'health',
  'platform',
  'onboarding',
  'catalog',
  'orders',
  'storefront',
  'checkout',
  'dashboard',
  'demo', // the offline demo shop, made through the features' own services (main.ts)
  'admin',
];

const ENTRY_POINTS = '^src/(main|worker)\\.ts$|^src/cli/';
const SPECS = '\\.spec\\.ts$';
const ROOT_FILES = '^src/[^/]+\\.ts$';

const layerRules = LAYERS.map((folder, i) => {
  const above = LAYERS.slice(i + 1);
  return {
    name: `layer-${folder}`,
    comment: `src/${folder}/ imports only ${LAYERS.slice(0, i).join(', ') || 'no other folder'} (README "Folders")`,
    severity: 'error',
    from: { path: `^src/${folder}/`, pathNot: [ENTRY_POINTS, SPECS] },
    to: {
      path: above.length ? [`^src/(${above.join('|')})/`, ROOT_FILES] : [ROOT_FILES],
      pathNot: [ENTRY_POINTS],
    },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no import cycle between modules of src/ (so none between its folders)',
      severity: 'error',
      from: { path: '^src/', pathNot: SPECS },
      to: { circular: true },
    },
    {
      name: 'folder-in-layer-order',
      comment:
        'every top-level folder of src/ has a place in LAYERS (.dependency-cruiser.cjs) and the README',
      severity: 'error',
      from: { path: `^src/[^/]+/`, pathNot: [`^src/(${LAYERS.join('|')})/`, ENTRY_POINTS, SPECS] },
      to: {},
    },
    ...layerRules,
    {
      name: 'no-importing-entry-points',
      comment: 'entry points start processes; code imports modules, not them',
      severity: 'error',
      from: {},
      to: { path: ENTRY_POINTS },
    },
    {
      name: 'src-not-emulator',
      comment: 'the app talks to the emulator over HTTP only (it is a stand-in for Stripe)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^emulator/' },
    },
    {
      name: 'emulator-standalone',
      comment:
        'the emulator is its own package: nothing from src/, test/ or bench/ (the stripe types are fine)',
      severity: 'error',
      from: { path: '^emulator/' },
      to: { path: '^(src|test|bench)/' },
    },
    {
      name: 'services-without-http',
      comment: 'services take and return plain values and throw domain errors: no express, no web/',
      severity: 'error',
      from: { path: '\\.service\\.ts$', pathNot: SPECS },
      to: { path: ['^src/web/', '(^|/)node_modules/(@types/)?express(-serve-static-core)?/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.data|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // 'source' first: the workspace emulator resolves to its TypeScript (as for tsc and Jest), so an import
      // by package name is checked like a relative one.
      conditionNames: ['source', 'import', 'require', 'node', 'default', 'types'],
    },
  },
};
