import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * The two unit-test runs really do test two builds: WXT's build constants and the fake
 * browser's shape agree with the browser each project stands for (see test/unit/vitest.firefox.config.ts).
 */
describe(`the ${import.meta.env.BROWSER} unit-test run`, () => {
  const api = fakeBrowser as unknown as Record<string, unknown>;

  it.runIf(import.meta.env.BROWSER === 'chrome')('is Chrome MV3: action, contextMenus and offscreen, no browserAction in use', () => {
    expect(String(import.meta.env.MANIFEST_VERSION)).toBe('3');
    expect(api.action).toBeDefined();
    expect(api.offscreen).toBeDefined();
    expect(api.menus).toBeUndefined();
  });

  it.runIf(import.meta.env.BROWSER === 'firefox')('is Firefox MV2: browserAction and menus, no action and no offscreen', () => {
    expect(String(import.meta.env.MANIFEST_VERSION)).toBe('2');
    expect(api.action).toBeUndefined();
    expect(api.offscreen).toBeUndefined();
    expect(api.browserAction).toBeDefined();
    expect(api.menus).toBeDefined();
  });
});
