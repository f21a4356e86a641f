// `npm run test:cluster`: the production topology (cluster/topology.ts) driven through HAProxy.
// Apart from `npm test` (jest.config.js does not match test/cluster): it starts its own
// PostgreSQL primary and replica, and needs the build (dist/) and HAProxy.
export default {
  displayName: 'cluster',
  testMatch: ['<rootDir>/test/cluster/**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', transpilation: true }] },
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  maxWorkers: 1,
  // Per-test times in the CI log: where a slow run spent them.
  verbose: true,
  testTimeout: 240000,
};
