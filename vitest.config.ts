import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    include: ['tests/**/*.test.ts'],
    // *.isolated.test.ts run alone afterwards (vitest.isolated.config.ts).
    exclude: ['tests/e2e/**', 'tests/**/*.isolated.test.ts', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: a few files at a time keep DynamoDB Local responsive.
    maxWorkers: 3,
  },
});
