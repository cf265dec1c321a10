import { browser } from 'wxt/browser';

/**
 * The browser's storage areas, addressed by one string per value: `local:<name>` or
 * `session:<name>`, the name being what the browser stores it under. This is all the extension
 * ever asked of `@wxt-dev/storage` (whose key format it keeps, so stored data is unchanged): it
 * has no use for the library's metadata, versions or migrations (the history and the settings
 * version their own layouts, `utils/storage.ts`, `utils/settings/store.ts`), and the library and
 * its lock cost 2.9 kB gzip in a popup budgeted 20 kB (`npm run bench`), and 8.5 kB of every
 * worker start's script. Values are read back through zod by the callers (`utils/storage.ts`).
 */
export type Key = `local:${string}` | `session:${string}`;

type AreaName = 'local' | 'session';

function split(key: Key): [AreaName, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at) as AreaName, key.slice(at + 1)];
}

/** Keys grouped by area, in the order given, so each area is asked once. */
function byArea(keys: readonly Key[]): Map<AreaName, string[]> {
  const areas = new Map<AreaName, string[]>();
  for (const key of keys) {
    const [area, name] = split(key);
    areas.set(area, [...(areas.get(area) ?? []), name]);
  }
  return areas;
}

/** The value stored under `key`; `null` when there is none. */
export async function getItem<T = unknown>(key: Key): Promise<T | null> {
  const [area, name] = split(key);
  return ((await browser.storage[area].get(name))[name] ?? null) as T | null;
}

/** The values under `keys`, in their order (`null` where there is none), one read per area. */
export async function getItems(keys: readonly Key[]): Promise<Array<{ key: Key; value: unknown }>> {
  const found = new Map<string, unknown>();
  await Promise.all(
    [...byArea(keys)].map(async ([area, names]) => {
      const values = await browser.storage[area].get(names);
      for (const name of names) found.set(`${area}:${name}`, values[name]);
    }),
  );
  return keys.map((key) => ({ key, value: found.get(key) ?? null }));
}

/** Stores `value` under `key`; `null` or `undefined` removes what is there. */
export async function setItem(key: Key, value: unknown): Promise<void> {
  const [area, name] = split(key);
  if (value == null) await browser.storage[area].remove(name);
  else await browser.storage[area].set({ [name]: value });
}

/** Stores every value, one `set` per area: the browser applies each whole. */
export async function setItems(items: ReadonlyArray<{ key: Key; value: unknown }>): Promise<void> {
  const areas = new Map<AreaName, Record<string, unknown>>();
  for (const { key, value } of items) {
    const [area, name] = split(key);
    areas.set(area, { ...areas.get(area), [name]: value });
  }
  await Promise.all([...areas].map(([area, values]) => browser.storage[area].set(values)));
}

export async function removeItem(key: Key): Promise<void> {
  await removeItems([key]);
}

/** Removes every key, one call per area. */
export async function removeItems(keys: readonly Key[]): Promise<void> {
  await Promise.all([...byArea(keys)].map(([area, names]) => browser.storage[area].remove(names)));
}

/** Calls `listener` with the new value (`null`: removed) whenever the value under `key` changes. */
export function watch(key: Key, listener: (value: unknown) => void): () => void {
  const [area, name] = split(key);
  const onChanged = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, changedArea: string) => {
    const change = changedArea === area ? changes[name] : undefined;
    // A write of the same value is no change (the browser reports it all the same).
    if (!change || JSON.stringify(change.newValue) === JSON.stringify(change.oldValue)) return;
    listener(change.newValue ?? null);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
