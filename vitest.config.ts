import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import './test/node20-compat.ts';

/** Unit tests: WXT's fake browser (`browser` is `fakeBrowser` here) and a DOM from happy-dom. */
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['test/unit/setup.ts'],
    // Fixture pages link stylesheets and frames: happy-dom loads none of them (no network), and
    // this keeps it from logging every one it skipped.
    environmentOptions: { happyDOM: { settings: { handleDisabledFileLoadingAsSuccess: true } } },
  },
});
