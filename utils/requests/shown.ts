import { i18n } from '#i18n';
import type { Episode } from '@/utils/episode';
import type { RequestOutcome, Shown } from '@/utils/messages';
import { currentReport } from '@/utils/tab-report';
import { sameRef } from '@/utils/stenobird/urls';
import { knownResolution } from '@/utils/tab-state';
import { identified } from '@/utils/catalogue/identify-show';

/**
 * Act only on what is shown (issue 12). The popup reads a tab's episode once, when it opens; the
 * tab may move on meanwhile (a link followed, a page loaded, a single-page site's `pushState`).
 * Each popup action therefore names what the popup shows (`Shown`, see `utils/messages.ts`), and
 * the background acts only if the tab's page confirms that very episode now: a click never
 * requests, or bills a transcription of, an episode the user was not shown.
 *
 * The right-click menu and the keyboard shortcut have no such question: they act on the page at
 * the moment of the click, which is what the user sees then (`utils/menus/request-without-popup.ts`).
 * Both paths read the tab's episode the same way (`currentReport`, confirmed by the page) and hand
 * it to the same service (`requestTranscript`, `transcribeAudio`).
 */

/** What an action needs of the shown episode: its page (catalogue actions) or its audio too (a transcription). */
export type ShownNeed = 'page' | 'audio';

export type ShownCheck = { ok: true; episode: Episode } | { ok: false; outcome: RequestOutcome & { ok: false } };

function refused(message: string): ShownCheck {
  // `bad-request`: the action was for something the tab no longer has; nothing was sent.
  return { ok: false, outcome: { ok: false, error: { kind: 'bad-request', message }, movedOn: true } };
}

/**
 * The tab's episode as its page confirms it now, if it is the one shown; else why not, as an
 * outcome the popup shows (`movedOn`) before drawing what the tab shows now.
 */
export async function checkShown(tabId: number, shown: Shown, need: ShownNeed = 'page'): Promise<ShownCheck> {
  const report = await currentReport(tabId);
  if (report?.status !== 'episode') return refused(i18n.t('shownGone'));
  // As the popup was shown it: with what the show's feed adds to a page that names no show (read then, kept a day).
  const episode = await identified(report.episode);
  if (episode.pageUrl !== shown.pageUrl) return refused(i18n.t('shownMovedOn'));
  if (need === 'audio' && (!shown.audioUrl || episode.audioUrl !== shown.audioUrl)) return refused(i18n.t('shownMovedOn'));
  if (shown.ref) {
    // Only what is known without a request (stated slugs, the cached look-up): a catalogue that
    // now places this page elsewhere is not what the popup showed.
    const known = await knownResolution(episode);
    if (known?.status === 'found' && !sameRef(known.ref, shown.ref)) return refused(i18n.t('shownMovedOn'));
  }
  return { ok: true, episode };
}

/** Runs `act` on the tab's episode only if it is the one shown (see `checkShown`). */
export async function onShown(tabId: number, shown: Shown, need: ShownNeed, act: (episode: Episode) => Promise<RequestOutcome>): Promise<RequestOutcome> {
  const check = await checkShown(tabId, shown, need);
  return check.ok ? act(check.episode) : check.outcome;
}
