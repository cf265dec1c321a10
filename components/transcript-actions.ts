import { i18n } from '#i18n';
import { transcriptFileName, transcriptMarkdown, transcriptPlainText, type TranscriptMeta } from '@/utils/transcript-export';
import { el } from './dom';

/**
 * What a finished transcript offers: copy, download as `.txt` or `.md` (each with the episode's
 * facts as a header), and the result at Stenobird or, for a publisher's transcript, the
 * publisher's own file. Outcomes are announced through `announce`.
 */
export function transcriptActions(options: {
  text: () => string;
  meta: TranscriptMeta;
  resultUrl?: string;
  sourceUrl?: string;
  announce: (text: string, tone?: 'info' | 'error') => void;
}): HTMLElement {
  const { text, meta, announce } = options;
  const button = (label: string, run: () => void | Promise<void>) => {
    const node = el('button', { className: 'secondary', text: label, attrs: { type: 'button' } });
    node.addEventListener('click', () => void run());
    return node;
  };
  const copy = button(i18n.t('copyText'), async () => {
    try {
      await navigator.clipboard.writeText(text());
      announce(i18n.t('copied'));
    } catch {
      announce(i18n.t('copyFailed'), 'error');
    }
  });
  const txt = button(i18n.t('downloadTxt'), () => download(transcriptFileName(meta, 'txt'), transcriptPlainText(meta, text()), 'text/plain'));
  const md = button(i18n.t('downloadMd'), () => download(transcriptFileName(meta, 'md'), transcriptMarkdown(meta, text()), 'text/markdown'));
  const result = options.resultUrl
    ? el('a', { className: 'secondary', text: i18n.t('openResult'), attrs: { href: options.resultUrl, target: '_blank', rel: 'noopener noreferrer' } })
    : null;
  const source = options.sourceUrl
    ? el('a', { className: 'secondary', text: i18n.t('openPublisherFile'), attrs: { href: options.sourceUrl, target: '_blank', rel: 'noopener noreferrer' } })
    : null;
  return el('div', { className: 'transcript-actions' }, [copy, txt, md, result, source]);
}

/** Saves a string as a file through the browser's own download (no `downloads` permission). */
function download(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${type};charset=utf-8` }));
  const link = el('a', { attrs: { href: url, download: name, hidden: '' } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
