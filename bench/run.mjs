// `npm run bench`: builds the extension and the empty floor, then prints every figure the issues
// budget, each beside its budget and, where the budget is a ratio, beside the same figure for the
// empty floor measured in the same run (the machine may be busy: read the ratios). Figures are
// printed, never asserted: tests do not time anything.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { detectionTable } from './detect-timing.mjs';
import { printTable, sizeTable } from './sizes.mjs';

const root = resolve(import.meta.dirname, '..');
const quiet = { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] };
execFileSync('npx', ['wxt', 'build'], quiet);
execFileSync('npx', ['wxt', 'build', 'bench/floor'], quiet);
execFileSync('npx', ['wxt', 'build', 'bench/floor-zod'], quiet);

console.log('\nBundle sizes (Chrome MV3 build; gzip per file, level 9; a page counts its HTML)\n');
printTable(sizeTable(resolve(root, '.output/chrome-mv3'), resolve(root, 'bench/floor/.output/chrome-mv3')));

console.log('\nDetection per corpus page (headless Chromium; median of 31 batches; "document reads" = property reads on the document, 0 where no detector claims the address)\n');
printTable(await detectionTable());

// Timings in headless Chromium, written in TypeScript against the test harness (run by jiti),
// one browser each: the content script, the popup, a history write, the worker's wake-ups.
for (const script of ['content-script', 'popup-time', 'history-write', 'worker-wake']) {
  execFileSync('npx', ['jiti', `bench/${script}.ts`], { cwd: root, stdio: 'inherit' });
}
