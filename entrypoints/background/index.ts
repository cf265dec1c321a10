import { defineBackground } from 'wxt/utils/define-background';
import { registerCommands } from '@/utils/menus/command';
import { registerContextMenu } from '@/utils/menus/context-menu';
import { registerFollowUp } from './follow-up';
import { registerNotificationClicks } from '@/utils/notifications';
import { registerSitePermissionCleanup } from '@/utils/always-detect/registered-scripts';
import { registerMessageRouter } from './router';
import { registerToolbar } from '@/utils/toolbar/paint';
import { becomeSettingsOwner } from '@/utils/settings/owner';
import { becomeHistoryOwner } from '@/utils/requests/history-writer';

/**
 * Wiring only. Every listener is registered synchronously in the first turn: an MV3 worker
 * woken by an event only delivers it to listeners that exist by the end of that turn.
 */
export default defineBackground(() => {
  // The settings' one writer: settings an older version left in storage.local move out once
  // installed or updated.
  becomeSettingsOwner();
  // The request history's one writer: records an older version kept in one value move to a key each.
  becomeHistoryOwner();
  registerMessageRouter();
  registerToolbar();
  registerFollowUp();
  registerNotificationClicks();
  registerSitePermissionCleanup();
  registerContextMenu();
  registerCommands();
});
