import { chromium } from 'playwright';
import { chromiumLaunch } from '../playwright.config.ts';
const browser = await chromium.launch(chromiumLaunch);
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('pageerror', (err) => console.log('pageerror:', err.message));
await page.goto('http://127.0.0.1:5180/');
await page.waitForTimeout(1500);
await page.getByTestId('tab-mine').click();
await page.locator('[data-testid^="conversation-row-"]').nth(1).click();
for (let i = 0; i < 15; i++) {
  await page.waitForTimeout(1000);
  const status = await page.getByTestId('connection-status').innerText();
  const pending = await page.locator('[data-delivery="pending"], [data-delivery="sending"], [data-delivery="failed"]').count();
  console.log(i, status, 'undelivered rows', pending, await page.getByTestId('outbox-pending').innerText().catch(() => 'outbox empty'));
  if (status === 'Online' && pending === 0) break;
}
await page.screenshot({ path: '/tmp/shots/reconnected.png' });
await browser.close();
