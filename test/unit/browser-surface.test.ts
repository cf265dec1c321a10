import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { detectInFetchedPage } from '@/utils/pages/parse-page';
import { applyToolbar } from '@/utils/toolbar/paint';
import { handleOffscreenMessage } from '@/entrypoints/offscreen/handle-message';
import type { Episode } from '@/utils/episode';
import { tabReports } from '@/utils/storage';
import { openTranscriptView } from '@/utils/transcript-view';
import config from '@/wxt.config';

/**
 * Each unit-test run stands for one build (see test/unit/vitest.firefox.config.ts): WXT's build
 * constants are that browser's, and the extension's own code, given that browser's API, does what
 * the build does there, with what that build's manifest (wxt.config.ts) declares. This runs in
 * both runs; each checks its own browser, and either would fail had the code or the manifest
 * taken the other browser's way.
 */
const BROWSER = import.meta.env.BROWSER as 'chrome' | 'firefox';
const isFirefox = BROWSER === 'firefox';
type Manifest = Record<string, unknown> & { permissions: string[] };
const manifest = (config.manifest as (env: object) => Manifest)({
  browser: BROWSER,
  manifestVersion: Number(import.meta.env.MANIFEST_VERSION),
  mode: 'production',
  command: 'build',
});
const api = fakeBrowser as unknown as Record<string, Record<string, unknown> | undefined>;

const PAGE = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
const html = readFileSync(resolve(import.meta.dirname, '../fixtures/fireside/elixir-wizards-s14-e05.html'), 'utf8');

beforeEach(() => {
  fakeBrowser.reset();
});

describe(`the ${BROWSER} unit-test run`, () => {
  it(`is WXT's ${isFirefox ? 'Firefox MV2' : 'Chrome MV3'} build, whose manifest names the toolbar button ${isFirefox ? 'browser_action' : 'action'}`, ({ task }) => {
    // The run's name (`test.name` in its vitest config) says which build it must be.
    const run = task.file.projectName;
    expect([run, BROWSER, String(import.meta.env.MANIFEST_VERSION)]).toEqual(run === 'firefox' ? ['firefox', 'firefox', '2'] : ['chrome', 'chrome', '3']);
    expect(Object.keys(manifest).filter((key) => key === 'action' || key === 'browser_action')).toEqual([isFirefox ? 'browser_action' : 'action']);
  });

  it('paints the toolbar button through the API that manifest key gives the extension', async () => {
    const episode: Episode = { source: 'stenobird', pageUrl: 'https://stenobird.com/podcast/p/e', title: 'An episode' };
    await tabReports.set(1, { status: 'episode', episode });
    await applyToolbar(1);
    const toolbar = (isFirefox ? api.browserAction : api.action) as { getBadgeText(d: { tabId: number }): Promise<string> };
    expect(await toolbar.getBadgeText({ tabId: 1 })).toBe('●');
  });

  it(`reads a fetched page ${isFirefox ? 'with DOMParser in the background page, no offscreen permission' : 'in an offscreen document, with the offscreen permission'}`, async () => {
    expect(manifest.permissions.includes('offscreen')).toBe(!isFirefox);
    const createDocument = vi.fn(async () => undefined);
    if (!isFirefox) {
      // What Chrome does with the worker's message: deliver it to the offscreen document.
      Object.assign(api.offscreen!, { createDocument, closeDocument: vi.fn(async () => undefined) });
      Object.assign(api.runtime!, {
        getContexts: vi.fn(async () => []),
        sendMessage: vi.fn(async (message: unknown) => handleOffscreenMessage(message, { id: fakeBrowser.runtime.id })),
      });
    } else {
      expect(api.offscreen).toBeUndefined();
    }
    expect(await detectInFetchedPage(html, PAGE)).toMatchObject({ kind: 'episode', episode: { pageUrl: PAGE, title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin' } });
    expect(createDocument.mock.calls).toEqual(isFirefox ? [] : [[expect.objectContaining({ url: '/offscreen.html', reasons: ['DOM_PARSER'] })]]);
  });

  it(`opens the transcript view ${isFirefox ? 'in a tab (no side panel in its manifest)' : 'in the side panel its manifest declares'}`, async () => {
    expect([manifest.permissions.includes('sidePanel'), 'side_panel' in manifest]).toEqual(isFirefox ? [false, false] : [true, true]);
    const open = vi.fn(async () => undefined);
    // Where the manifest declares the panel, the browser gives the extension its API.
    if (manifest.permissions.includes('sidePanel')) api.sidePanel = { setOptions: vi.fn(async () => undefined), open };
    else delete api.sidePanel;
    await openTranscriptView('job-1', 5);
    const tabs = (await fakeBrowser.tabs.query({})).map((tab) => tab.url).filter((url) => url?.includes('transcript.html'));
    if (isFirefox) {
      expect(tabs).toEqual([expect.stringContaining('transcript.html?job=job-1')]);
    } else {
      expect(open).toHaveBeenCalledWith({ tabId: 5 });
      expect(tabs).toEqual([]);
    }
  });
});
