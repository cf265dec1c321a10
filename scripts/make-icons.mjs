// Renders scripts/icon.svg to public/icon/<size>.png (the extension's icon, and the toolbar icon
// on an episode page) and scripts/icon-inactive.svg to public/icon-inactive/<size>.png (the
// toolbar icon where there is nothing to do), with headless Chromium.
// Run by hand after changing an SVG: `node scripts/make-icons.mjs`. The PNGs are committed.
import { chromium } from 'playwright-core';
import { readFile, mkdir } from 'node:fs/promises';

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [source, folder] of [['icon.svg', 'icon'], ['icon-inactive.svg', 'icon-inactive']]) {
  const svg = await readFile(new URL(`./${source}`, import.meta.url), 'utf8');
  await mkdir(new URL(`../public/${folder}/`, import.meta.url), { recursive: true });
  for (const size of [16, 32, 48, 96, 128]) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: new URL(`../public/${folder}/${size}.png`, import.meta.url).pathname, omitBackground: true });
  }
}
await browser.close();
