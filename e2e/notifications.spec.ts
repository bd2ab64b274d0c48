/**
 * Alerts as the agent experiences them, through the browser host (notifications, badge and tray recorded
 * under /__test__/) against the local Tiledesk server with its demo data: a visitor writes while the agent
 * reads another conversation, the agent clicks the notification, replies, hides the window.
 */
import type { Page } from '@playwright/test';
import type { AppHost } from './fixtures/browser-host.ts';
import { expect, test } from './fixtures/test.ts';
import type { BadgeState } from '../src/shared/domain.ts';

/** The user's hands on what Electron would show: the window, the notifications. */
async function hook(host: AppHost, route: 'window' | 'notifications/click' | 'notifications/clear', body: unknown): Promise<void> {
  const response = await fetch(new URL(`/__test__/${route}`, host.url), { method: 'POST', body: JSON.stringify(body) });
  expect(response.status, `POST /__test__/${route}: ${await response.clone().text()}`).toBe(200);
}

/** The badge once the first sync has landed and the count stopped moving. */
async function settledBadge(host: AppHost, page: Page): Promise<BadgeState> {
  let previous = JSON.stringify((await host.state()).badge);
  for (;;) {
    await page.waitForTimeout(500);
    const current = JSON.stringify((await host.state()).badge);
    if (current === previous) return JSON.parse(current) as BadgeState;
    previous = current;
  }
}

/**
 * Signing in to the demo project, whose queue already holds two waiting visitors, gives one "while you were
 * away" summary toast once the first sync settles (the policy waits for replayed events to stop, up to 15 s).
 * Wait for it, so that it never lands in the middle of what a test counts.
 */
async function signInAndSettleAlerts(host: AppHost, agent: { signIn(): Promise<void> }): Promise<void> {
  await agent.signIn();
  await expect
    .poll(async () => (await host.state()).notifications.filter((n) => n.tag === 'summary').map((n) => n.body), { timeout: 20_000 })
    .toEqual(['2 new requests']);
}

/** The alert policy groups a burst for 1.5 s before showing it: wait past that before asserting "nothing". */
const quietPeriodMs = 3000;

test('a visitor writing in my conversation while I read another raises one notification that opens it', async ({ page, host, agent, visitor }) => {
  await signInAndSettleAlerts(host, agent);
  const before = await settledBadge(host, page);

  const nora = await visitor({ firstname: 'Nora' });
  await nora.send('Hello, my parcel never arrived.');
  // A new request in the queue: announced, and counted on the badge.
  await expect.poll(async () => (await host.state()).notifications.map((n) => [n.conversationId, n.title])).toContainEqual([nora.requestId, 'New request from Nora']);
  await expect.poll(async () => (await host.state()).badge.queue).toBe(before.queue + 1);

  // The agent takes it: it leaves the queue.
  await agent.openConversation(nora.requestId, 'queue');
  await page.getByTestId('action-join').click();
  await expect(page.getByTestId('composer-input')).toBeVisible();
  await expect.poll(async () => (await host.state()).badge.queue).toBe(before.queue);

  // Now the agent reads another of their conversations (Sofia's, from the demo data).
  await agent.openTab('mine');
  await page.getByTestId('conversation-list').getByText('Sofia Rossi').first().click();
  await expect(page.getByTestId('conversation-title')).toContainText('Sofia');
  await hook(host, 'notifications/clear', {});
  const baseline = await settledBadge(host, page);

  await nora.send('Is anyone there? <b>not bold</b>');
  await expect.poll(async () => (await host.state()).notifications.length).toBe(1);
  await page.waitForTimeout(quietPeriodMs);
  const { notifications, badge, tray } = await host.state();
  expect(notifications).toHaveLength(1);
  expect(notifications[0]).toMatchObject({ tag: nora.requestId, conversationId: nora.requestId, title: 'Nora', body: 'Is anyone there? <b>not bold</b>', open: true });
  expect(badge.unread).toBe(baseline.unread + 1);
  expect(tray.icon).not.toBe('none');

  // Clicking the notification opens Nora's conversation, and reading it brings the count back down. The inbox
  // was left on the queue tab: it switches to the tab that holds Nora, with her row in view and selected.
  await agent.openTab('queue');
  await hook(host, 'notifications/click', { conversationId: nora.requestId });
  await expect(page.getByTestId('conversation-title')).toContainText('Nora');
  await expect(page.getByTestId('tab-mine')).toHaveAttribute('aria-selected', 'true');
  await expect(agent.row(nora.requestId)).toBeInViewport();
  await expect(agent.row(nora.requestId)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('message-list')).toContainText('Is anyone there? <b>not bold</b>');
  await expect.poll(async () => (await host.state()).badge.unread).toBe(baseline.unread);
  expect((await host.state()).notifications[0]).toMatchObject({ clicked: true, open: false });
});

test('nothing alerts for my own replies, even with the window hidden; the visitor answering does', async ({ page, host, agent, visitor }) => {
  await signInAndSettleAlerts(host, agent);
  const nora = await visitor({ firstname: 'Nora' });
  await nora.send('I need help with an invoice.');
  await agent.openConversation(nora.requestId, 'queue');
  await page.getByTestId('action-join').click();
  await expect(page.getByTestId('composer-input')).toBeVisible();

  await hook(host, 'window', { state: 'hidden' });
  await expect.poll(async () => (await host.state()).window.visible).toBe(false);
  await page.waitForTimeout(quietPeriodMs);
  await hook(host, 'notifications/clear', {});
  const baseline = await settledBadge(host, page);

  await agent.reply('Sure, which invoice number?');
  await expect(page.getByTestId('message-list')).toContainText('Sure, which invoice number?');
  await expect.poll(async () => (await nora.messages()).map((message) => message.text)).toContain('Sure, which invoice number?');
  await page.waitForTimeout(quietPeriodMs);
  expect((await host.state()).notifications).toEqual([]);
  expect((await host.state()).badge.unread).toBe(baseline.unread);

  // The same pipeline is live: the visitor's answer does alert (the window is hidden, so even the open conversation).
  await nora.send('INV-2291');
  await expect.poll(async () => (await host.state()).notifications.map((n) => n.body)).toEqual(['INV-2291']);
  await expect.poll(async () => (await host.state()).badge.unread).toBe(baseline.unread + 1);

  // Showing the window with the conversation on screen reads it.
  await hook(host, 'window', { state: 'focused' });
  await expect.poll(async () => (await host.state()).badge.unread).toBe(baseline.unread);
});
