import type { TabState } from '@/utils/messages';
import { currentReport } from '@/utils/tab-report';
import { foundCatalogue, tabStateOf } from '@/utils/tab-state';
import { resolveWithStatus } from './refresh-status';

/**
 * The popup's "look this episode up": the tab's state, with the catalogue's answer and status
 * (read again when 15 minutes old, `refresh-status.ts`), or why it could not be had.
 */
export async function resolveTab(tabId: number): Promise<TabState> {
  const report = await currentReport(tabId);
  const result = report?.status === 'episode' ? await resolveWithStatus(report.episode) : undefined;
  const state = await tabStateOf(report);
  if (state.status !== 'episode') return state;
  // The popup says why the catalogue could not be checked (offline, rate limited, …).
  if (result?.status === 'error') return { ...state, catalogue: result };
  // The answer itself, not the cache read back: a cache storage would not take still shows it.
  if (result?.status === 'found') {
    const catalogue = foundCatalogue(result);
    return { ...state, catalogue: result.refreshError ? { ...catalogue, refreshError: result.refreshError } : catalogue };
  }
  return state;
}
