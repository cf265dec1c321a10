import { defineConfig } from 'wxt';

/**
 * The floor for `npm run bench`: empty entrypoints of each kind, built with the same modules and
 * options as the real extension, so each real figure can be read against what WXT itself costs.
 * Beside the empty popup, `one-read.html` draws one stored value (`storage`, the one permission
 * it needs), as a reference for what reading the browser's storage costs a page by itself.
 */
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: { name: 'Floor', version: '0.0.0', permissions: ['storage'] },
});
