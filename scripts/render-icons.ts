/**
 * Renders the app icon, the tray icons (plain, 1..9, 9+, "!") and the Windows taskbar overlay badges from
 * SVG with Chromium, into resources/. Run after changing the artwork: `node scripts/render-icons.ts`;
 * the PNGs are committed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';
import { chromiumLaunch } from '../playwright.config.ts';

const resourcesDir = resolve(import.meta.dirname, '../resources');
const brand = { from: '#1a73e8', to: '#0b4fb3', alert: '#d93025', attention: '#f29900' };
const font = "'DejaVu Sans', 'Segoe UI', Arial, sans-serif";
const badgeLabels = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9plus', 'attention'] as const;

/** The app glyph on a 64-unit grid: a rounded square with a speech bubble. */
function glyph(): string {
  return `
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${brand.from}"/><stop offset="1" stop-color="${brand.to}"/></linearGradient></defs>
    <rect x="2" y="2" width="60" height="60" rx="14" fill="url(#g)"/>
    <path d="M16 18h32a6 6 0 0 1 6 6v14a6 6 0 0 1-6 6H30l-9 8v-8h-5a6 6 0 0 1-6-6V24a6 6 0 0 1 6-6z" fill="#fff"/>
    <circle cx="23" cy="31" r="3" fill="${brand.to}"/><circle cx="32" cy="31" r="3" fill="${brand.to}"/><circle cx="41" cy="31" r="3" fill="${brand.to}"/>`;
}

function badgeText(label: (typeof badgeLabels)[number]): string {
  return label === '9plus' ? '9+' : label === 'attention' ? '!' : label;
}

/** A badge circle of the given centre/radius on the 64-unit grid. */
function badge(label: (typeof badgeLabels)[number], cx: number, cy: number, r: number): string {
  const text = badgeText(label);
  const fill = label === 'attention' ? brand.attention : brand.alert;
  const size = text.length > 1 ? r * 1.15 : r * 1.45;
  return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" stroke="#fff" stroke-width="${r / 6}"/>
    <text x="${cx}" y="${cy}" dy="0.36em" text-anchor="middle" font-family="${font}" font-weight="bold" font-size="${size}" fill="#fff">${text}</text>`;
}

function svg(body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="100%" height="100%">${body}</svg>`;
}

const browser = await chromium.launch(chromiumLaunch);
const page = await browser.newPage();

async function render(file: string, size: number, markup: string): Promise<void> {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${markup}</body></html>`);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  const path = join(resourcesDir, file);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, png);
}

try {
  for (const size of [512, 256]) await render(`icons/${size}x${size}.png`, size, svg(glyph()));
  await render('icon.png', 512, svg(glyph()));

  for (const [suffix, size] of [['', 32], ['@2x', 64]] as const) {
    await render(`tray/tray${suffix}.png`, size, svg(glyph()));
    for (const label of badgeLabels) await render(`tray/tray-${label}${suffix}.png`, size, svg(glyph() + badge(label, 44, 20, 19)));
  }
  // Windows taskbar overlay: the badge alone, drawn by the shell over the app icon's corner.
  for (const label of badgeLabels) await render(`badge/badge-${label}.png`, 32, svg(badge(label, 32, 32, 29)));
  console.log(`icons written to ${resourcesDir}`);
} finally {
  await browser.close();
}
