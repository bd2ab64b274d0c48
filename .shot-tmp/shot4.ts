import { chromium } from 'playwright';
import { chromiumLaunch } from '../playwright.config.ts';

const base = 'http://127.0.0.1:5180/';
const out = '/tmp/shots';
const scheme = (process.env.SCHEME ?? 'light') as 'light' | 'dark';
const step = process.argv[2] ?? 'all';
const browser = await chromium.launch(chromiumLaunch);
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
page.on('pageerror', (err) => console.log('pageerror:', err.message));
await page.goto(base);
await page.waitForTimeout(1500);
if (await page.getByTestId('sign-in-email').count()) {
  await page.screenshot({ path: `${out}/sign-in-${scheme}.png` });
  await page.getByTestId('sign-in-email').fill('agent@demo.test');
  await page.getByTestId('sign-in-password').fill('wrong-password');
  await page.getByTestId('sign-in-submit').click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/sign-in-error-${scheme}.png` });
  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.getByTestId('sign-in-submit').click();
  await page.waitForTimeout(2000);
}
await page.getByTestId('tab-mine').click();
await page.locator('[data-testid^="conversation-row-"]').nth(1).click();
await page.waitForTimeout(1200);
await page.screenshot({ path: `${out}/${step}-conversation-${scheme}.png` });
await page.getByTestId('tab-all').click();
await page.waitForTimeout(300);
await page.screenshot({ path: `${out}/${step}-inbox-${scheme}.png` });
if (step === 'offline') {
  await page.getByTestId('tab-mine').click();
  await page.locator('[data-testid^="conversation-row-"]').nth(1).click();
  await page.getByTestId('composer-input').fill('Typed while offline, must not be lost');
  await page.getByTestId('composer-input').press('Enter');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/${step}-reply-${scheme}.png` });
  console.log(await page.getByTestId('status-bar').innerText());
  console.log(await page.getByTestId('offline-banner').innerText().catch(() => 'no banner'));
}
await browser.close();
