import { describe, expect, it } from 'vitest';
import config from '@/wxt.config';

/**
 * The manifest each build starts from (wxt.config.ts): the same features in both browsers, each
 * in its own browser's words. `npm run lint:firefox` checks the built Firefox manifest itself.
 */
type Manifest = Record<string, unknown> & { permissions: string[]; commands: Record<string, { suggested_key: { default: string } }> };
const manifestFor = (browser: 'chrome' | 'firefox', manifestVersion: 2 | 3) =>
  (config.manifest as (env: object) => Manifest)({ browser, manifestVersion, mode: 'production', command: 'build' });

describe('the manifest', () => {
  const chrome = manifestFor('chrome', 3);
  const firefox = manifestFor('firefox', 2);

  it('asks each browser for the menu API in its own name; offscreen only where the worker has no DOM', () => {
    expect(chrome.permissions).toEqual(expect.arrayContaining(['contextMenus', 'offscreen', 'notifications', 'storage']));
    expect(firefox.permissions).toEqual(expect.arrayContaining(['menus', 'notifications', 'storage']));
    expect(firefox.permissions).not.toContain('offscreen');
    expect(chrome.host_permissions).toEqual(['https://stenobird.com/*', 'https://*.fireside.fm/*']);
    expect(firefox.host_permissions).toEqual(chrome.host_permissions);
  });

  it('has the request shortcut and the popup shortcut in both, on keys the browsers leave free', () => {
    expect(chrome.commands).toMatchObject({ 'request-transcript': { suggested_key: { default: 'Alt+Shift+R' } }, _execute_action: { suggested_key: { default: 'Alt+Shift+P' } } });
    expect(firefox.commands).toMatchObject({ 'request-transcript': { suggested_key: { default: 'Alt+Shift+R' } }, _execute_browser_action: { suggested_key: { default: 'Alt+Shift+P' } } });
  });

  it('gives the toolbar button its grey icon in both (MV2 calls it browser_action)', () => {
    expect(chrome.action).toMatchObject({ default_icon: { 16: 'icon-inactive/16.png' } });
    expect(firefox.browser_action).toMatchObject({ default_icon: { 16: 'icon-inactive/16.png' } });
    expect(firefox.action).toBeUndefined();
  });

  it('gives the button the idle tooltip as its default, the one a tab shows until its page reports an episode', () => {
    expect(chrome.action).toMatchObject({ default_title: '__MSG_toolbarIdle__' });
    expect(firefox.browser_action).toMatchObject({ default_title: '__MSG_toolbarIdle__' });
  });
});
