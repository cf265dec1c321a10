import { describe, expect, it } from 'vitest';
import { BROWSER } from './harness';
import { useExtension } from './session';

/**
 * The console check itself (`useExtension`'s afterEach, harness.ts): an error or a warning from
 * the extension's pages or its background is seen, so it would fail the test it happened in.
 * Each test here provokes one on purpose and takes it with `expectConsoleProblem`, which fails
 * when the check never sees it; left untaken, the afterEach check fails the test instead.
 */

const firefox = BROWSER === 'firefox';
const ext = useExtension();

describe('the console check', () => {
  it('sees an error thrown in an extension page', async () => {
    const page = await ext.openExtensionPage('transcript.html');
    await page.evaluate(() => void setTimeout(() => {
      throw new Error('thrown on purpose in an extension page');
    }));
    expect(await ext.expectConsoleProblem(/thrown on purpose in an extension page/)).toContain(ext.origin);
  });

  it('sees a rejection nobody handles in an extension page', async () => {
    const page = await ext.openExtensionPage('options.html');
    await page.evaluate(() => void Promise.reject(new Error('rejected on purpose in an extension page')));
    expect(await ext.expectConsoleProblem(/rejected on purpose in an extension page/)).toContain(ext.origin);
  });

  it('sees console.warn in an extension page', async () => {
    const page = await ext.openExtensionPage('options.html');
    await page.evaluate(() => console.warn('warned on purpose in an extension page'));
    expect(await ext.expectConsoleProblem(/warned on purpose in an extension page/)).toContain('console.warn');
  });

  it('sees console.error in the background', async () => {
    // Firefox: the background page's own console (the harness page reaches it); Chrome: the worker's.
    if (firefox) await ext.background(async () => ((await chrome.runtime.getBackgroundPage()) as unknown as typeof globalThis).console.error('logged on purpose in the background'));
    else await ext.background(() => console.error('logged on purpose in the background'));
    expect(await ext.expectConsoleProblem(/logged on purpose in the background/)).toMatch(/^background: console\.error/);
  });

  it('sees an error thrown in the background', async () => {
    if (firefox) {
      await ext.background(async () => {
        const background = (await chrome.runtime.getBackgroundPage()) as unknown as typeof globalThis;
        void background.Promise.reject(new background.Error('thrown on purpose in the background'));
      });
    } else {
      await ext.background(() => void setTimeout(() => {
        throw new Error('thrown on purpose in the background');
      }));
    }
    await ext.expectConsoleProblem(/thrown on purpose in the background/);
  });

  it('is clean when nothing went wrong: a popup opened and closed', async () => {
    const page = await ext.open('https://stenobird.com/docs');
    const popup = await ext.openPopup(await ext.tabIdOf(page));
    await popup.close();
    expect(await ext.consoleProblems()).toEqual([]);
  });
});
