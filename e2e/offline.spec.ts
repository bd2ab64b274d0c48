/**
 * The server vanishes (SIGKILL: no goodbye): after a reload the agent still reads the inbox and the history
 * from the offline cache, is told they are offline, and a reply typed meanwhile reaches the visitor exactly
 * once when the server is back.
 */
import { expect, test } from './fixtures/test.ts';

// The app's own reconnect backoff (up to 30 s) decides when the reply goes out: no shortcut through test hooks.
test.setTimeout(90_000);

test('offline: cached inbox and history after a reload, and a reply typed offline is delivered once on return', async ({ page, agent, visitor, tiledesk }) => {
  await agent.signIn();
  const nora = await visitor({ firstname: 'Nora', lastname: 'Lindqvist' });
  await nora.send('Hello, my parcel never arrived.');
  await agent.openConversation(nora.requestId, 'queue');
  await page.getByTestId('action-join').click();
  await agent.reply('Hi Nora, let me check that for you.');
  await expect.poll(() => nora.repliesReceived()).toEqual(['Hi Nora, let me check that for you.']);
  await nora.send('Order #10452, thanks.');
  await expect(page.getByTestId('message-list')).toContainText('Order #10452, thanks.');

  await tiledesk.stop();
  await page.reload();

  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('offline-banner')).toContainText('showing cached conversations');
  await agent.openTab('mine');
  await expect(agent.row(nora.requestId)).toContainText('Nora Lindqvist');
  // Demo conversations synced before the drop are there too.
  await agent.openTab('all');
  await expect(page.getByTestId('conversation-list')).toContainText('Sofia Rossi');

  await agent.openConversation(nora.requestId, 'mine');
  const history = page.getByTestId('message-list');
  await expect(history).toContainText('Hello, my parcel never arrived.');
  await expect(history).toContainText('Hi Nora, let me check that for you.');
  await expect(history).toContainText('Order #10452, thanks.');

  // What needs the server now is disabled and says why, instead of failing on click; replying still works.
  for (const action of ['action-leave', 'action-close', 'action-reassign', 'tag-input', 'note-input', 'availability-toggle']) {
    await expect(page.getByTestId(action), action).toBeDisabled();
    await expect(page.getByTestId(action), action).toHaveAttribute('title', 'Not available offline');
  }
  await expect(page.getByTestId('composer-input')).toBeEnabled();

  const offlineReply = 'The carrier says it will arrive tomorrow before 6 pm.';
  await agent.reply(offlineReply);
  const mine = history.locator('[data-author="me"]').filter({ hasText: offlineReply });
  await expect(mine).toHaveCount(1);
  await expect(mine).not.toHaveAttribute('data-delivery', 'sent');
  // It looks unsent (not like the sent reply above it), and the inbox already previews it.
  await expect(mine.getByTestId('message-delivery')).toHaveText('Waiting to send');
  await expect(history.locator('[data-author="me"][data-delivery="sent"]').getByTestId('message-delivery')).toHaveCount(0);
  await expect(agent.row(nora.requestId)).toContainText(`You: ${offlineReply}`);
  await expect(page.getByTestId('outbox-pending')).toBeVisible();
  // Stays unsent (and kept) while the server is away.
  await page.waitForTimeout(1500);
  expect(tiledesk.running()).toBe(false);
  await expect(mine).not.toHaveAttribute('data-delivery', 'sent');

  await tiledesk.start();
  // The app reconnects by itself (backoff up to 30 s), then sends what waited.
  await expect(page.getByTestId('offline-banner')).toBeHidden({ timeout: 40_000 });
  await expect(mine).toHaveAttribute('data-delivery', 'sent', { timeout: 15_000 });
  await expect(mine.getByTestId('message-delivery')).toHaveCount(0);
  await expect(page.getByTestId('outbox-pending')).toBeHidden();
  await expect(page.getByTestId('action-close')).toBeEnabled();
  await expect.poll(() => nora.repliesReceived()).toEqual(['Hi Nora, let me check that for you.', offlineReply]);

  // Exactly once, also after a while and after a fresh load of the history.
  await page.waitForTimeout(2000);
  expect(await nora.repliesReceived()).toEqual(['Hi Nora, let me check that for you.', offlineReply]);
  await page.reload();
  await agent.openConversation(nora.requestId, 'mine');
  await expect(page.getByTestId('message-list')).toContainText('Order #10452, thanks.');
  await expect(page.getByTestId('message-list').locator('[data-author="me"]').filter({ hasText: offlineReply })).toHaveCount(1);
});
