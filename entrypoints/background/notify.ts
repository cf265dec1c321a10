import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { refOf, type RequestRecord } from '@/utils/requests';
import { episodePageUrl } from '@/utils/stenobird/urls';
import { requestHistory, settings } from '@/utils/storage';

/**
 * The end of a followed request, told with a browser notification (unless switched off in the
 * settings). A click opens the transcript, or the episode's Stenobird page.
 */

const PREFIX = 'stenobird-request:';

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export async function announce(record: RequestRecord): Promise<void> {
  if (!(await settings.get()).notifications) return;
  const available = record.phase === 'available';
  await browser.notifications.create(`${PREFIX}${record.key}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: available ? i18n.t('notifyReadyTitle') : i18n.t('notifyFailedTitle'),
    message: available
      ? i18n.t('notifyReadyMessage', [clip(record.title)])
      : i18n.t('notifyFailedMessage', [clip(record.title), record.lastError?.message ?? i18n.t('statusFailed')]),
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
  const ref = refOf(record);
  const url = record.transcriptUrl ?? (ref ? episodePageUrl((await settings.get()).baseUrl, ref) : record.pageUrl);
  await browser.tabs.create({ url });
}

export function registerNotificationClicks(): void {
  browser.notifications.onClicked.addListener((id) => void openFor(id));
}
