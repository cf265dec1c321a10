import { fakeBrowser } from 'wxt/testing/fake-browser';
import config from '@/wxt.config';

/** The host permissions the Chrome build's manifest asks for: held from install. */
const manifestHosts = (): string[] =>
  ((config.manifest as (env: object) => { host_permissions?: string[] })({ browser: 'chrome', manifestVersion: 3, mode: 'production', command: 'build' }).host_permissions ?? []);

/**
 * In-memory stand-ins for the `permissions` and `scripting` APIs, which WXT's fakeBrowser leaves
 * unimplemented: granted origins, registered content scripts, and injections that run whatever
 * the test says the injected file does in that tab.
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
}

type Listener = (permissions: { origins?: string[] }) => void;

export function installFakeSiteApis(): FakeSiteApis {
  const removedListeners: Listener[] = [];
  const fake: FakeSiteApis = {
    granted: new Set(),
    registered: new Map(),
    answerPrompt: () => false,
    inject: async () => {
      throw new Error('Cannot access contents of the page.');
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
  return fake;
}
