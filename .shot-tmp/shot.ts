import { chromium } from 'playwright';
import { chromiumLaunch } from '../playwright.config.ts';

const base = process.env.APP ?? 'http://127.0.0.1:5180/';
const out = process.env.OUT ?? '/tmp/shots';
const scheme = (process.env.SCHEME ?? 'light') as 'light' | 'dark';
const browser = await chromium.launch(chromiumLaunch);
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
page.on('console', (msg) => console.log('console:', msg.type(), msg.text()));
page.on('pageerror', (err) => console.log('pageerror:', err.message));
await page.goto(base);
await page.waitForTimeout(1500);
await page.screenshot({ path: `${out}/1-start-${scheme}.png` });
if (await page.getByTestId('sign-in-email').count()) {
  await page.getByTestId('sign-in-email').fill('agent@demo.test');
  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.screenshot({ path: `${out}/2-sign-in-${scheme}.png` });
  await page.getByTestId('sign-in-submit').click();
  await page.waitForTimeout(2500);
}
await page.screenshot({ path: `${out}/3-after-sign-in-${scheme}.png` });
console.log(await page.locator('body').innerText().then((t) => t.slice(0, 600)));
await browser.close();
