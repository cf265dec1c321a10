import type { ElementHandle, Page } from 'puppeteer-core';
import type { TestLocator, TestPage } from '../harness';
import { locate, probe, type Probe, type Query, type TextMatch } from './locate';

/**
 * A puppeteer page in Firefox, behind the cross-browser `TestPage` (the part of Playwright's Page
 * the tests use), so one test file drives both browsers. Locators wait as Playwright's do: reads
 * of one element (`textContent`, `getAttribute`…) and actions wait until exactly one element
 * matches (more than one is an error, as in Playwright's strict mode); actions also wait until it
 * is visible and enabled; `count`, `isVisible` and `allTextContents` answer at once.
 */

/** How long a locator waits for its element: well inside the 60 s test timeout, generous on a loaded machine. */
const WAIT_MS = 30_000;
const POLL_MS = 50;

/** What the page needs from the Firefox session around it. */
export interface FirefoxPageHost {
  /** Moves a page to a URL (extension pages send no load event in Firefox: this polls instead). */
  navigate(page: FirefoxPage, url: string): Promise<void>;
  reload(page: FirefoxPage): Promise<void>;
  /** Firefox has no per-page media emulation over BiDi: the content colour scheme is a browser pref. */
  setColorScheme(scheme: 'light' | 'dark'): Promise<void>;
  /** Called after each load of an extension page: the console check hooks into it. */
  loaded(page: FirefoxPage): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function textMatch(value: string | RegExp): TextMatch {
  return typeof value === 'string' ? value : { source: value.source, flags: value.flags };
}

function describe(query: Query): string {
  const text = (t: TextMatch | undefined) => (t === undefined ? '' : typeof t === 'string' ? JSON.stringify(t) : `/${t.source}/${t.flags}`);
  switch (query.kind) {
    case 'css':
      return `locator(${JSON.stringify(query.css)})`;
    case 'role':
      return `getByRole(${query.role}${query.name !== undefined ? `, name ${text(query.name)}` : ''}${query.level ? `, level ${query.level}` : ''})`;
    case 'text':
      return `getByText(${text(query.text)})`;
    case 'label':
      return `getByLabel(${text(query.text)})`;
  }
}

/** The page-side source of a probe: `locate` and `probe` serialised together, the query as JSON. */
function probeSource(query: Query, what: Probe): string {
  return `(() => { const locate = ${locate.toString()}; return (${probe.toString()})(${JSON.stringify(query)}, ${JSON.stringify(what)}); })()`;
}

function elementSource(query: Query): string {
  return `(${locate.toString()})(${JSON.stringify(query)})[0]`;
}

class FirefoxLocator implements TestLocator {
  constructor(
    private readonly page: FirefoxPage,
    private readonly query: Query,
  ) {}

  private probe<T>(what: Probe): Promise<T> {
    return this.page.raw.evaluate(probeSource(this.query, what)) as Promise<T>;
  }

  /** Waits until exactly one element matches (and, for actions, can be acted on); returns it. */
  private async one(actionable = false): Promise<ElementHandle<Element>> {
    const deadline = Date.now() + WAIT_MS;
    let last = 'no element matches';
    for (;;) {
      const count = await this.probe<number>('count').catch(() => 0);
      if (count > 1) throw new Error(`${describe(this.query)}: strict mode violation, ${count} elements match`);
      if (count === 1) {
        const handle = (await this.page.raw.evaluateHandle(elementSource(this.query))).asElement() as ElementHandle<Element> | null;
        if (handle) {
          const ready = !actionable || (await handle.evaluate((el) => {
            const box = el.getBoundingClientRect();
            const visible = box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true });
            return visible && !(el as HTMLButtonElement).disabled;
          }));
          if (ready) return handle;
          last = 'the element is not visible and enabled';
          await handle.dispose();
        }
      }
      if (Date.now() > deadline) throw new Error(`${describe(this.query)}: timed out after ${WAIT_MS} ms (${last})`);
      await sleep(POLL_MS);
    }
  }

  private async read<R, A = undefined>(fn: (el: Element, arg: A) => R, arg?: A): Promise<R> {
    const handle = await this.one();
    try {
      return (await handle.evaluate(fn as never, arg)) as R;
    } finally {
      await handle.dispose();
    }
  }

  count(): Promise<number> {
    return this.probe<number>('count');
  }

  async isVisible(): Promise<boolean> {
    const visible = await this.probe<boolean | 'many'>('visible');
    if (visible === 'many') throw new Error(`${describe(this.query)}: strict mode violation, several elements match`);
    return visible;
  }

  allTextContents(): Promise<string[]> {
    return this.probe<string[]>('texts');
  }

  textContent(): Promise<string | null> {
    return this.read((el) => el.textContent);
  }

  getAttribute(name: string): Promise<string | null> {
    return this.read((el, attribute: string) => el.getAttribute(attribute), name);
  }

  inputValue(): Promise<string> {
    return this.read((el) => (el as HTMLInputElement).value);
  }

  isChecked(): Promise<boolean> {
    return this.read((el) => (el as HTMLInputElement).checked);
  }

  isDisabled(): Promise<boolean> {
    return this.read((el) => (el as HTMLButtonElement).disabled || el.getAttribute('aria-disabled') === 'true');
  }

  async isEnabled(): Promise<boolean> {
    return !(await this.isDisabled());
  }

  evaluate<R, E extends HTMLElement | SVGElement = HTMLElement | SVGElement>(fn: (element: E) => R | Promise<R>): Promise<R> {
    return this.read(fn as unknown as (el: Element) => R);
  }

  private async act(action: (handle: ElementHandle<Element>) => Promise<void>): Promise<void> {
    const handle = await this.one(true);
    try {
      await handle.scrollIntoView();
      await action(handle);
    } finally {
      await handle.dispose();
    }
  }

  /** A real pointer click at the element's centre (BiDi input actions), as a user's. */
  click(): Promise<void> {
    return this.act((handle) => handle.click());
  }

  /** Two real clicks in a row at one point, as a double click. */
  dblclick(): Promise<void> {
    return this.act((handle) => handle.click({ count: 2 }));
  }

  /** Focuses the field, selects what it holds and types over it (or deletes it), as Playwright's `fill`. */
  fill(value: string): Promise<void> {
    return this.act(async (handle) => {
      await handle.evaluate((el) => {
        (el as HTMLInputElement).focus();
        (el as HTMLInputElement).select();
      });
      if (value === '') await this.page.raw.keyboard.press('Backspace');
      else await this.page.raw.keyboard.type(value);
    });
  }

  private async setChecked(checked: boolean): Promise<void> {
    if ((await this.isChecked()) !== checked) await this.click();
    if ((await this.isChecked()) !== checked) throw new Error(`${describe(this.query)}: clicking did not ${checked ? 'check' : 'uncheck'} it`);
  }

  check(): Promise<void> {
    return this.setChecked(true);
  }

  uncheck(): Promise<void> {
    return this.setChecked(false);
  }
}

