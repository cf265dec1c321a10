import type { TabState } from '@/utils/messages';
import { currentReport } from '@/utils/tab-report';
import { foundCatalogue, tabStateOf } from '@/utils/tab-state';
import { identified } from './identify-show';
import { resolveWithStatus } from './refresh-status';

/**
 * The popup's "look this episode up": the tab's state, with the catalogue's answer and status
 * (read again when 15 minutes old, `refresh-status.ts`), or why it could not be had. The episode
 * is the page's with what its show's feed adds when the page names no show (`identify-show.ts`).
 */
export async function resolveTab(tabId: number): Promise<TabState> {
  const report = await currentReport(tabId);
  const episode = report?.status === 'episode' ? await identified(report.episode) : undefined;
  const result = episode ? await resolveWithStatus(episode) : undefined;
  const state = await tabStateOf(episode ? { status: 'episode', episode } : report);
  if (state.status !== 'episode') return state;
  // The popup says why the catalogue could not be checked (offline, rate limited, …).
  if (result?.status === 'error') return { ...state, catalogue: result };
  // Not even asked: the show is not known. Said as such, never as "not in the catalogue".
  if (result?.status === 'unidentified') return { ...state, catalogue: result };
  // The answer itself, not the cache read back: a cache storage would not take still shows it.
  if (result?.status === 'found') {
    const catalogue = foundCatalogue(result);
    return { ...state, catalogue: result.refreshError ? { ...catalogue, refreshError: result.refreshError } : catalogue };
  }
  return state;
}
