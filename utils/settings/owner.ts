import { browser } from 'wxt/browser';
import * as storage from '../storage-areas';
import { claimReads, repairSettings, SHOWN_COPY, shownOf, storedRecord, transact, type Settings } from './store';

/**
 * The settings' write half: the background's alone. It is their one writer (pages ask it,
 * `router.ts`), the context that moves an older version's out of `storage.local`, and the keeper
 * of the copy pages draw from (`settings.shown()`). Kept apart from the read half
 * (`utils/settings/store.ts`) so the pages' bundles, the popup's above all, carry none of it.
 */

/** The background's first read: what an older version left in `storage.local`, moved here, then deleted there. */
async function migrateFromLocal(): Promise<Settings> {
  const legacy = (await browser.storage.local.get('settings')).settings;
  const record = await transact('readwrite', (current) => (current === undefined ? storedRecord(repairSettings(legacy)) : undefined));
  await browser.storage.local.remove(['settings', 'settings$']);
  return repairSettings(record);
}

/** Writes the pages' copy of `current`, unless `stored` (the copy as read) says the same already. */
async function keepCopy(current: Settings, stored?: unknown): Promise<void> {
  const copy = shownOf(current);
  if (JSON.stringify(stored) === JSON.stringify(copy)) return;
  // A copy not written is only a slower read for the next page: never the read's failure.
  await storage.setItem(SHOWN_COPY, copy).catch(() => undefined);
}

/** The owner's read: the record (moved from an older version's place when there is none), and the copy kept current. */
async function ownerRead(): Promise<Settings> {
  const [record, copy] = await Promise.all([transact('readonly', () => undefined), storage.getItem(SHOWN_COPY).catch(() => null)]);
  const current = record !== undefined ? repairSettings(record) : await migrateFromLocal();
  // Once it differs: the browser started since (session storage is empty), or it was damaged.
  void keepCopy(current, copy);
  return current;
}

type Listener = (before: Settings, after: Settings) => void;
const listeners = new Set<Listener>();

/**
 * Called by the background at start-up, in its first turn: from then on its reads of the
 * settings are the owner's (`ownerRead`).
 */
export function becomeSettingsOwner(): void {
  claimReads(ownerRead);
  // Moved on the first start after an install or an update (the one that brings this layout),
  // before any page has run: from then on the database holds the settings, and a value a
  // content script writes to storage.local is never taken for them. Not at every start: opening
  // the database costs each start, most of which never read the settings.
  browser.runtime.onInstalled.addListener(() => {
    void ownerRead().catch((error: unknown) => console.error('Stenobird Companion: the settings could not be read', error));
  });
}

/** Serialised in this context too: two saves in a row are applied in order. */
let queue: Promise<unknown> = Promise.resolve();

export const settingsWriter = {
  /** Changes some fields and answers the settings as stored; `apiKey: undefined` removes the key. */
  update(patch: Partial<Settings>): Promise<Settings> {
    const run = queue.then(async () => {
      const before = await ownerRead();
      let after = before;
      await transact('readwrite', (current) => {
        after = repairSettings({ ...repairSettings(current ?? before), ...patch });
        return storedRecord(after);
      });
      // Before the save is answered: a popup opened after it shows the new settings.
      await keepCopy(after);
      for (const listener of listeners) listener(before, after);
      return after;
    });
    queue = run.catch(() => undefined);
    return run;
  },

  /** Calls `listener` after each change (the background makes them all); once however often added. */
  onChange(listener: Listener): void {
    listeners.add(listener);
  },
};
