// Unit tests: pure logic, no services. `*.spec.ts` next to the code.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: ['**/*.spec.ts'],
};
