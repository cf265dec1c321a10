import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import '../node20-compat.ts';

/** Browser tests: real Chromium, one file at a time (2-core machines), generous timeouts. */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/browser/global-setup.ts'],
  },
});
