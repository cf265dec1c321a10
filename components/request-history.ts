import { i18n } from '#i18n';
import { formatRelative } from '@/utils/format';
import { refOf, transcriptViewUrl, type RequestRecord } from '@/utils/requests';
import { episodePageUrl } from '@/utils/stenobird/urls';
import { el } from './dom';
import { requestLine } from './stenobird-status';

type ListOptions = { baseUrl: string; locale: string; now: number };

/** One request as a row: its episode (a link), when it was requested, where it stands. */
function row(record: RequestRecord, options: ListOptions): HTMLLIElement {
  const ref = refOf(record);
  // A transcribed audio's text is in its transcript view.
  const href = record.kind === 'job' ? transcriptViewUrl(record.key) : (record.transcriptUrl ?? (ref ? episodePageUrl(options.baseUrl, ref) : record.pageUrl));
  const [tone, status] = requestLine(record);
  return el('li', {}, [
    el('a', { className: 'history-title', text: record.title, attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }),
    record.showName ? el('span', { className: 'history-show', text: record.showName }) : null,
    el('span', { className: 'history-meta' }, [
      el('span', { text: i18n.t('historyRequested', [formatRelative(record.requestedAt, options.now, options.locale)]) }),
      el('span', { className: `history-status ${tone}`, text: status }),
    ]),
  ]);
}

/** A history shown in a page, kept current one row at a time. */
export interface LiveHistoryList {
  /** The list (or the note that it is empty), for the page to place once. */
  readonly root: HTMLElement;
  /** How many requests it shows. */
  readonly size: number;
  /** One record changed (`undefined`: it is gone): its row alone is drawn again, moved, added or removed. */
  update(key: string, record: RequestRecord | undefined, now: number): void;
}

/**
 * The request history, newest first: each episode (a link to its transcript, its transcript view
 * for transcribed audio, its Stenobird page or the page it was requested from), when it was
 * requested, and where the request stands. A change redraws only its own row: 200 rows are
 * not rebuilt because one request moved on.
 */
export function liveRequestHistoryList(records: RequestRecord[], options: { baseUrl: string; locale: string }, now: number): LiveHistoryList {
  const root = el('div', { className: 'history-list' });
  const list = el('ul', { className: 'history' });
  const empty = el('p', { className: 'empty-note', text: i18n.t('optionsHistoryEmpty') });
  const rows = new Map<string, { record: RequestRecord; li: HTMLLIElement }>();
  const requestedAt = new WeakMap<Element, number>();
  for (const record of [...records].sort((a, b) => b.requestedAt - a.requestedAt)) {
    const li = row(record, { ...options, now });
    rows.set(record.key, { record, li });
    requestedAt.set(li, record.requestedAt);
    list.append(li);
  }
  const showEmpty = () => root.replaceChildren(rows.size ? list : empty);
  showEmpty();
  return {
    root,
    get size() {
      return rows.size;
    },
    update(key, record, at) {
      const old = rows.get(key);
      if (!record) {
        if (!old) return;
        old.li.remove();
        rows.delete(key);
        if (rows.size === 0) showEmpty();
        return;
      }
      const li = row(record, { ...options, now: at });
      rows.set(key, { record, li });
      if (old && old.record.requestedAt === record.requestedAt) {
        requestedAt.set(li, record.requestedAt);
        return old.li.replaceWith(li);
      }
      old?.li.remove();
      // Newest first: before the first row requested earlier (the rows are in that order).
      const before = [...list.children].find((other) => (requestedAt.get(other) ?? 0) < record.requestedAt) ?? null;
      requestedAt.set(li, record.requestedAt);
      list.insertBefore(li, before);
      if (rows.size === 1) showEmpty();
    },
  };
}

/** The same history drawn once, as a static list (or the note that it is empty). */
export function requestHistoryList(records: RequestRecord[], options: ListOptions): HTMLElement {
  const live = liveRequestHistoryList(records, options, options.now);
  return live.root.firstElementChild as HTMLElement;
}
