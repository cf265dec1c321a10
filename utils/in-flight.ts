/**
 * Work already under way, shared by key: a double click, the popup and the menu at once, or an
 * alarm and the `online` event together start one request, and every caller gets its answer.
 * Only live promises are held here, and they die with the worker anyway; everything that must
 * outlive the worker is in storage.
 */
const running = new Map<string, Promise<unknown>>();

export function once<T>(key: string, work: () => Promise<T>): Promise<T> {
  const pending = running.get(key);
  if (pending) return pending as Promise<T>;
  const started = work().finally(() => running.delete(key));
  running.set(key, started);
  return started;
}
