import type { TabState } from '@/utils/messages';
import { currentReport } from '@/utils/tab-report';
import { tabStateOf } from '@/utils/tab-state';
import { resolveEpisode } from './resolve-episode';

/** The popup's "look this episode up": the tab's state, with the catalogue's answer (or why it could not be had). */
export async function resolveTab(tabId: number): Promise<TabState> {
  const report = await currentReport(tabId);
  const result = report?.status === 'episode' ? await resolveEpisode(report.episode) : undefined;
  const state = await tabStateOf(report);
  // The popup says why the catalogue could not be checked (offline, rate limited, …).
  if (result?.status === 'error' && state.status === 'episode') return { ...state, catalogue: result };
  return state;
}

