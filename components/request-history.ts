import { i18n } from '#i18n';
import { formatRelative } from '@/utils/format';
import { refOf, transcriptViewUrl, type RequestRecord } from '@/utils/requests';
import { episodePageUrl } from '@/utils/stenobird/urls';
import { el } from './dom';
import { requestLine } from './stenobird-status';

/**
 * The request history, newest first: each episode (a link to its transcript, its transcript view
 * for transcribed audio, its Stenobird page or the page it was requested from), when it was requested, and where the request stands.
 */
export function requestHistoryList(records: RequestRecord[], options: { baseUrl: string; locale: string; now: number }): HTMLElement {
  if (records.length === 0) return el('p', { className: 'empty-note', text: i18n.t('optionsHistoryEmpty') });
  const newestFirst = [...records].sort((a, b) => b.requestedAt - a.requestedAt);
  return el(
    'ul',
    { className: 'history' },
    newestFirst.map((record) => {
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
    }),
  );
}
