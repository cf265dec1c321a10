document.getElementById('app')!.textContent = '';
// The same mark the real popup sets once its card is on screen (see bench/popup-time.ts).
performance.mark('popup-rendered');
