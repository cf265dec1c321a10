import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { jobErrorText } from '@/utils/job-errors';
import { refOf, type RequestRecord } from '@/utils/requests';
import { episodePageUrl } from '@/utils/stenobird/urls';
import { requestHistory, settings } from '@/utils/storage';
import { openTranscriptView } from '@/utils/transcript-view';

/**
 * The end of a followed request, told with a browser notification (unless switched off in the
 * settings). A click opens the transcript (a job's transcript view), or the episode's Stenobird page.
 */

const PREFIX = 'stenobird-request:';

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Title and message of the notification for an ended request or job. */
function wording(record: RequestRecord): { title: string; message: string } {
  const title = clip(record.title);
  if (record.phase !== 'available') {
    const error = record.lastError;
    if (record.kind === 'job') {
      return { title: i18n.t('notifyJobFailedTitle'), message: i18n.t('notifyFailedMessage', [title, error ? jobErrorText(error) : i18n.t('jobFailed')]) };
    }
    return { title: i18n.t('notifyFailedTitle'), message: i18n.t('notifyFailedMessage', [title, error?.message ?? i18n.t('statusFailed')]) };
  }
  if (record.kind !== 'job') return { title: i18n.t('notifyReadyTitle'), message: i18n.t('notifyReadyMessage', [title]) };
  return record.job?.requested === 'preview'
    ? { title: i18n.t('notifyPreviewReadyTitle'), message: i18n.t('notifyPreviewReadyMessage', [title]) }
    : { title: i18n.t('notifyJobReadyTitle'), message: i18n.t('notifyJobReadyMessage', [title]) };
}

export async function announce(record: RequestRecord): Promise<void> {
  if (!(await settings.get()).notifications) return;
  await browser.notifications.create(`${PREFIX}${record.key}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    ...wording(record),
  });
  await requestHistory.update((records) => {
    const stored = records[record.key];
    if (stored) stored.notifiedAt = Date.now();
  });
}

async function openFor(notificationId: string): Promise<void> {
  if (!notificationId.startsWith(PREFIX)) return;
  const record = await requestHistory.get(notificationId.slice(PREFIX.length));
  await browser.notifications.clear(notificationId);
  if (!record) return;
  // A job's text is in its transcript view (there is no page of it to open).
  if (record.kind === 'job') return openTranscriptView(record.key);
  const ref = refOf(record);
  const url = record.transcriptUrl ?? (ref ? episodePageUrl((await settings.get()).baseUrl, ref) : record.pageUrl);
  await browser.tabs.create({ url });
}

export function registerNotificationClicks(): void {
  browser.notifications.onClicked.addListener((id) => void openFor(id));
}
