// Three tiers: unit specs beside the code, integration specs that boot the app against a real
// Postgres (one database per test file, cloned from a migrated template), and browser specs; plus
// the emulator package's own specs (emulator/test), type-checked with its own tsconfig.
const transform = (tsconfig) => ({
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig, transpilation: true }],
});
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // This checkout's emulator, even where node_modules is another checkout's (a git worktree's
    // symlink): the package's link points at that checkout's emulator/.
    '^@comptoir/stripe-emulator$': '<rootDir>/emulator/src/index.ts',
    '^@comptoir/stripe-emulator/test-helpers$': '<rootDir>/emulator/test/helpers.ts',
  },
  transform: transform('tsconfig.json'),
  testEnvironment: 'node',
  // The emulator workspace package (@comptoir/stripe-emulator) is imported from its TypeScript
  // source (the "source" export condition), not from its build.
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
};

export default {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  maxWorkers: 2,
  // A root option: Jest ignores testTimeout inside projects. Generous, for a loaded 2-core machine.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'emulator',
      testMatch: ['<rootDir>/emulator/**/*.spec.ts'],
      transform: transform('emulator/tsconfig.json'),
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      testTimeout: 30000,
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
      testTimeout: 60000,
    },
  ],
};
