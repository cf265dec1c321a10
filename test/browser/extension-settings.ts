/** Whatever runs a function in the background (the session's `background`, or a browser's driver). */
interface InBackground {
  background<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/**
 * The extension's settings as it stores them (utils/settings/store.ts): one record in the extension
 * origin's IndexedDB, out of reach of content scripts (issue 13, finding 7). Tests set, read and
 * forget them from the background (in Firefox, an extension page of the same origin: the same database) with these, instead of writing `storage.local` as they did
 * before. The database's name and shape are the ones utils/settings/store.ts uses.
 */

type Op = { kind: 'read' } | { kind: 'forget' } | { kind: 'write'; patch: object };

/** One operation on the stored record, run in the background; answers the record as it was. */
function onSettings(ext: InBackground, op: Op): Promise<Record<string, unknown> | undefined> {
  return ext.background(
    ({ db, op }) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const open = indexedDB.open(db, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('settings');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const connection = open.result;
          const tx = connection.transaction('settings', 'readwrite');
          const store = tx.objectStore('settings');
          const read = store.get('settings');
          read.onsuccess = () => {
            if (op.kind === 'forget') store.delete('settings');
            if (op.kind === 'write') {
              const defaults = { baseUrl: 'https://stenobird.com', notifications: true, checkIntervalMinutes: 5 };
              store.put({ ...defaults, ...(read.result ?? {}), ...op.patch, version: 3 }, 'settings');
            }
          };
          tx.oncomplete = () => {
            connection.close();
            if (op.kind === 'read') return resolve(read.result);
            // The pages' copy (session storage, utils/settings/owner.ts) is the background's to
            // write when it saves: a record written here drops it, so every context reads the
            // record itself (as after a browser restart) until the background writes it again.
            const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
            api.storage.session.remove('settingsShown').then(() => resolve(read.result), reject);
          };
          tx.onerror = () => {
            connection.close();
            reject(tx.error);
          };
        };
      }),
    { db: 'stenobird-companion', op },
  );
}

/** Changes some settings, as the options page would have saved them. */
export async function writeSettings(ext: InBackground, patch: object): Promise<void> {
  await onSettings(ext, { kind: 'write', patch });
}

/** The stored settings record (with its `version`), or `undefined`. */
export function readSettings(ext: InBackground): Promise<Record<string, unknown> | undefined> {
  return onSettings(ext, { kind: 'read' });
}

/** Forgets the settings: the extension reads its defaults again (a test's reset). */
export async function forgetSettings(ext: InBackground): Promise<void> {
  await onSettings(ext, { kind: 'forget' });
}
