/**
 * Workflow features as agents use them, through the browser host against the local Tiledesk server with
 * its demo data: a canned response inserted with "/" and sent, a conversation transferred to a colleague
 * who sees it arrive in their Mine tab, a webhook created in the panel that receives a real delivery, and
 * a 200-message transcript imported and shown in order. Each agent has their own browser host (one host
 * is one signed-in app), the way each agent has their own desktop app.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../server/index.ts';
import { startBrowserHost, type BrowserHost } from '../src/browser-host/host.ts';

let server: RunningServer;
const hosts: BrowserHost[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'e2e-workflow-server-')), seed: true });
});

test.afterAll(async () => {
  for (const host of hosts) await host.close();
  await server?.close();
});

/** A fresh app (browser host + page) signed in as one of the demo accounts. */
async function appFor(browser: Browser, email: string): Promise<Page> {
  const host = await startBrowserHost({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'e2e-workflow-host-')) });
  hosts.push(host);
  const page = await (await browser.newContext()).newPage();
  await page.goto(host.url);
  await page.getByTestId('sign-in-server-selfHosted').click();
  await page.getByTestId('sign-in-server-url').fill(server.url);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('inbox')).toBeVisible();
  return page;
}

async function rest(method: string, path: string, token: string | null, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${method} ${path} → ${response.status}`).toBe(true);
  return response.json();
}

async function openFromMine(page: Page, visitorName: string): Promise<void> {
  await page.getByTestId('tab-mine').click();
  await page.getByTestId('conversation-list').getByText(visitorName, { exact: true }).first().click();
  await expect(page.getByTestId('conversation-title')).toContainText(visitorName);
}

let alicePage: Page | null = null;
/** Alice (agent@demo.test) keeps one app across the tests, like an agent through a shift. */
async function alice(browser: Browser): Promise<Page> {
  alicePage ??= await appFor(browser, 'agent@demo.test');
  return alicePage;
}

test('a canned response is picked with "/", filled with the visitor\'s name, and sent', async ({ browser }) => {
  const page = await alice(browser);
  await openFromMine(page, 'Sofia Rossi');
  const composer = page.getByTestId('composer-input');
  await composer.fill('/gree');
  const picker = page.getByTestId('canned-picker');
  await expect(picker.getByRole('option')).toHaveText([/Greeting/]);
  await expect(picker.getByRole('option').first()).toContainText('Shared');
  await composer.press('Enter');
  await expect(picker).toBeHidden();
  const filled = 'Hi Sofia Rossi, thanks for reaching out! How can I help you today?';
  await expect(composer).toHaveValue(filled);

  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  const sent = page.getByTestId('message-list').locator('[data-author="me"]').filter({ hasText: filled });
  await expect(sent).toHaveAttribute('data-delivery', 'sent');

  // It reached the server as the filled text, not the template.
  const projectId = server.seed!.projectId;
  const { token } = (await rest('POST', '/auth/signin', null, { email: 'agent@demo.test', password: 'demo1234' })) as { token: string };
  const { requests } = (await rest('GET', `/${projectId}/requests?limit=100`, token)) as { requests: { request_id: string; lead?: { fullname?: string } }[] };
  const sofia = requests.find((request) => request.lead?.fullname?.startsWith('Sofia'));
  const messages = (await rest('GET', `/${projectId}/requests/${sofia!.request_id}/messages`, token)) as { text: string }[];
  expect(messages.map((message) => message.text)).toContain(filled);
});

test('a sent message is saved as a new canned response and offered by the picker', async ({ browser }) => {
  const page = await alice(browser);
  await openFromMine(page, 'Sofia Rossi');
  const composer = page.getByTestId('composer-input');
  await composer.fill('Our support line is open 9:00-18:00, Monday to Friday.');
  await composer.press('Enter');
  const sent = page.getByTestId('message-list').locator('[data-author="me"]').filter({ hasText: 'Our support line is open' });
  await expect(sent).toHaveAttribute('data-delivery', 'sent');
  await sent.hover();
  await sent.getByRole('button', { name: 'Save as canned response' }).click();
  const dialog = page.getByRole('dialog', { name: 'New canned response' });
  await expect(dialog.getByLabel('Text')).toHaveValue('Our support line is open 9:00-18:00, Monday to Friday.');
  await dialog.getByLabel('Title').fill('Opening hours');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  await composer.fill('/opening');
  const options = page.getByTestId('canned-picker').getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('Opening hours');
  // A personal response: not marked shared.
  await expect(options.first()).not.toContainText('Shared');
  await composer.press('Escape');
  await composer.fill('');
});

test('a conversation transferred to another agent shows up live in their Mine tab', async ({ browser }) => {
  const bruno = await appFor(browser, 'agent2@demo.test');
  await bruno.getByTestId('tab-mine').click();
  await expect(bruno.getByTestId('conversation-list')).toBeVisible();
  await expect(bruno.getByTestId('conversation-list').getByText('Sofia Rossi', { exact: true })).toHaveCount(0);

  const page = await alice(browser);
  await openFromMine(page, 'Sofia Rossi');
  await page.getByTestId('action-reassign').click();
  const dialog = page.getByTestId('transfer-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: /Bruno Costa/ }).check();
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await expect(dialog).toBeHidden();

  await expect(bruno.getByTestId('conversation-list').getByText('Sofia Rossi', { exact: true })).toBeVisible();
  await page.getByTestId('tab-mine').click();
  await expect(page.getByTestId('conversation-list').getByText('Sofia Rossi', { exact: true })).toHaveCount(0);
});

test.describe('webhooks', () => {
  let receiver: Server;
  const deliveries: { headers: IncomingHttpHeaders; body: { payload?: { text?: string }; hook?: { event?: string } } }[] = [];

  test.beforeAll(async () => {
    receiver = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => {
        deliveries.push({ headers: request.headers, body: JSON.parse(raw) as never });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  test.afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  test('a webhook created in the panel receives a real delivery when a message is sent', async ({ browser }) => {
    const owner = await appFor(browser, 'owner@demo.test');
    await owner.getByTestId('open-webhooks').click();
    const panel = owner.getByTestId('webhooks-panel');
    await expect(panel).toBeVisible();
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tiledesk`;
    await panel.getByLabel('Event').selectOption('message.create');
    await panel.getByLabel('Target address').fill(target);
    await panel.getByRole('button', { name: 'Create' }).click();
    const secretBox = panel.getByTestId('webhook-secret');
    await expect(secretBox).toContainText('shown only this once');
    const secret = await secretBox.getByRole('textbox').inputValue();
    expect(secret.length).toBeGreaterThan(8);
    await expect(panel.getByRole('listitem').filter({ hasText: target })).toContainText('message.create');

    // A visitor writes on the website: Tiledesk delivers message.create to the receiver, signed with the secret.
    const projectId = server.seed!.projectId;
    const guest = (await rest('POST', '/auth/signinAnonymously', null, { id_project: projectId, firstname: 'Hanna' })) as { token: string };
    const requestId = `support-group-${projectId}-${crypto.randomUUID().replaceAll('-', '')}`;
    await rest('POST', `/${projectId}/requests/${requestId}/messages`, guest.token, { text: 'Hello from the website' });
    await expect.poll(() => deliveries.find((delivery) => delivery.body.payload?.text === 'Hello from the website')?.headers['x-hook-secret']).toBe(secret);

    await secretBox.getByRole('button', { name: 'I have saved it' }).click();
    await expect(panel.getByTestId('webhook-secret')).toHaveCount(0);

    // Deleted in the panel: the server stops delivering.
    const item = panel.getByRole('listitem').filter({ hasText: target });
    await item.getByRole('button', { name: /^Delete the message.create webhook/ }).click();
    await item.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(panel.getByRole('listitem').filter({ hasText: target })).toHaveCount(0);
    const before = deliveries.length;
    await rest('POST', `/${projectId}/requests/${requestId}/messages`, guest.token, { text: 'Nobody is subscribed any more' });
    await owner.waitForTimeout(1000);
    expect(deliveries.length).toBe(before);
  });

  test('an agent is not offered the webhooks panel', async ({ browser }) => {
    const page = await alice(browser);
    await expect(page.getByTestId('status-bar')).toBeVisible();
    await expect(page.getByTestId('open-webhooks')).toHaveCount(0);
  });
});

