document.getElementById('app')!.textContent = '';
// The marks the real popup sets once its card, then everything, is drawn (see bench/popup-time.ts):
// an empty popup has nothing more to draw.
performance.mark('popup-card');
performance.mark('popup-complete');
