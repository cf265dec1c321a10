import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import './test/node20-compat.ts';

/**
 * Unit tests: WXT's fake browser (`browser` is `fakeBrowser` here) and a DOM from happy-dom,
 * against the Chrome MV3 build's constants. `test/unit/vitest.firefox.config.ts` runs the tests
 * of browser-specific code again as the Firefox MV2 build (`npm run test:unit` runs both).
 */
export const unitTestOptions = {
  environment: 'happy-dom',
  setupFiles: ['test/unit/setup.ts'],
  // Fixture pages link stylesheets and frames: happy-dom loads none of them (no network), and
  // this keeps it from logging every one it skipped.
  environmentOptions: { happyDOM: { settings: { handleDisabledFileLoadingAsSuccess: true } } },
};

export default defineConfig({
  plugins: [WxtVitest()],
  test: { ...unitTestOptions, name: 'chrome', include: ['test/unit/**/*.test.ts'] },
});
