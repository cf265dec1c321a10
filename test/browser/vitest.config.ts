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
    // `expect.poll` waits 1 s by default: on a loaded 2-core machine a popup or a page can take
    // longer than that to get there. A poll that passes returns as soon as it does, so room costs
    // nothing; one that fails says so after 20 s.
    expect: { poll: { timeout: 20_000, interval: 50 } },
    globalSetup: ['test/browser/global-setup.ts'],
  },
});