export class FirefoxPage implements TestPage {
  /** The last address the harness knows: Firefox sends no navigation events for extension pages. */
  private knownUrl: string;

  constructor(
    readonly raw: Page,
    private readonly host: FirefoxPageHost,
    url = raw.url(),
  ) {
    this.knownUrl = url;
  }

  /** The BiDi browsing context (tab) the page is. */
  get contextId(): string {
    return contextIdOf(this.raw);
  }

  url(): string {
    const current = this.raw.url();
    return current && current !== 'about:blank' ? current : this.knownUrl;
  }

  setKnownUrl(url: string): void {
    this.knownUrl = url;
  }

  async goto(url: string): Promise<void> {
    this.knownUrl = url;
    if (url.startsWith('moz-extension:')) await this.host.navigate(this, url);
    else await this.raw.goto(url, { waitUntil: 'load' });
  }

  async reload(): Promise<void> {
    if (this.url().startsWith('moz-extension:')) await this.host.reload(this);
    else await this.raw.reload({ waitUntil: 'load' });
  }

  title(): Promise<string> {
    return this.raw.evaluate(() => document.title);
  }

  close(): Promise<void> {
    return this.raw.close();
  }

  bringToFront(): Promise<void> {
    return this.raw.bringToFront();
  }

  /**
   * Runs `fn(arg)` in the page. In an extension page `chrome` is the page's `browser` namespace,
   * as a test written for Chrome expects (Firefox's own `chrome.*` take callbacks, not promises).
   */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    const call = `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;
    const source = this.url().startsWith('moz-extension:') ? `(() => { const chrome = browser; return ${call}; })()` : call;
    return this.raw.evaluate(source) as Promise<R>;
  }

  async waitForFunction<A>(fn: (arg: A) => unknown, arg?: A): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!(await this.evaluate(fn, arg).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`waitForFunction timed out after ${WAIT_MS} ms: ${fn.toString().slice(0, 120)}`);
      await sleep(POLL_MS);
    }
  }

  locator(css: string): TestLocator {
    return new FirefoxLocator(this, { kind: 'css', css });
  }

  getByRole(role: string, options: { name?: string | RegExp; exact?: boolean; level?: number } = {}): TestLocator {
    return new FirefoxLocator(this, {
      kind: 'role',
      role,
      ...(options.name !== undefined ? { name: textMatch(options.name) } : {}),
      ...(options.exact !== undefined ? { exact: options.exact } : {}),
      ...(options.level !== undefined ? { level: options.level } : {}),
    });
  }

  getByText(text: string | RegExp, options: { exact?: boolean } = {}): TestLocator {
    return new FirefoxLocator(this, { kind: 'text', text: textMatch(text), ...(options.exact !== undefined ? { exact: options.exact } : {}) });
  }

  getByLabel(text: string | RegExp, options: { exact?: boolean } = {}): TestLocator {
    return new FirefoxLocator(this, { kind: 'label', text: textMatch(text), ...(options.exact !== undefined ? { exact: options.exact } : {}) });
  }

  get keyboard(): { press(key: string): Promise<void> } {
    return { press: (key) => this.raw.keyboard.press(key as never) };
  }

  setViewportSize(size: { width: number; height: number }): Promise<void> {
    return this.raw.setViewport(size);
  }

  /** Browser-wide in Firefox; waits until this page sees it (the pref reaches content processes in a moment). */
  async emulateMedia(options: { colorScheme: 'light' | 'dark' }): Promise<void> {
    await this.host.setColorScheme(options.colorScheme);
    await this.waitForFunction((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, options.colorScheme === 'dark');
  }

  async screenshot(options: { path: string }): Promise<unknown> {
    return this.raw.screenshot({ path: options.path as `${string}.png` });
  }
}

/** Puppeteer's BiDi frame keeps its browsing context id privately; the harness needs it for raw BiDi commands. */
export function contextIdOf(page: Page): string {
  const id = (page.mainFrame() as unknown as { _id?: unknown })._id;
  if (typeof id !== 'string') throw new Error('puppeteer-core changed: no browsing context id on the main frame');
  return id;
}