test('a 200-message transcript imports as one conversation, shown in order', async ({ browser }) => {
  const page = await alice(browser);
  const t0 = Date.UTC(2024, 4, 6, 9, 0, 0);
  const lines = ['sender,name,text,timestamp'];
  for (let i = 0; i < 200; i++) lines.push(`${i % 2 ? 'agent,Alice Martin' : 'visitor,Marta Neri'},"Imported message ${i}, with a comma",${new Date(t0 + i * 1000).toISOString()}`);

  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('import');
  await page.getByTestId('palette-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'history.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
  await expect(dialog.getByTestId('import-summary')).toContainText('200 messages');
  await expect(dialog.getByLabel('Visitor’s name')).toHaveValue('Marta Neri');
  await dialog.getByRole('button', { name: 'Import 200 messages' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('conversation-title')).toContainText('Marta Neri');

  // The newest messages show first; scrolling to the top pulls in the older ones.
  const list = page.getByTestId('message-list');
  await expect(list.getByText('Imported message 199, with a comma')).toBeVisible();
  await expect(async () => {
    // Down a little first, so going to the top is a scroll even when the list already sits there.
    await list.evaluate(async (element) => {
      element.scrollTo(0, 200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      element.scrollTo(0, 0);
    });
    await expect(list.getByText('Imported message 0, with a comma')).toBeVisible({ timeout: 1000 });
  }).toPass();

  // Then walk the (virtualized) list down to the newest, checking the order on every screen.
  const onScreen = async () =>
    (await list.locator('[data-author]').allInnerTexts()).flatMap((text) => {
      const match = /Imported message (\d+),/.exec(text);
      return match ? [Number(match[1])] : [];
    });
  const seen = new Set<number>();
  for (let step = 0; step < 100 && !seen.has(199); step++) {
    const shown = await onScreen();
    expect(shown, 'messages on screen are in order').toEqual([...shown].sort((a, b) => a - b));
    for (const index of shown) seen.add(index);
    await list.evaluate((element) => element.scrollBy(0, element.clientHeight * 0.7));
    await page.waitForTimeout(100);
  }
  expect(seen.size).toBe(200);
});

test('the team view shows a colleague going unavailable, live', async ({ browser }) => {
  const page = await alice(browser);
  const bruno = await appFor(browser, 'agent2@demo.test');
  await page.getByTestId('open-team').click();
  const brunoRow = page.getByTestId('team-view').getByTestId('team-member-agent2@demo.test');
  await expect(brunoRow).toContainText('Available');
  await expect(page.getByTestId('team-me')).toContainText('Available');

  await bruno.getByTestId('availability-toggle').click();
  await expect(brunoRow).toContainText('Unavailable');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('team-view')).toHaveCount(0);
});

test('a closed conversation exports to a file the agent can keep', async ({ browser }) => {
  const page = await alice(browser);
  await page.getByTestId('tab-closed').click();
  await page.getByTestId('conversation-list').getByText('Emma Johnson', { exact: true }).first().click();
  await expect(page.getByTestId('conversation-title')).toContainText('Emma Johnson');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('action-export-text').click()]);
  expect(download.suggestedFilename()).toMatch(/^conversation-\d+\.txt$/);
  const text = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(text).toString('utf8')).toMatch(/Emma Johnson ?: Hi! My order #10452 was supposed to arrive yesterday/);
});
