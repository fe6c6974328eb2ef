// Shared by the unit and the integration configs: TypeScript through SWC (keeps
// decorator metadata for NestJS), workspace libraries resolved to their sources.
const fs = require('node:fs');
const path = require('node:path');

const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc.jest.json'), 'utf8'));

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@newsgraph/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    // Prisma's generated client imports its siblings as ./x.js.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.local/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
