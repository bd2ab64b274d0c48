/**
 * Alerts as the agent experiences them, through the browser host (recorded notifications, badge and tray
 * under /__test__/) against the local Tiledesk server with its demo data: a visitor writes while the agent
 * looks at another conversation, the agent clicks the notification, replies, hides the window.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../server/index.ts';
import { startBrowserHost, type BrowserHost } from '../src/browser-host/host.ts';
import type { BadgeState } from '../src/shared/domain.ts';

interface HostState {
  notifications: { tag: string; title: string; body: string; conversationId: string | null; open: boolean; clicked: boolean }[];
  badge: BadgeState;
  tray: { icon: string; tooltip: string };
  window: { visible: boolean; focused: boolean };
}

let server: RunningServer;
let host: BrowserHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'e2e-server-')), seed: true });
  host = await startBrowserHost({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'e2e-host-')), testHooks: true });
});

test.afterAll(async () => {
  await host?.close();
  await server?.close();
});

async function hostState(): Promise<HostState> {
  return (await (await fetch(new URL('/__test__/state', host.url))).json()) as HostState;
}

async function hook(route: string, body: unknown): Promise<void> {
  const response = await fetch(new URL(`/__test__/${route}`, host.url), { method: 'POST', body: JSON.stringify(body) });
  expect(response.status, `POST /__test__/${route}: ${await response.clone().text()}`).toBe(200);
}

/** A website visitor, talking to the server the way the chat widget does. */
async function newVisitor(firstname: string) {
  const projectId = server.seed!.projectId;
  const call = async (path: string, token: string | null, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: token } : {}) },
      body: JSON.stringify(body),
    });
    expect(response.ok, `POST ${path} → ${response.status}`).toBe(true);
    return (await response.json()) as Record<string, unknown>;
  };
  const signIn = (await call('/auth/signinAnonymously', null, { id_project: projectId, firstname })) as { token: string };
  const requestId = `support-group-${projectId}-${crypto.randomUUID().replaceAll('-', '')}`;
  let first = true;
  return {
    requestId,
    async write(text: string) {
      // The Billing department is pooled: the first message puts the conversation in the queue.
      await call(`/${projectId}/requests/${requestId}/messages`, signIn.token, first ? { text, departmentid: server.seed!.departments.billing } : { text });
      first = false;
    },
  };
}

/** The host keeps the session across page loads: sign in only when the sign-in form shows. */
async function signIn(page: Page) {
  await page.goto(host.url);
  await expect(page.getByTestId('inbox').or(page.getByTestId('sign-in-form'))).toBeVisible();
  if (await page.getByTestId('inbox').isVisible()) return;
  await page.getByTestId('sign-in-server-selfHosted').click();
  await page.getByTestId('sign-in-server-url').fill(server.url);
  await page.getByTestId('sign-in-email').fill('agent@demo.test');
  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('inbox')).toBeVisible();
}

/** The badge once the first sync has landed (the inbox lists conversations and the count stopped moving). */
async function settledBadge(page: Page): Promise<BadgeState> {
  await expect(page.locator('[data-testid^="conversation-row-"]').first()).toBeVisible();
  let previous = JSON.stringify((await hostState()).badge);
  for (;;) {
    await page.waitForTimeout(500);
    const current = JSON.stringify((await hostState()).badge);
    if (current === previous) return JSON.parse(current) as BadgeState;
    previous = current;
  }
}

async function openConversation(page: Page, conversationId: string) {
  await page.getByTestId('tab-all').click();
  await page.getByTestId(`conversation-row-${conversationId}`).click();
  await expect(page.getByTestId('conversation-view')).toBeVisible();
}

/** The alert policy groups a burst for 1.5 s before showing it: wait past that before asserting "nothing". */
const quietPeriodMs = 3000;

test('a visitor writing in my conversation while I read another raises one notification that opens it', async ({ page }) => {
  await signIn(page);
  const before = await settledBadge(page);

  const nora = await newVisitor('Nora');
  await nora.write('Hello, my parcel never arrived.');
  // A new request in the queue: announced, and counted on the badge.
  await expect.poll(async () => (await hostState()).notifications.map((n) => [n.conversationId, n.title])).toContainEqual([nora.requestId, 'New request from Nora']);
  await expect.poll(async () => (await hostState()).badge.queue).toBe(before.queue + 1);

  // The agent takes it: it leaves the queue.
  await openConversation(page, nora.requestId);
  await page.getByTestId('action-join').click();
  await expect(page.getByTestId('composer-input')).toBeVisible();
  await expect.poll(async () => (await hostState()).badge.queue).toBe(before.queue);

  // Now the agent reads another of their conversations (Sofia's, from the demo data).
  await page.getByTestId('tab-mine').click();
  await page.getByTestId('conversation-list').getByText('Sofia Rossi').first().click();
  await expect(page.getByTestId('conversation-title')).toContainText('Sofia');
  await hook('notifications/clear', {});
  const baseline = (await hostState()).badge;

  await nora.write('Is anyone there? <b>not bold</b>');
  await expect.poll(async () => (await hostState()).notifications.length).toBe(1);
  await page.waitForTimeout(quietPeriodMs);
  const { notifications, badge } = await hostState();
  expect(notifications).toHaveLength(1);
  expect(notifications[0]).toMatchObject({ tag: nora.requestId, conversationId: nora.requestId, title: 'Nora', body: 'Is anyone there? <b>not bold</b>', open: true });
  expect(badge.unread).toBe(baseline.unread + 1);
  expect((await hostState()).tray.icon).not.toBe('none');

  // Clicking the notification opens Nora's conversation, and reading it brings the count back down.
  await hook('notifications/click', { conversationId: nora.requestId });
  await expect(page.getByTestId('conversation-title')).toContainText('Nora');
  await expect(page.getByTestId('message-list')).toContainText('Is anyone there? <b>not bold</b>');
  await expect.poll(async () => (await hostState()).badge.unread).toBe(baseline.unread);
  expect((await hostState()).notifications[0]).toMatchObject({ clicked: true, open: false });
});

test('nothing alerts for my own replies, even with the window hidden; the visitor answering does', async ({ page }) => {
  await signIn(page);
  const nora = await newVisitor('Nora');
  await nora.write('I need help with an invoice.');
  await openConversation(page, nora.requestId);
  await page.getByTestId('action-join').click();
  await expect(page.getByTestId('composer-input')).toBeVisible();

  await hook('window', { state: 'hidden' });
  await expect.poll(async () => (await hostState()).window.visible).toBe(false);
  await page.waitForTimeout(quietPeriodMs);
  await hook('notifications/clear', {});
  const baseline = (await hostState()).badge;

  await page.getByTestId('composer-input').fill('Sure, which invoice number?');
  await page.getByTestId('composer-send').click();
  await expect(page.getByTestId('message-list')).toContainText('Sure, which invoice number?');
  await page.waitForTimeout(quietPeriodMs);
  expect((await hostState()).notifications).toEqual([]);
  expect((await hostState()).badge.unread).toBe(baseline.unread);

  // The same pipeline is live: the visitor's answer does alert (the window is hidden, so even the open conversation).
  await nora.write('INV-2291');
  await expect.poll(async () => (await hostState()).notifications.map((n) => n.body)).toEqual(['INV-2291']);
  await expect.poll(async () => (await hostState()).badge.unread).toBe(baseline.unread + 1);

  // Showing the window with the conversation on screen reads it.
  await hook('window', { state: 'focused' });
  await expect.poll(async () => (await hostState()).badge.unread).toBe(baseline.unread);
  await hook('window', { state: 'auto' });
});
