import { contentMessageSchema } from '@/utils/messages';
import type { Sender } from '@/utils/senders';
import { isPlainHttp } from '@/utils/sites';
import type { TabReport } from '@/utils/storage';
import { storeReport } from '@/utils/tab-report';
import { applyToolbar, showsOwnLook } from '@/utils/toolbar/paint';

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** A content script reports what its page is; the background keeps it for the tab. */
export function handleContentMessage(message: unknown, sender: Sender & { tab: { id: number }; url: string }): Promise<null> | undefined {
  const parsed = contentMessageSchema.safeParse(message);
  if (!parsed.success) return undefined;
  const msg = parsed.data;
  const tabId = sender.tab.id;
  // A page sent over plain http may have been rewritten on its way: nothing it says is kept.
  if (isPlainHttp(sender.url)) return Promise.resolve(null);
  if (msg.type === 'episode-detected') {
    // A page may only describe itself: an episode whose URL is on another site is refused.
    if (!sameOrigin(msg.episode.pageUrl, sender.url)) return undefined;
    return keepReport(tabId, { status: 'episode', episode: msg.episode });
  }
  return keepReport(tabId, { status: 'not-episode', reason: msg.reason });
}

/**
 * A page's report, stored (utils/tab-report.ts) and painted. A tab that no longer shows the look
 * painted for it has loaded another document since: what it showed of a link goes.
 */
async function keepReport(tabId: number, report: TabReport): Promise<null> {
  const changed = await storeReport(tabId, report, { newPage: !(await showsOwnLook(tabId)) });
  // A change repaints the tab by itself (toolbar.ts); the same report again (a reload, whose
  // look the browser reset) changes nothing in storage, so it is painted here.
  if (!changed) await applyToolbar(tabId, 'always');
  return null;
}

