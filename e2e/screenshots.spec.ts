/**
 * Writes e2e/screenshots/<screen>-<scheme>.png (1280×800) of the screens a customer sees first: sign-in, the
 * inbox, a conversation with its details, and the offline state with a reply waiting to be sent. They are for
 * people to look at (review, docs); each is taken only once the screen shows what it is meant to show.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';

const screenshotDir = join(import.meta.dirname, 'screenshots');

test.use({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });

async function capture(page: Page, name: string) {
  // Nothing mid-transition, no blinking caret: the same screen gives the same picture.
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshots: sign-in, inbox, conversation, offline (${colorScheme})`, async ({ page, agent, tiledesk }) => {
    await page.emulateMedia({ colorScheme });

    await agent.fillSignIn();
    await expect(page.getByTestId('sign-in-submit')).toBeEnabled();
    await capture(page, `sign-in-${colorScheme}`);

    await agent.submitSignIn();
    await agent.openTab('queue');
    await expect(page.getByTestId('conversation-list')).toContainText('Daniel Kim');
    await capture(page, `inbox-${colorScheme}`);

    await agent.openTab('mine');
    await page.getByTestId('conversation-list').getByText('Sofia Rossi').click();
    await expect(page.getByTestId('conversation-title')).toHaveText('Sofia Rossi');
    await expect(page.getByTestId('message-list')).toContainText('Could our company firewall be blocking it?');
    await expect(page.getByTestId('side-panel')).toBeVisible();
    await capture(page, `conversation-${colorScheme}`);

    await tiledesk.stop();
    await page.reload();
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await agent.openTab('mine');
    await page.getByTestId('conversation-list').getByText('Sofia Rossi').click();
    await expect(page.getByTestId('message-list')).toContainText('Could our company firewall be blocking it?');
    await agent.reply('It could be: please ask your IT team to allow no-reply@example.com.');
    await expect(page.getByTestId('outbox-pending')).toBeVisible();
    await capture(page, `offline-${colorScheme}`);
  });
}
