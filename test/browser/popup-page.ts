import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { ExtensionSession, TestPage } from './harness';
import { FirefoxPage } from './firefox/page';

/** A page opened in a new tab, once its content script has reported: the tab and the report. */
export async function reportedTab(ext: ExtensionSession, url: string): Promise<{ page: TestPage; tabId: number; report: unknown }> {
  const page = await ext.open(url);
  const tabId = await ext.tabIdOf(page);
  const report = await ext.waitForReport(tabId);
  return { page, tabId, report };
}

/** The popup of a page opened in a new tab, once the page has reported and the popup is fully drawn (its look-up answered). */
export async function popupOnPage(ext: ExtensionSession, url: string): Promise<TestPage> {
  return ext.openPopup((await reportedTab(ext, url)).tabId);
}

/** The popup's user-visible pieces, for tests that drive it as a person would. */
export const popupParts = (popup: TestPage) => ({
  title: popup.getByRole('heading', { level: 1 }),
  status: popup.getByRole('status'),
  primary: popup.locator('main button.primary'),
  button: (name: RegExp | string) => popup.getByRole('button', { name }),
});

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * axe-core's WCAG A/AA rules on the page as it is now; returns the violations. Chromium:
 * @axe-core/playwright; Firefox: the same axe-core, its source evaluated in the page.
 */
export async function axeViolations(page: TestPage): Promise<string[]> {
  let violations: AxeViolation[];
  if (page instanceof FirefoxPage) {
    violations = (await page.raw.evaluate(`(async () => {
      if (!window.axe) { ${AXE_SOURCE} }
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } });
      return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
    })()`)) as AxeViolation[];
  } else {
    violations = (await new AxeBuilder({ page: page as Page as never }).withTags(AXE_TAGS).analyze()).violations;
  }
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

/**
 * Screenshots of the popup in its states, used by the README. Taken at the popup's real width,
 * in light and dark, in Chromium only: the committed pictures are Chrome's.
 */
export async function screenshotPopup(popup: TestPage, name: string): Promise<void> {
  if (popup instanceof FirefoxPage) return;
  mkdirSync(SHOTS, { recursive: true });
  // Times of day ("sent again at 02:31") change every run; in the picture they read 09:30, so a
  // committed screenshot changes only when the popup does. Tests assert before this is called.
  await popup.evaluate(() => {
    for (const el of document.querySelectorAll('.announcer, .stenobird-status li')) {
      el.textContent = el.textContent!.replace(/\b\d{1,2}:\d{2}(:\d{2})?(\s?[AP]M)?/g, '09:30');
    }
  });
  const height = await popup.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  await popup.setViewportSize({ width: 360, height });
  for (const scheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.screenshot({ path: `${SHOTS}/popup-${name}-${scheme}.png` });
  }
  await popup.emulateMedia({ colorScheme: 'light' });
}

/** A popup state passes axe in light and in dark, and (Chromium) is pictured for the README. */
export async function checkPopupState(popup: TestPage, name: string): Promise<void> {
  expect(await axeViolations(popup)).toEqual([]);
  await popup.emulateMedia({ colorScheme: 'dark' });
  expect(await axeViolations(popup)).toEqual([]);
  await popup.emulateMedia({ colorScheme: 'light' });
  await screenshotPopup(popup, name);
}
