import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchExtension, type ExtensionSession, type LaunchOptions } from './harness';

/**
 * One extension session per test file, in the browser `TEST_BROWSER` names (harness.ts):
 * launched before its tests, closed after them, and reset before each (the fake server's
 * defaults, the extension's storage and alarms). After each test, the console check: any error
 * or warning the extension logged during it fails the test (a test that provokes one on purpose
 * takes it with `ext.expectConsoleProblem(/…/)`). A file adds its own hooks after this call;
 * vitest runs them after these.
 *
 * The handle forwards to the live session, so tests write `ext.server`, `ext.open(url)` as if
 * they held it. (Kept apart from harness.ts, which the bench imports outside vitest.)
 */
export function useExtension(options: LaunchOptions = {}): ExtensionSession {
  let session: ExtensionSession | undefined;
  beforeAll(async () => {
    session = await launchExtension(options);
  }, 120_000);
  afterAll(async () => {
    if (!session) return;
    // What was logged after the last test's check (its pages closing, work still under way).
    const problems = await session.takeConsoleProblems().catch((error: unknown) => [`the console could not be read: ${String(error)}`]);
    await session.close();
    expect(problems, `the extension logged errors or warnings in ${session.browser} after the last test`).toEqual([]);
  });
  beforeEach(async () => {
    await session!.reset();
  });
  afterEach(async () => {
    if (!session) return;
    const problems = await session.takeConsoleProblems();
    expect(problems, `the extension logged errors or warnings in ${session.browser}`).toEqual([]);
  });
  return new Proxy({} as ExtensionSession, {
    get(_target, key) {
      if (!session) throw new Error('The extension session is used before its beforeAll hook ran.');
      const value: unknown = Reflect.get(session, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(session) : value;
    },
  });
}

export interface CreatedNotification {
  id: string;
  title: string;
}

/**
 * Records every notification the extension creates in this file's session (the real API still
 * runs underneath), emptied before each test. Call after `useExtension`; returns a reader.
 */
export function recordNotifications(ext: ExtensionSession): () => Promise<CreatedNotification[]> {
  beforeAll(async () => {
    await ext.background(() => {
      const scope = globalThis as unknown as { notificationsCreated: Array<{ id: string; title: string }> };
      scope.notificationsCreated = [];
      const create = chrome.notifications.create.bind(chrome.notifications) as (...args: unknown[]) => unknown;
      (chrome.notifications as unknown as { create: unknown }).create = (...args: unknown[]) => {
        scope.notificationsCreated.push({ id: String(args[0]), title: (args[1] as { title: string }).title });
        return create(...args);
      };
    });
  });
  beforeEach(async () => {
    await ext.background(() => void ((globalThis as unknown as { notificationsCreated: unknown[] }).notificationsCreated.length = 0));
  });
  return () => ext.background(() => [...(globalThis as unknown as { notificationsCreated: CreatedNotification[] }).notificationsCreated]);
}
