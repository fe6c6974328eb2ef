// Fault injection: the pipeline against a Kafka broker and a Postgres cluster of
// its own (started and stopped by the suite), so it can kill and restart them
// without disturbing the shared ones. Needs the build (`npm run build`).
module.exports = {
  ...require('./jest.preset'),
  displayName: 'faults',
  testMatch: ['**/*.faults-spec.ts'],
  maxWorkers: 1,
  testTimeout: 420000,
};
