import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import '../node20-compat.ts';

/**
 * Browser tests, in the browser `TEST_BROWSER` names (chromium, the default, or firefox; see
 * harness.ts): one file at a time (2-core machines; each file starts its own browser once), and
 * generous timeouts, since CI is a loaded machine.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    name: process.env.TEST_BROWSER === 'firefox' ? 'firefox' : 'chromium',
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/browser/global-setup.ts'],
  },
});
