import { chromium } from 'playwright';
import { AxeBuilder } from '@axe-core/playwright';
import { chromiumLaunch } from '../playwright.config.ts';

const browser = await chromium.launch(chromiumLaunch);
for (const scheme of ['light', 'dark'] as const) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.log('pageerror:', err.message));
  const check = async (label: string) => {
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    console.log(scheme, label, 'violations:', result.violations.map((v) => `${v.id}(${v.impact}, ${v.nodes.length})`).join(' ') || 'none');
    for (const v of bad) for (const node of v.nodes.slice(0, 3)) console.log('   ', v.id, node.target.join(' '), node.failureSummary?.split('\n')[1]);
  };
  await page.goto('http://127.0.0.1:5180/');
  await page.waitForTimeout(1500);
  if (await page.getByTestId('sign-out').count()) {
    await page.getByTestId('sign-out').click();
    await page.waitForTimeout(1000);
  }
  if (await page.getByTestId('sign-in-email').count()) {
    await check('sign-in');
    await page.getByTestId('sign-in-email').fill('agent@demo.test');
    await page.getByTestId('sign-in-password').fill('nope');
    await page.getByTestId('sign-in-submit').click();
    await page.waitForTimeout(800);
    await check('sign-in error');
    await page.getByTestId('sign-in-password').fill('demo1234');
    await page.getByTestId('sign-in-submit').click();
    await page.waitForTimeout(2000);
  }
  await check('inbox');
  await page.getByTestId('tab-queue').click();
  await page.locator('[data-testid^="conversation-row-"]').first().click();
  await page.waitForTimeout(1000);
  await check('queue conversation');
  await page.getByTestId('tab-mine').click();
  await page.locator('[data-testid^="conversation-row-"]').nth(1).click();
  await page.waitForTimeout(1000);
  await check('my conversation');
  await page.keyboard.press('Control+k');
  await page.waitForTimeout(300);
  await check('palette');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.waitForTimeout(300);
  await check('shortcuts');
  await page.keyboard.press('Escape');
  await page.getByTestId('action-reassign').click();
  await page.waitForTimeout(500);
  await check('reassign');
  await page.keyboard.press('Escape');
  await page.getByTestId('open-settings').click();
  await page.waitForTimeout(300);
  await check('settings');
  await page.keyboard.press('Escape');
  await context.close();
}
await browser.close();
