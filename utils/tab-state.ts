import type { Episode } from './episode';
import type { TabState } from './messages';
import { jobKey, requestKey, unresolvedKey } from './requests';
import type { StenobirdError } from './stenobird/errors';
import { parseEpisodePageUrl, sameRef, type CatalogueRef } from './stenobird/urls';
import { episodeStored, historyRecord, resolutions, sessionTabs, settings, tabReports, type CatalogueStatus, type Resolution, type TabFacts, type TabReport } from './storage';
import { isFresh } from './catalogue/catalogue-status';
import { currentReport } from './tab-report';

/**
 * What the extension knows about a tab, from storage and the tab's page (its report, confirmed
 * by the page: `utils/tab-report.ts`). The popup reads it directly rather than asking the
 * background: opening the popup then never waits for a sleeping service worker to wake, and
 * the background's answers (badge, messages) come from this same function.
 */

export type ResolveResult =
  /** `catalogueStatus`: the catalogue's status as last read (maybe stale, see `isFresh`); absent: never read. */
  | { status: 'found'; ref: CatalogueRef; catalogueStatus?: CatalogueStatus }
  | { status: 'missing' }
  /** No candidate could be built: the show is not known (contract §6.3). Never cached: not the catalogue's answer. */
  | { status: 'unidentified' }
  | { status: 'error'; error: StenobirdError };

/** What a look-up needs of an episode (a record kept while unsent has no more than this). */
export type Resolvable = Pick<Episode, 'pageUrl' | 'title' | 'showName' | 'stenobird'>;

/** The slugs a page states itself, with no request: a Stenobird page, or a detector that found them. */
export async function statedRef(episode: Resolvable, configuredBase?: string): Promise<CatalogueRef | undefined> {
  if (episode.stenobird) return { podcastSlug: episode.stenobird.podcastSlug, episodeSlug: episode.stenobird.episodeSlug };
  const baseUrl = configuredBase ?? (await settings.shown()).baseUrl;
  return URL.canParse(episode.pageUrl) ? parseEpisodePageUrl(new URL(episode.pageUrl), baseUrl) : undefined;
}

/**
 * What is known without any request: stated slugs or an unexpired cached answer, with the
 * catalogue's status as last read (however old: see `isFresh`). `baseUrl`: the configured one,
 * when the caller has read the settings already (a request reads them once).
 */
export async function knownResolution(episode: Resolvable, now = Date.now(), baseUrl?: string): Promise<ResolveResult | undefined> {
  // Both read at once.
  const [ref, cached] = await Promise.all([statedRef(episode, baseUrl), resolutions.get(episode.pageUrl, now)]);
  return knownFrom(ref, cached);
}

/** What stated slugs and a cached look-up tell together. A page whose address states its slugs has a cached entry for its status alone. */
function knownFrom(ref: CatalogueRef | undefined, cached: Resolution | undefined): ResolveResult | undefined {
  if (ref) {
    // The status counts only when it was read for these slugs.
    const same = sameRef(ref, cached?.ref);
    return { status: 'found', ref, ...(same && cached?.status && { catalogueStatus: cached.status }) };
  }
  if (!cached) return undefined;
  return cached.ref ? { status: 'found', ref: cached.ref, ...(cached.status && { catalogueStatus: cached.status }) } : { status: 'missing' };
}

/** A found episode as the tab's state tells it: its slugs, and the catalogue's status with its age. */
export function foundCatalogue(found: ResolveResult & { status: 'found' }, now = Date.now()) {
  const status = found.catalogueStatus;
  return {
    status: 'found' as const,
    ...found.ref,
    transcriptUrl: status?.transcriptUrl,
    ...(status && {
      processingState: status.processingState,
      requested: status.request && { status: status.request.status, at: status.request.requestedAt },
      checkedAt: status.checkedAt,
    }),
    // Older than 15 minutes, or never read: drawn as it is, and read again (`refresh-status.ts`).
    stale: !isFresh(status, now),
  };
}

/**
 * The content script's report, any request on record (and any transcription of its audio), and
 * what is already known of the episode's place in the catalogue. Makes no request: a look-up is asked for separately
 * (`resolve-tab`), so the popup can draw at once.
 */
export async function getTabState(tabId: number): Promise<TabState> {
  return tabStateOf(await currentReport(tabId));
}

