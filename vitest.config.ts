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
  // Fixture pages link stylesheets and scripts and embed players in iframes. Nothing may reach
  // the network, and nothing skipped may print a stack trace into every run:
  // - stylesheets and scripts are not loaded, and count as loaded rather than as failures;
  // - happy-dom's "iframe loading disabled" mode logs a DOMException with its stack for every
  //   iframe in every parsed page (even in a DOMParser document, which a browser leaves inert),
  //   so iframes get their frame, but a child frame never navigates: it stays an empty
  //   about:blank, fetches nothing and logs nothing. The detectors read only the iframe's `src`.
  environmentOptions: {
    happyDOM: {
      settings: {
        handleDisabledFileLoadingAsSuccess: true,
        enableIframePageLoading: true,
        navigation: { disableChildFrameNavigation: true, disableFallbackToSetURL: true },
      },
    },
  },
};

export default defineConfig({
  plugins: [WxtVitest()],
  test: { ...unitTestOptions, name: 'chrome', include: ['test/unit/**/*.test.ts'] },
});
