import { defineConfig } from 'wxt';

/**
 * Only the hosts the extension must reach: Stenobird (catalogue pages and API) and Fireside's
 * show subdomains. Custom-domain Fireside sites are reached through `activeTab` on demand, or
 * through an optional per-host permission the user grants ("always detect on this site").
 */
export const STENOBIRD_ORIGIN = 'https://stenobird.com';

/**
 * The content script (`entrypoints/episode-detector.ts`), declared here because it is built as
 * an unlisted script (see that file for why). `detectInTab` and the "always detect" registration
 * use the same file.
 */
export const EPISODE_CONTENT_SCRIPT = {
  matches: ['*://*.fireside.fm/*', `${STENOBIRD_ORIGIN}/podcast/*/*`],
  js: ['episode-detector.js'],
  run_at: 'document_idle',
};

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  manifest: ({ browser }) => ({
    name: 'Stenobird Companion',
    description:
      'Spot podcast episodes on Fireside and Stenobird pages and request their transcripts from Stenobird in one click.',
    permissions: ['storage'],
    host_permissions: [`${STENOBIRD_ORIGIN}/*`],
    action: { default_title: 'Stenobird Companion' },
    content_scripts: [EPISODE_CONTENT_SCRIPT],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'companion@stenobird.com',
              strict_min_version: '142.0',
              // Firefox asks add-ons to declare what they collect; this one sends nothing
              // anywhere but to the Stenobird service the user asks it to call.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  zip: {
    // The sources zip Firefox reviewers get: no test fixtures, no local TLS material.
    excludeSources: ['test/**', 'bench/**', '**/*.pem', '**/*.key', '.ci/**'],
  },
});
