/**
 * The agent's core loop through the browser host against the seeded local server: a visitor's new
 * conversation shows up in the queue live, the agent joins it, replies (the visitor gets it), and closes it.
 */
import { expect, test } from './fixtures/test.ts';

test('a new visitor appears in the queue live; join, reply, the visitor receives it, close moves it to Closed', async ({ page, agent, visitor, tiledesk }) => {
  await agent.signIn();
  await agent.openTab('queue');

  const nora = await visitor({ firstname: 'Nora', lastname: 'Lindqvist', email: 'nora@example.com' });
  await nora.send('Hello, my parcel never arrived.');

  // No reload, no click: the conversation shows up in the queue on its own.
  const row = agent.row(nora.requestId);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Nora Lindqvist');
  await expect(row).toContainText('Hello, my parcel never arrived.');

  await row.click();
  await expect(page.getByTestId('conversation-title')).toHaveText('Nora Lindqvist');
  await expect(page.getByTestId('conversation-status')).toHaveText('In queue');
  await expect(page.getByTestId('message-list')).toContainText('Hello, my parcel never arrived.');
  // Waiting in the queue: the reply box says why it is locked and offers to join.
  await expect(page.getByTestId('composer-blocked')).toBeVisible();
  await expect(page.getByTestId('composer-input')).toBeDisabled();

  await page.getByTestId('action-join').click();
  await expect(page.getByTestId('conversation-status')).toHaveText('Open');
  await expect(page.getByTestId('composer-input')).toBeEnabled();
  await expect(row).toBeHidden(); // it left the queue
  await expect.poll(async () => (await tiledesk.request(nora.requestId)).status).toBe(200);

  await agent.reply("Hi Nora, I'm checking with the carrier right now.");
  const sent = page.getByTestId('message-list').locator('[data-author="me"]').filter({ hasText: "I'm checking with the carrier" });
  await expect(sent).toHaveCount(1);
  await expect(sent).toHaveAttribute('data-delivery', 'sent');
  await expect.poll(() => nora.repliesReceived()).toEqual(["Hi Nora, I'm checking with the carrier right now."]);

  // The visitor answers: it shows up in the open conversation live.
  await nora.send('Thank you! Tracking number is 1Z999AA10123456784.');
  await expect(page.getByTestId('message-list')).toContainText('Tracking number is 1Z999AA10123456784.');

  await page.getByTestId('action-close').click();
  await expect(page.getByTestId('conversation-status')).toHaveText('Closed');
  await expect(page.getByTestId('composer-input')).toBeDisabled();
  await expect.poll(async () => (await tiledesk.request(nora.requestId)).status).toBe(1000);

  await agent.openTab('mine');
  await expect(agent.row(nora.requestId)).toBeHidden();
  await agent.openTab('closed');
  await expect(agent.row(nora.requestId)).toBeVisible();
  await expect(agent.row(nora.requestId)).toContainText('Nora Lindqvist');

  // The reply went out exactly once.
  expect(await nora.repliesReceived()).toEqual(["Hi Nora, I'm checking with the carrier right now."]);
});
