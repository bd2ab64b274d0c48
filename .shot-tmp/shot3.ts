import { chromium } from 'playwright';
import { chromiumLaunch } from '../playwright.config.ts';

const base = 'http://127.0.0.1:5180/';
const out = '/tmp/shots';
const bigId = process.argv[2]!;
const browser = await chromium.launch(chromiumLaunch);
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('pageerror', (err) => console.log('pageerror:', err.message));
page.on('console', (msg) => msg.type() === 'error' && console.log('console:', msg.text()));
await page.goto(base);
await page.waitForTimeout(1500);
if (await page.getByTestId('sign-in-email').count()) {
  await page.getByTestId('sign-in-email').fill('agent@demo.test');
  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.getByTestId('sign-in-submit').click();
  await page.waitForTimeout(2000);
}
await page.getByTestId('tab-mine').click();
const started = Date.now();
await page.getByTestId(`conversation-row-${bigId}`).click();
await page.locator('[data-testid^="message-"][data-author]').last().waitFor();
console.log('open ms', Date.now() - started);
for (let i = 0; i < 8; i++) { await page.waitForTimeout(1000); console.log(i, (await page.locator('[data-testid="message-list"] [data-author]').last().innerText()).replace(/\n/g,' ').slice(0, 80)); }
const nodes = () => page.locator('[data-testid="message-list"] [data-testid^="message-"][data-author]').count();
console.log('message nodes after open', await nodes(), 'dom elements in list', await page.locator('[data-testid="message-list"] *').count());
await page.screenshot({ path: `${out}/9-big-${'bottom'}.png` });
const lastText = await page.locator('[data-testid="message-list"] [data-author]').last().innerText();
console.log('last visible:', lastText.slice(0, 80));
for (let i = 0; i < 6; i++) {
  await page.getByTestId('message-list').evaluate((el) => (el.scrollTop = 0));
  await page.waitForTimeout(700);
}
const firstVisible = await page.getByTestId('message-list').evaluate((el) => {
  const top = el.getBoundingClientRect().top;
  const rows = [...el.querySelectorAll('[data-author]')] as HTMLElement[];
  const row = rows.find((r) => r.getBoundingClientRect().bottom > top + 40);
  return row?.innerText.slice(0, 60);
});
console.log('after scrolling up: nodes', await nodes(), 'first visible', firstVisible);
await page.screenshot({ path: `${out}/10-big-scrolled.png` });
await browser.close();
