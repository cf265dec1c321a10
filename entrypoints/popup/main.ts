import { browser } from 'wxt/browser';
import { el } from '@/components/dom';
import { episodeCard } from '@/components/episode-card';
import { requestPanel } from '@/components/request-panel';
import { requestOutcomeSchema, tabStateSchema, type PageMessage } from '@/utils/messages';

/**
 * The popup describes one tab: the one named by `?tab=<id>` (so it can also be opened as a page
 * and tested), else the active tab of the last focused normal window.
 */
async function targetTabId(): Promise<number | undefined> {
  const fromQuery = new URLSearchParams(location.search).get('tab');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const win = await browser.windows.getLastFocused({ windowTypes: ['normal'] });
  const [tab] = await browser.tabs.query({ active: true, windowId: win.id });
  return tab?.id;
}

async function ask(message: PageMessage): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

async function render(app: HTMLElement): Promise<void> {
  const tabId = await targetTabId();
  if (tabId === undefined) {
    app.replaceChildren(el('p', { className: 'empty', text: 'No tab to describe.' }));
    return;
  }
  const state = tabStateSchema.parse(await ask({ type: 'get-tab-state', tabId }));
  if (state.status !== 'episode') {
    app.replaceChildren(el('p', { className: 'empty', text: 'No podcast episode was found on this page.' }));
    return;
  }
  app.replaceChildren(
    episodeCard(state.episode),
    requestPanel(
      state.request,
      async () => {
        const answer = await ask({ type: 'request-transcript', tabId });
        const outcome = requestOutcomeSchema.safeParse(answer);
        return outcome.success
          ? outcome.data
          : { ok: false, error: { kind: 'malformed', message: 'The extension sent an answer the popup could not read.' } };
      },
      state.catalogue,
      async () => {
        const resolved = tabStateSchema.safeParse(await ask({ type: 'resolve-tab', tabId }).catch(() => undefined));
        return resolved.success && resolved.data.status === 'episode' ? resolved.data.catalogue : undefined;
      },
    ),
  );
}

const app = document.getElementById('app')!;
render(app)
  .catch(() => {
    app.replaceChildren(el('p', { className: 'empty', text: 'The extension could not read this tab’s state. Reload the page and try again.' }));
  })
  .finally(() => app.removeAttribute('aria-busy'));
