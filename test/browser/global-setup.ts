import { execFileSync } from 'node:child_process';

/**
 * Builds the extension the browser tests drive (`.output/chrome-mv3`, or `.output/firefox-mv2`
 * for `TEST_BROWSER=firefox`), so they always test the current source. `SKIP_BUILD=1` reuses an
 * existing build (e.g. right after `npm run build`).
 */
export default function setup(): void {
  if (process.env.SKIP_BUILD === '1') return;
  const firefox = process.env.TEST_BROWSER === 'firefox';
  execFileSync('npx', ['wxt', 'build', ...(firefox ? ['-b', 'firefox'] : [])], { stdio: 'inherit' });
}
