import { defineConfig, type EntrypointGroup } from 'wxt';
import { EPISODE_DETECTOR_JS } from './utils/content-script';
import { COMMAND_REQUEST_TRANSCRIPT, EPISODE_MATCHES, HOST_PERMISSIONS, OPTIONAL_SITES } from './utils/patterns';

/**
 * Only the hosts the extension must reach: Stenobird (catalogue pages and API) and, through the
 * content script's matches, Fireside's show subdomains, all over https. Custom-domain Fireside
 * sites are read on demand through `activeTab` + `scripting`, or on a site the user allowed
 * ("always detect on this site"): the optional `https://*\/*` grants nothing until the user
 * approves one site. README.md's "Permissions" table says what each permission is for. Every
 * pattern and id is written once, in `utils/patterns.ts`.
 */
/**
 * The button's default tooltip is the idle one: a tab keeps it until its page reports an episode,
 * and Firefox puts a tab back on it when the tab navigates. Declared in the manifest rather than
 * set with `action.setTitle` at each worker start, which kept that call on every start (`npm run
 * bench`). WXT takes it from the popup's `manifest.title` meta tag, which wins over this
 * key: both say the same.
 */
const TOOLBAR_BUTTON = {
  default_title: '__MSG_toolbarIdle__',
  default_icon: { 16: 'icon-inactive/16.png', 32: 'icon-inactive/32.png' },
};

/**
 * The content script is built as an unlisted script (see `entrypoints/episode-detector.ts` for
 * why), so it is declared here rather than by WXT.
 */
const EPISODE_CONTENT_SCRIPT = {
  matches: EPISODE_MATCHES,
  js: [EPISODE_DETECTOR_JS.replace(/^\//, '')],
  run_at: 'document_idle',
};

/**
 * WXT bundles all the extension's pages (popup, options, transcript view, offscreen) in one build,
 * where each shared module is kept whole for every page that imports it, and code shared with
 * other pages is split into several small files by which pages use it: the popup would load the
 * options page's schemas and storage helpers, in files each compressed on its own, and its 20 kB
 * budget (`npm run bench`) counts them all. The popup is built on its own instead: one file,
 * holding only what the popup itself runs (the other pages' build loses nothing by it).
 */
function popupBuiltAlone(groups: EntrypointGroup[]): void {
  for (const group of groups) {
    if (!Array.isArray(group) || group.length < 2) continue;
    const at = group.findIndex((entrypoint) => entrypoint.name === 'popup');
    if (at >= 0) groups.push(group.splice(at, 1));
  }
}

/**
 * The popup calls the browsers' own extension APIs, as the content script does: every call it
 * makes (tabs, runtime messages, storage, permissions) returns a promise natively in Chrome's MV3
 * and in Firefox, so webextension-polyfill (9.6 kB, a third of the popup's 20 kB gzip budget once
 * compressed with the rest) would only wrap them again. `@wxt-dev/storage` already uses the
 * native namespace (`@wxt-dev/browser`) in every page. The other pages and the background keep
 * the polyfill. The module's alias is an object here; anything else is a build error, not a
 * silent return of the polyfill.
 */
function popupWithoutPolyfill(alias: unknown): void {
  if (!alias || typeof alias !== 'object' || Array.isArray(alias) || !('wxt/browser' in alias)) {
    throw new Error('wxt.config.ts: the popup build expected the polyfill module’s `wxt/browser` alias');
  }
  (alias as Record<string, string>)['wxt/browser'] = '@wxt-dev/browser';
}

/**
 * Comments and indentation are for the sources' readers: the built pages go without them (the
 * popup's budget counts its HTML). No page has a `<pre>` or `<textarea>`, where line starts would count.
 */
const compactHtml = {
  name: 'stenobird:compact-html',
  transformIndexHtml: (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/\n\s+/g, '\n'),
};

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  vite: () => ({ plugins: [compactHtml] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: following requests to the end; notifications: telling the user how they ended;
    // activeTab + scripting: detecting on demand on sites the extension is not installed for;
    // the right-click menu (Firefox calls it `menus`); offscreen (Chrome): a DOM to read a
    // right-clicked link's page in, which Chrome's service worker lacks; sidePanel (Chrome): the
    // transcript view beside the page (Firefox opens that view in a tab); webRequest: reading the
    // address a redirect of the extension's own request names, so each hop is checked before it
    // is followed (utils/net/follow-redirects.ts): fetch hides it from extensions in both browsers.
    permissions: [
      'storage',
      'alarms',
      'notifications',
      'activeTab',
      'scripting',
      'webRequest',
      ...(browser === 'firefox' ? ['menus'] : ['contextMenus', 'offscreen', 'sidePanel']),
    ],
    // Fireside show sites: a right-clicked link to an episode is read (its show's JSON Feed, or
    // its page) without opening it.
    host_permissions: HOST_PERMISSIONS,
    // MV2 (Firefox) lists optional hosts with the other optional permissions.
    ...(manifestVersion === 2 ? { optional_permissions: OPTIONAL_SITES } : { optional_host_permissions: OPTIONAL_SITES }),
    // Grey until a tab shows an episode: the button looks inactive where there is nothing to do.
    // MV2 spells it `browser_action` here: WXT writes the popup into that key for MV2 and would
    // otherwise drop this one (Firefox lost the grey icon that way).
    [manifestVersion === 2 ? 'browser_action' : 'action']: TOOLBAR_BUTTON,
    content_scripts: [EPISODE_CONTENT_SCRIPT],
    // The transcript view; a job's panel is set per tab (`utils/transcript-view.ts`).
    ...(browser === 'firefox' ? {} : { side_panel: { default_path: 'transcript.html' } }),
    // Alt+Shift+T is Chrome's "focus the toolbar" and Alt+Shift+S ChromeOS's quick settings;
    // neither browser binds Alt+Shift+R or Alt+Shift+P. Users can change both.
    commands: {
      [COMMAND_REQUEST_TRANSCRIPT]: { suggested_key: { default: 'Alt+Shift+R' }, description: '__MSG_commandRequestTranscript__' },
      // MV2 (Firefox) names the popup's command after `browser_action`.
      [manifestVersion === 2 ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+P' },
        description: '__MSG_commandOpenPopup__',
      },
    },
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
  hooks: {
    'entrypoints:grouped': (_wxt, groups) => popupBuiltAlone(groups),
    // Extension pages in both browsers support `<link rel="modulepreload">`: no polyfill for it.
    'vite:build:extendConfig': (entrypoints, viteConfig) => {
      if (!entrypoints.some((entrypoint) => entrypoint.name === 'popup')) return;
      viteConfig.build ??= {};
      viteConfig.build.modulePreload = { polyfill: false };
      // Terser's two passes leave the popup 1.7 % smaller than the default minifier: room its
      // 20 kB budget needs. Safe transforms only (no `unsafe` options).
      viteConfig.build.minify = 'terser';
      viteConfig.build.terserOptions = { compress: { passes: 2 } };
      popupWithoutPolyfill(viteConfig.resolve?.alias);
    },
  },
  zip: {
    // The sources zip Firefox reviewers get: what builds the add-on, no tests or test fixtures
    // (nor the test runner's config), no screenshots, no local TLS material or keys.
    excludeSources: ['test/**', 'bench/**', 'docs/**', 'vitest.config.ts', '**/*.pem', '**/*.key', '**/.env*', '.ci/**'],
  },
});
