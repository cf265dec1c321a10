import { execFileSync } from 'node:child_process';

/**
 * Builds the Chrome extension the browser tests drive, so they always test the current source.
 * `SKIP_BUILD=1` reuses an existing `.output/chrome-mv3` (e.g. right after `npm run build`).
 */
export default function setup(): void {
  if (process.env.SKIP_BUILD === '1') return;
  execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
}
