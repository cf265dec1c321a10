import { defineConfig } from 'wxt';
import { EPISODE_DETECTOR_JS, EPISODE_MATCHES } from './utils/content-script';

/**
 * Only the hosts the extension must reach: Stenobird (catalogue pages and API) and, through the
 * content script's matches, Fireside's show subdomains. Custom-domain Fireside sites are read on
 * demand through `activeTab` + `scripting`, or on a site the user allowed ("always detect on this
 * site"): the optional `http(s)://*\/*` grants nothing until the user approves one site.
 */
export const STENOBIRD_ORIGIN = 'https://stenobird.com';

/**
 * The content script is built as an unlisted script (see `entrypoints/episode-detector.ts` for
 * why), so it is declared here rather than by WXT.
 */
const OPTIONAL_SITES = ['https://*/*', 'http://*/*'];

const EPISODE_CONTENT_SCRIPT = {
  matches: EPISODE_MATCHES,
  js: [EPISODE_DETECTOR_JS.replace(/^\//, '')],
  run_at: 'document_idle',
};

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: following requests to the end; notifications: telling the user how they ended;
    // activeTab + scripting: detecting on demand on sites the extension is not installed for.
    permissions: ['storage', 'alarms', 'notifications', 'activeTab', 'scripting'],
    host_permissions: [`${STENOBIRD_ORIGIN}/*`],
    // MV2 (Firefox) lists optional hosts with the other optional permissions.
    ...(manifestVersion === 2 ? { optional_permissions: OPTIONAL_SITES } : { optional_host_permissions: OPTIONAL_SITES }),
    // Grey until a tab shows an episode: the button looks inactive where there is nothing to do.
    action: {
      default_title: '__MSG_extName__',
      default_icon: { 16: 'icon-inactive/16.png', 32: 'icon-inactive/32.png' },
    },
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
