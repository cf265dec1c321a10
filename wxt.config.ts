import { defineConfig } from 'wxt';

/**
 * Only the hosts the extension must reach: Stenobird (catalogue pages and API) and Fireside's
 * show subdomains. Custom-domain Fireside sites are reached through `activeTab` on demand, or
 * through an optional per-host permission the user grants ("always detect on this site").
 */
export const STENOBIRD_ORIGIN = 'https://stenobird.com';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: following requests to the end; notifications: telling the user how they ended;
    // sidePanel (Chrome): the transcript view beside the page. Firefox opens that view in a tab.
    permissions: ['storage', 'alarms', 'notifications', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: [`${STENOBIRD_ORIGIN}/*`],
    // Grey until a tab shows an episode: the button looks inactive where there is nothing to do.
    action: {
      default_title: '__MSG_extName__',
      default_icon: { 16: 'icon-inactive/16.png', 32: 'icon-inactive/32.png' },
    },
    // The transcript view; a job's panel is set per tab (`utils/transcript-view.ts`).
    ...(browser === 'firefox' ? {} : { side_panel: { default_path: 'transcript.html' } }),
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
