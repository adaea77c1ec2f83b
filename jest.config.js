/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // In CI a skipped or todo test fails the run, named (test/no-skipped-tests-reporter.js).
  reporters: process.env.CI === 'true' ? ['default', '<rootDir>/test/no-skipped-tests-reporter.js'] : ['default'],
};
