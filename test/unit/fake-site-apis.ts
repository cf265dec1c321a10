import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentMessage } from '@/utils/messages';
import type { TabReport } from '@/utils/storage';
import config from '@/wxt.config';

/** The host permissions the Chrome build's manifest asks for: held from install. */
const manifestHosts = (): string[] =>
  ((config.manifest as (env: object) => { host_permissions?: string[] })({ browser: 'chrome', manifestVersion: 3, mode: 'production', command: 'build' }).host_permissions ?? []);

/**
 * In-memory stand-ins for the `permissions` and `scripting` APIs, which WXT's fakeBrowser leaves
 * unimplemented: granted origins, registered content scripts, and injections that run whatever
 * the test says the injected file does in that tab; and the pages in the tabs, as far as the
 * extension talks to them (`tabs.sendMessage` to the content script, utils/tab-report.ts).
 */
export interface FakeSiteApis {
  granted: Set<string>;
  registered: Map<string, { id: string; matches?: string[]; js?: string[]; runAt?: string; persistAcrossSessions?: boolean }>;
  /** What the user answers to the next permission prompts. */
  answerPrompt: (origins: string[]) => boolean;
  /** What an injection does in a tab; throwing is how the browser refuses access. */
  inject: (tabId: number, files: string[]) => Promise<unknown>;
  /** The user withdraws a permission in the browser's settings. */
  revoke(origins: string[]): Promise<void>;
  /**
   * The tab loads another document: its content script there answers `found` when asked, or,
   * without it, none answers (a page it does not run on).
   */
  navigate(tabId: number, found?: ContentMessage): void;
  /**
   * What the content script on a tab's page answers when asked what it found; `undefined`: none
   * answers. By default each open tab still shows the page whose report is stored (as its
   * content script sent it); a closed tab (`tabs.onRemoved`) has no page.
   */
  pageReport: (tabId: number) => Promise<ContentMessage | undefined>;
}

type Listener = (permissions: { origins?: string[] }) => void;

const asSent = (report: TabReport): ContentMessage =>
  report.status === 'episode' ? { type: 'episode-detected', episode: report.episode } : { type: 'no-episode', reason: report.reason };

export function installFakeSiteApis(): FakeSiteApis {
  const removedListeners: Listener[] = [];
  /** Tabs whose page is no longer the one that reported: what their content script answers, if any. */
  const navigated = new Map<number, ContentMessage | undefined>();
  const closed = new Set<number>();
  fakeBrowser.tabs.onRemoved.addListener((tabId) => void closed.add(tabId));
  const fake: FakeSiteApis = {
    granted: new Set(),
    registered: new Map(),
    answerPrompt: () => false,
    inject: async () => {
      throw new Error('Cannot access contents of the page.');
    },
    navigate(tabId, found) {
      navigated.set(tabId, found);
    },
    async pageReport(tabId) {
      if (closed.has(tabId)) return undefined;
      if (navigated.has(tabId)) return navigated.get(tabId);
      // The report as stored (utils/storage.ts keeps it under `tab:<id>` in session storage).
      const report = (await fakeBrowser.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`] as TabReport | undefined;
      return report && asSent(report);
    },
    async revoke(origins) {
      for (const origin of origins) fake.granted.delete(origin);
      for (const listener of removedListeners) listener({ origins });
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
  const api = fakeBrowser as unknown as Record<string, Record<string, unknown>>;
  Object.assign(api.permissions!, {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => fake.granted.has(o)),
    request: async ({ origins = [] }: { origins?: string[] }) => {
      const yes = fake.answerPrompt(origins);
      if (yes) for (const origin of origins) fake.granted.add(origin);
      return yes;
    },
    getAll: async () => ({ permissions: [], origins: [...manifestHosts(), ...fake.granted] }),
    remove: async ({ origins = [] }: { origins?: string[] }) => {
      for (const origin of origins) fake.granted.delete(origin);
      return true;
    },
    onRemoved: { addListener: (listener: Listener) => removedListeners.push(listener) },
  });
  Object.assign(api.scripting!, {
    executeScript: async ({ target, files }: { target: { tabId: number }; files: string[] }) => [
      { frameId: 0, result: await fake.inject(target.tabId, files) },
    ],
    registerContentScripts: async (scripts: { id: string }[]) => {
      for (const script of scripts) {
        if (fake.registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
        fake.registered.set(script.id, script);
      }
    },
    getRegisteredContentScripts: async ({ ids }: { ids?: string[] } = {}) =>
      [...fake.registered.values()].filter((s) => !ids || ids.includes(s.id)),
    unregisterContentScripts: async ({ ids = [] }: { ids?: string[] } = {}) => {
      for (const id of ids) {
        if (!fake.registered.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
      }
    },
  });
  Object.assign(api.tabs!, {
    sendMessage: async (tabId: number, message: { type?: string }) => {
      const answer = message?.type === 'current-report' ? await fake.pageReport(tabId) : undefined;
      // What both browsers say when no content script of the extension listens on the page.
      if (answer === undefined) throw new Error('Could not establish connection. Receiving end does not exist.');
      return answer;
    },
  });
  return fake;
}
