import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchExtension, type ExtensionSession } from './harness';

/**
 * One extension session per test file: launched before its tests, closed after them, and reset
 * before each (the fake server's defaults, the extension's storage and alarms). A file adds its
 * own hooks after this call; vitest runs them after these.
 *
 * The handle forwards to the live session, so tests write `ext.server`, `ext.open(url)` as if
 * they held it. (Kept apart from harness.ts, which the bench imports outside vitest.)
 */
export function useExtension(options: Parameters<typeof launchExtension>[0] = {}): ExtensionSession {
  let session: ExtensionSession | undefined;
  beforeAll(async () => {
    session = await launchExtension(options);
  });
  afterAll(async () => {
    await session?.close();
  });
  beforeEach(async () => {
    await session!.reset();
  });
  return new Proxy({} as ExtensionSession, {
    get(_target, key) {
      if (!session) throw new Error('The extension session is used before its beforeAll hook ran.');
      const value: unknown = Reflect.get(session, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(session) : value;
    },
  });
}