/**
 * The tab's report and state, for the popup's card: what storage holds for the stored report is
 * read at once, while the page is still being asked to confirm that report (it usually does),
 * rather than after its answer. A report the page does not confirm is read for again.
 * `baseUrl`: the configured one, from the settings the popup is reading anyway.
 */
export async function currentTabState(tabId: number, baseUrl?: Promise<string>): Promise<{ report: TabReport | undefined; state: TabState }> {
  const storedRead = tabReports.get(tabId);
  const early = storedRead.then((report) => tabStateOf(report, baseUrl));
  // Settled either way here, so an early read left unused is never an unhandled rejection.
  early.catch(() => undefined);
  const report = await currentReport(tabId, storedRead);
  const confirmed = report !== undefined && report === (await storedRead);
  return { report, state: confirmed ? await early : await tabStateOf(report, baseUrl) };
}

/** The same, from a report already read. */
export async function tabStateOf(report: TabReport | undefined, baseUrl?: Promise<string>): Promise<TabState> {
  if (!report) return { status: 'unknown' };
  if (report.status === 'not-episode') return report;
  const { episode } = report;
  const now = Date.now();
  // Slugs the page states name their record: it is read with the look-up and the records kept
  // under the page (while unresolved) and its audio (a transcription), all in one read.
  const ref = await statedRef(episode, await baseUrl);
  const keys = [unresolvedKey(episode.pageUrl), ...(episode.audioUrl ? [jobKey(episode.audioUrl)] : []), ...(ref ? [requestKey(ref)] : [])];
  const { resolution, records } = await episodeStored(episode.pageUrl, keys, now);
  const known = knownFrom(ref, resolution);
  const found = known?.status === 'found' ? known : undefined;
  // Slugs found by a look-up instead name a record only now.
  const resolved = found && (found.ref === ref ? records[requestKey(ref)] : await historyRecord(requestKey(found.ref)));
  const request = resolved ?? records[unresolvedKey(episode.pageUrl)];
  const job = episode.audioUrl ? records[jobKey(episode.audioUrl)] : undefined;
  const catalogue = known?.status === 'missing' ? { status: 'missing' as const } : found ? foundCatalogue(found, now) : undefined;
  return { status: 'episode', episode, request, job, catalogue };
}

/**
 * The tabs whose toolbar look involves one of `keys` (request records just changed): a link
 * right-clicked there and requested under that key, or the tab's episode's request (by its
 * catalogue episode, as far as it is known without a request, or by its page) or its audio's
 * job. One read of the tabs' stored state, and of settings and cached look-ups only when a
 * catalogue request changed; no record is read.
 */
export async function tabsShowing(keys: ReadonlySet<string>, now = Date.now()): Promise<number[]> {
  const tabs = await sessionTabs();
  const showing: number[] = [];
  // A catalogue request's key names its catalogue episode: only then do the tabs' episodes need resolving.
  const catalogueChanged = [...keys].some((key) => !key.startsWith(unresolvedKey('')) && !key.startsWith(jobKey('')));
  const unmatched: Array<[number, NonNullable<TabFacts['episode']>]> = [];
  for (const [tabId, { episode, linkKey }] of tabs) {
    if (
      (linkKey !== undefined && keys.has(linkKey)) ||
      (episode && (keys.has(unresolvedKey(episode.pageUrl)) || (episode.audioUrl !== undefined && keys.has(jobKey(episode.audioUrl)))))
    ) {
      showing.push(tabId);
    } else if (episode && catalogueChanged) unmatched.push([tabId, episode]);
  }
  if (unmatched.length === 0) return showing;
  const { baseUrl } = await settings.get();
  const stated = (episode: NonNullable<TabFacts['episode']>) =>
    episode.stenobird ?? (URL.canParse(episode.pageUrl) ? parseEpisodePageUrl(new URL(episode.pageUrl), baseUrl) : undefined);
  const cached = await resolutions.getMany(
    unmatched.filter(([, episode]) => !stated(episode)).map(([, episode]) => episode.pageUrl),
    now,
  );
  for (const [tabId, episode] of unmatched) {
    const ref = stated(episode) ?? cached.get(episode.pageUrl)?.ref;
    if (ref && keys.has(requestKey(ref))) showing.push(tabId);
  }
  return showing;
}
