import { chromium, type Page } from 'playwright';
import { chromiumLaunch } from '../playwright.config.ts';

const out = 'e2e/screenshots';
const base = 'http://127.0.0.1:5180/';
const browser = await chromium.launch(chromiumLaunch);

async function signIn(page: Page) {
  await page.goto(base);
  await page.waitForTimeout(1500);
  if (await page.getByTestId('sign-out').count()) {
    await page.getByTestId('sign-out').click();
    await page.waitForTimeout(800);
  }
}

async function login(page: Page) {
  await page.getByTestId('sign-in-email').fill('agent@demo.test');
  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('status-bar').waitFor();
  await page.waitForTimeout(1500);
}

{
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  page.on('pageerror', (err) => console.log('pageerror:', err.message));
  await signIn(page);
  await page.screenshot({ path: `${out}/sign-in.png` });
  await page.getByTestId('sign-in-email').fill('agent@demo.test');
  await page.getByTestId('sign-in-password').fill('not-the-password');
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('sign-in-error').waitFor();
  await page.screenshot({ path: `${out}/sign-in-error.png` });
  await login(page);
  await page.getByTestId('tab-queue').click();
  await page.screenshot({ path: `${out}/inbox-queue.png` });
  await page.locator('[data-testid^="conversation-row-"]').first().click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/conversation-queued.png` });
  await page.getByTestId('tab-mine').click();
  await page.locator('[data-testid^="conversation-row-"]').last().click();
  await page.waitForTimeout(800);
  await page.getByTestId('composer-input').fill('Hi! Our status page is https://status.example.com and <b>this stays text</b>.');
  await page.getByTestId('composer-input').press('Enter');
  await page.waitForTimeout(800);
  const png = await page.locator('.logo, [data-testid="conversation-title"]').first().screenshot();
  await page.getByTestId('composer-attach').setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: png });
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `${out}/conversation.png` });
  const image = page.locator('.image-button').last();
  if (await image.count()) {
    await image.click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/lightbox.png` });
    await page.keyboard.press('Escape');
    console.log('lightbox closed by Esc:', (await page.getByTestId('lightbox').count()) === 0);
  } else console.log('no image row');
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('go');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/command-palette.png` });
  await page.keyboard.press('Escape');
  await page.close();
}
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark', locale: 'it-IT' });
  page.on('pageerror', (err) => console.log('pageerror:', err.message));
  await signIn(page);
  await login(page);
  await page.getByTestId('tab-mine').click();
  await page.locator('[data-testid^="conversation-row-"]').first().click();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: `${out}/conversation-dark-it.png` });
  await page.close();
}
await browser.close();
