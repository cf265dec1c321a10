import { defineConfig } from 'wxt';

/**
 * A reference beside the empty worker (bench/worker-wake.ts): the same empty WXT worker, plus the
 * zod types the real worker checks its messages, stored values and response bodies with. What
 * evaluating zod alone costs each start, before any code of the extension's own.
 */
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: { name: 'Floor with zod', version: '0.0.0' },
});
