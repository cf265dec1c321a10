/**
 * How the Firefox leg finds what a test names (`getByRole`, `getByText`, `getByLabel`, `locator`)
 * in a page: one function, serialised into the page with each call (puppeteer's BiDi has no
 * Playwright selector engine). It follows Playwright's rules for the cases the tests use:
 *
 * - role: explicit `role`, else the element's implicit role (h1–h6 heading, button, a[href] link,
 *   output status, checkbox, textbox); hidden elements (not rendered, `aria-hidden`) are left out;
 * - accessible name: `aria-labelledby`, `aria-label`, a form control's `<label>`, else its
 *   content (text, and `alt` of images inside), else `title`;
 * - text matching: whitespace collapsed; a string matches case-insensitively as a substring
 *   (exactly, case and all, with `exact: true`); a RegExp is tested against the whole text;
 * - `getByText` yields the innermost elements whose text matches (not every ancestor too).
 *
 * Self-contained (no imports, no outer names): its source is what runs in the page.
 */

export type TextMatch = string | { source: string; flags: string };

export type Query =
  | { kind: 'css'; css: string }
  | { kind: 'role'; role: string; name?: TextMatch; exact?: boolean; level?: number }
  | { kind: 'text'; text: TextMatch; exact?: boolean }
  | { kind: 'label'; text: TextMatch; exact?: boolean };

export function locate(query: Query): Element[] {
  const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
  const matches = (value: string, want: TextMatch, exact: boolean | undefined): boolean => {
    const text = normalize(value);
    if (typeof want !== 'string') return new RegExp(want.source, want.flags).test(text);
    return exact ? text === normalize(want) : text.toLowerCase().includes(normalize(want).toLowerCase());
  };
  const hidden = (el: Element): boolean => {
    if (el.closest('[aria-hidden="true"]')) return true;
    return !el.checkVisibility({ visibilityProperty: true });
  };
  const implicitRole = (el: Element): string | undefined => {
    const tag = el.localName;
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'button') return 'button';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'output') return 'status';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') {
      const type = (el as HTMLInputElement).type;
      if (type === 'checkbox') return 'checkbox';
      if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
      if (['text', 'url', 'email', 'password', 'search', 'tel'].includes(type)) return 'textbox';
    }
    return undefined;
  };
  const roleOf = (el: Element) => el.getAttribute('role')?.trim().split(/\s+/)[0] || implicitRole(el);
  const contentText = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (!(node instanceof Element)) return '';
    if (node.localName === 'script' || node.localName === 'style' || hidden(node)) return '';
    const label = node.getAttribute('aria-label');
    if (label) return ` ${label} `;
    if (node.localName === 'img') return ` ${node.getAttribute('alt') ?? ''} `;
    return [...node.childNodes].map(contentText).join('');
  };
  const labelsOf = (el: Element): string[] => {
    const byIds = el.getAttribute('aria-labelledby');
    if (byIds) return [byIds.split(/\s+/).map((id) => contentText(document.getElementById(id) ?? document.createElement('i'))).join(' ')];
    const aria = el.getAttribute('aria-label');
    if (aria) return [aria];
    const labels = (el as HTMLInputElement).labels;
    return labels ? [...labels].map(contentText) : [];
  };
  const nameOf = (el: Element): string => {
    const labels = labelsOf(el);
    if (labels.length > 0) return labels.join(' ');
    const role = roleOf(el);
    if (role && ['button', 'link', 'heading', 'checkbox', 'listitem', 'cell', 'tab', 'option'].includes(role)) {
      const text = normalize(el.localName === 'input' ? (el as HTMLInputElement).value : contentText(el));
      if (text) return text;
    }
    return el.getAttribute('title') ?? '';
  };
  const all = [...document.querySelectorAll('body *')];
  switch (query.kind) {
    case 'css':
      return [...document.querySelectorAll(query.css)];
    case 'role':
      return all.filter((el) => {
        if (roleOf(el) !== query.role || hidden(el)) return false;
        if (query.level !== undefined) {
          const level = Number(el.getAttribute('aria-level') ?? /^h([1-6])$/.exec(el.localName)?.[1]);
          if (level !== query.level) return false;
        }
        return query.name === undefined || matches(nameOf(el), query.name, query.exact);
      });
    case 'text': {
      const candidates = all.filter((el) => el.localName !== 'script' && el.localName !== 'style' && matches(el.textContent ?? '', query.text, query.exact));
      const set = new Set(candidates);
      return candidates.filter((el) => ![...el.children].some((child) => set.has(child)));
    }
    case 'label':
      return all.filter((el) => ['input', 'textarea', 'select'].includes(el.localName) || el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby'))
        .filter((el) => labelsOf(el).some((label) => matches(label, query.text, query.exact)));
  }
}

/** What the adapter reads or checks about the one element (or all) a query finds, in the page. */
export type Probe = 'count' | 'visible' | 'texts';

export function probe(query: Query, what: Probe): unknown {
  const found = locate(query);
  switch (what) {
    case 'count':
      return found.length;
    case 'visible': {
      // Playwright's rule: a non-empty box and not `visibility: hidden`; false when nothing matches.
      const el = found[0];
      if (!el || found.length > 1) return found.length > 1 ? 'many' : false;
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true });
    }
    case 'texts':
      return found.map((el) => el.textContent ?? '');
  }
}
