import { defineConfig } from 'wxt';

/**
 * The floor for `npm run bench`: empty entrypoints of each kind, built with the same modules and
 * options as the real extension, so each real figure can be read against what WXT itself costs.
 */
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: { name: 'Floor', version: '0.0.0' },
});
