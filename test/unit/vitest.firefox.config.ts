import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { unitTestOptions } from '../../vitest.config.ts';

/**
 * The unit tests of code that branches by browser, run as the Firefox MV2 build: WXT sets
 * `import.meta.env.BROWSER` to 'firefox' and `MANIFEST_VERSION` to 2 as it does for
 * `.output/firefox-mv2`, and `fake-browser-surface.ts` gives fakeBrowser Firefox's shape
 * (`browserAction`, `menus`, no `action`, no `offscreen`).
 *
 * A separate run rather than a second vitest project: vitest turns `import.meta.env.*` defines
 * into process-wide environment variables, so two projects in one run would share one browser.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  plugins: [WxtVitest({ browser: 'firefox', manifestVersion: 2 })],
  test: {
    ...unitTestOptions,
    name: 'firefox',
    include: [
      'test/unit/browser-surface.test.ts',
      'test/unit/context-menu.test.ts',
      'test/unit/command.test.ts',
      'test/unit/toolbar.test.ts',
      'test/unit/tab-report.test.ts',
    ],
  },
});
