// A reference beside the empty popup (bench/popup-time.ts): a page that draws one stored value,
// doing what any popup showing a tab's stored state must do first, and nothing more: one read of
// session storage and one of the tab, at once. The real popup then reads what the value names.
const tabId = Number(new URLSearchParams(location.search).get('tab') ?? 0);
Promise.all([chrome.storage.session.get(`tab:${tabId}`), chrome.tabs.get(tabId).catch(() => undefined)]).then(([stored]) => {
  document.getElementById('app')!.textContent = JSON.stringify(stored);
  performance.mark('popup-card');
  performance.mark('popup-complete');
});
