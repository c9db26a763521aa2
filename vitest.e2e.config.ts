import { defineConfig } from 'vitest/config';

/** Browser tests (Debian's Chromium through playwright-core) against the real app on DynamoDB Local. */
export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 150_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
