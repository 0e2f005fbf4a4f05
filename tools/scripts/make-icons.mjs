#!/usr/bin/env node
// Renders the app icons (PNG, for the web app manifest) in Debian's Chromium; run once after
// changing the design: node tools/scripts/make-icons.mjs → apps/web/public/icons/*.png
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const out = process.argv[2] ?? 'apps/web/public/icons';
mkdirSync(out, { recursive: true });
/** any: rounded square; maskable: full bleed, the mark inside the central 80 % safe zone */
const svg = (maskable) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect width="100" height="100" ${maskable ? '' : 'rx="18"'} fill="#c8102e"/>
  <text x="50" y="${maskable ? 58 : 61}" font-size="${maskable ? 22 : 30}" font-weight="700" text-anchor="middle" fill="#fff"
    font-family="DejaVu Sans, Arial, sans-serif">10+N</text>
</svg>`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const page = await browser.newPage();
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['maskable-512.png', 512, true],
  ['apple-touch-icon-180.png', 180, true],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg(maskable).replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: `${out}/${name}`, omitBackground: !maskable });
  console.log(`${out}/${name}`);
}
await browser.close();
