// Integration and end-to-end tests against the real Kafka broker and Postgres.
// One global setup starts the services once, migrates a fresh database once and
// exports their addresses through the environment (see tools/testing).
module.exports = {
  ...require('./jest.preset'),
  displayName: 'integration',
  testMatch: ['**/*.integration-spec.ts', '**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/tools/testing/global-setup.ts',
  globalTeardown: '<rootDir>/tools/testing/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 120000,
};
