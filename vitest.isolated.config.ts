import { defineConfig } from 'vitest/config';

// Tests that measure the process itself (event-loop delay, heap growth) run after the main suite, one file
// at a time, so that the other test files' work is not counted as theirs.
export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    include: ['tests/**/*.isolated.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
