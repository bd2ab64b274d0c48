/**
 * Workflow features as agents use them, through the browser host against the local Tiledesk server with
 * its demo data: canned responses (picked with "/", saved from a sent message), a transfer to a colleague
 * who sees it arrive in their Mine tab, the team view, a webhook created in the panel that receives a test event
 * sent from the app and then a real delivery, a 200-message transcript import shown in order, and an export. A colleague works in their own
 * app: another browser host and browser context on the same server.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { agentUi, type AgentUi } from './fixtures/agent-ui.ts';
import { startAppHost } from './fixtures/browser-host.ts';
import { DEMO_ACCOUNTS } from './fixtures/tiledesk-server.ts';
import type { Visitor, VisitorProfile } from './fixtures/visitor.ts';
import { expect, test as base } from './fixtures/test.ts';

interface Colleague {
  page: Page;
  ui: AgentUi;
}

const test = base.extend<{ colleague: (email: string) => Promise<Colleague> }>({
  colleague: async ({ browser, tiledesk }, use) => {
    const opened: { dispose: () => Promise<void> }[] = [];
    await use(async (email) => {
      const host = await startAppHost();
      const context = await browser.newContext();
      opened.push({ dispose: async () => (await context.close(), await host.dispose()) });
      const page = await context.newPage();
      const ui = agentUi(page, host, tiledesk);
      await ui.signIn(email);
      return { page, ui };
    });
    for (const app of opened) await app.dispose();
  },
});

/** A visitor waiting in the queue, joined by the signed-in agent, with the conversation on screen. */
async function joinedConversation(page: Page, agent: AgentUi, visitor: (profile?: VisitorProfile) => Promise<Visitor>): Promise<Visitor> {
  const nora = await visitor({ firstname: 'Nora', lastname: 'Lindqvist' });
  await nora.send('Hi, where is my parcel?');
  await agent.signIn();
  await agent.openConversation(nora.requestId, 'queue');
  await page.getByTestId('action-join').click();
  await expect(page.getByTestId('composer-input')).toBeEnabled();
  return nora;
}

test('a canned response picked with "/" is filled with the visitor\'s name and reaches the visitor', async ({ page, agent, visitor }) => {
  const nora = await joinedConversation(page, agent, visitor);
  const composer = page.getByTestId('composer-input');
  await composer.fill('/gree');
  const picker = page.getByTestId('canned-picker');
  await expect(picker.getByRole('option')).toHaveCount(1);
  await expect(picker.getByRole('option')).toContainText('Greeting');
  await expect(picker.getByRole('option')).toContainText('Shared');
  await composer.press('Enter');
  await expect(picker).toBeHidden();
  const filled = 'Hi Nora Lindqvist, thanks for reaching out! How can I help you today?';
  await expect(composer).toHaveValue(filled);

  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  await expect(page.getByTestId('message-list').locator('[data-author="me"]').filter({ hasText: filled })).toHaveAttribute('data-delivery', 'sent');
  await expect.poll(() => nora.repliesReceived()).toContain(filled);
});

test('a sent message is saved as a new canned response and offered by the picker', async ({ page, agent, visitor }) => {
  await joinedConversation(page, agent, visitor);
  const composer = page.getByTestId('composer-input');
  await agent.reply('Our support line is open 9:00-18:00, Monday to Friday.');
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
  await expect(options).toContainText('Opening hours');
  // A personal response: not marked shared.
  await expect(options).not.toContainText('Shared');
});

test('a conversation transferred to another agent shows up live in their Mine tab', async ({ page, agent, visitor, colleague }) => {
  const nora = await joinedConversation(page, agent, visitor);
  const bruno = await colleague(DEMO_ACCOUNTS.agent2);
  await bruno.ui.openTab('mine');
  await expect(bruno.ui.row(nora.requestId)).toHaveCount(0);

  await page.getByTestId('action-reassign').click();
  const dialog = page.getByTestId('transfer-dialog');
  await dialog.getByRole('radio', { name: /Bruno Costa/ }).check();
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await expect(dialog).toBeHidden();

  await expect(bruno.ui.row(nora.requestId)).toBeVisible();
  await agent.openTab('mine');
  await expect(agent.row(nora.requestId)).toHaveCount(0);
});

test('the team view shows my state and a colleague going unavailable, live', async ({ page, agent, colleague }) => {
  await agent.signIn();
  const bruno = await colleague(DEMO_ACCOUNTS.agent2);
  await page.getByTestId('open-team').click();
  const team = page.getByTestId('team-view');
  const brunoRow = team.getByTestId(`team-member-${DEMO_ACCOUNTS.agent2}`);
  await expect(brunoRow).toContainText('Available');
  await expect(team.getByTestId('team-me')).toContainText('Available');

  await bruno.page.getByTestId('availability-toggle').click();
  await expect(brunoRow).toContainText('Unavailable');
  await page.keyboard.press('Escape');
  await expect(team).toHaveCount(0);
});

test('a webhook created in the panel receives a test event from the app, then a real delivery when a message is sent', async ({ page, agent, visitor }) => {
  const deliveries: { headers: IncomingHttpHeaders; body: { payload?: { text?: string; test?: boolean }; token?: string } }[] = [];
  const receiver = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: JSON.parse(raw) as never });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    await agent.signIn(DEMO_ACCOUNTS.owner);
    await page.getByTestId('open-webhooks').click();
    const panel = page.getByTestId('webhooks-panel');
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tiledesk`;
    await panel.getByLabel('Event').selectOption('message.create');
    await panel.getByLabel('Target address').fill(target);
    await panel.getByRole('button', { name: 'Create' }).click();
    const secretBox = panel.getByTestId('webhook-secret');
    await expect(secretBox).toContainText('shown only this once');
    const secret = await secretBox.getByRole('textbox').inputValue();
    expect(secret.length).toBeGreaterThan(8);
    const item = panel.getByRole('listitem').filter({ hasText: target });
    await expect(item).toContainText('message.create');

    // Tiledesk has no test-delivery route: the app sends the test itself, signed with the secret it just saw.
    await expect(panel.getByTestId('webhooks-test-note')).toContainText('from this computer');
    await item.getByRole('button', { name: `Send test event: message.create to ${target}` }).click();
    const result = item.getByRole('status');
    await expect(result).toContainText(/Delivered: HTTP 204 in \d+ ms/);
    await expect(result).not.toContainText('x-hook-secret');
    const test = deliveries.find((delivery) => delivery.body.payload?.test === true);
    expect(test?.headers).toMatchObject({ 'x-hook-secret': secret, 'user-agent': 'tiledesk-webhooks', 'content-type': 'application/json' });
    expect(test?.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // A visitor writes on the website: Tiledesk delivers message.create to the receiver, with the secret.
    const hanna = await visitor({ firstname: 'Hanna', lastname: 'Berg' });
    await hanna.send('Hello from the website');
    await expect.poll(() => deliveries.find((delivery) => delivery.body.payload?.text === 'Hello from the website')?.headers['x-hook-secret']).toBe(secret);

    await secretBox.getByRole('button', { name: 'I have saved it' }).click();
    await expect(panel.getByTestId('webhook-secret')).toHaveCount(0);

    // Deleted in the panel: the server stops delivering.
    await item.getByRole('button', { name: /^Delete the message.create webhook/ }).click();
    await item.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(item).toHaveCount(0);
    const before = deliveries.length;
    await hanna.send('Nobody is subscribed any more');
    await page.waitForTimeout(1000);
    expect(deliveries.length).toBe(before);
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});

test('an agent is not offered the webhooks panel', async ({ page, agent }) => {
  await agent.signIn();
  await expect(page.getByTestId('open-team')).toBeVisible();
  await expect(page.getByTestId('open-webhooks')).toHaveCount(0);
});

test('a 200-message transcript imports as one conversation, shown in order', async ({ page, agent }) => {
  const t0 = Date.UTC(2024, 4, 6, 9, 0, 0);
  const lines = ['sender,name,text,timestamp'];
  for (let i = 0; i < 200; i++) lines.push(`${i % 2 ? 'agent,Alice Martin' : 'visitor,Marta Neri'},"Imported message ${i}, with a comma",${new Date(t0 + i * 1000).toISOString()}`);

  await agent.signIn();
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

test('a closed conversation exports to a file the agent can keep', async ({ page, agent }) => {
  await agent.signIn();
  await agent.openTab('closed');
  await page.getByTestId('conversation-list').getByText('Emma Johnson', { exact: true }).first().click();
  await expect(page.getByTestId('conversation-title')).toContainText('Emma Johnson');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('action-export-text').click()]);
  expect(download.suggestedFilename()).toMatch(/^conversation-\d+\.txt$/);
  const chunks = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(chunks).toString('utf8')).toMatch(/Emma Johnson ?: Hi! My order #10452 was supposed to arrive yesterday/);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the workflow dialogs and the picker have no serious accessibility violations (${colorScheme})`, async ({ page, agent, visitor }) => {
    await page.emulateMedia({ colorScheme });
    const serious = async (screen: string) => {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      return results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${screen}: ${violation.id} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
    };
    const found: string[] = [];
    const nora = await visitor({ firstname: 'Nora', lastname: 'Lindqvist' });
    await nora.send('Hello?');
    await agent.signIn(DEMO_ACCOUNTS.owner);
    await agent.openConversation(nora.requestId, 'queue');
    await page.getByTestId('action-join').click();

    await page.getByTestId('composer-input').fill('/');
    await expect(page.getByTestId('canned-picker').getByRole('option').first()).toBeVisible();
    found.push(...(await serious('canned picker')));
    await page.getByTestId('composer-input').fill('');

    const overlays: [string, () => Promise<void>, string][] = [
      ['transfer dialog', () => page.getByTestId('action-reassign').click(), 'transfer-dialog'],
      ['team view', () => page.getByTestId('open-team').click(), 'team-view'],
      ['webhooks panel', () => page.getByTestId('open-webhooks').click(), 'webhooks-panel'],
    ];
    for (const [screen, open, testid] of overlays) {
      await open();
      await expect(page.getByTestId(testid)).toBeVisible();
      found.push(...(await serious(screen)));
      await page.keyboard.press('Escape');
      await expect(page.getByTestId(testid)).toHaveCount(0);
    }

    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('canned');
    await page.getByTestId('palette-canned').click();
    await expect(page.getByTestId('canned-manager').getByRole('listitem').first()).toBeVisible();
    found.push(...(await serious('canned manager')));
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('import');
    await page.getByTestId('palette-import').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('sender,name,text,timestamp\ncustomer,V,hi,yesterday\n') });
    await expect(dialog.getByTestId('import-issues')).toBeVisible();
    found.push(...(await serious('import dialog with problems')));
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'ok.csv', mimeType: 'text/csv', buffer: Buffer.from('sender,name,text,timestamp\nvisitor,V,hi,1715000000\n') });
    await expect(dialog.getByTestId('import-summary')).toBeVisible();
    found.push(...(await serious('import dialog preview')));

    expect(found, `serious or critical accessibility violations:\n${found.join('\n')}`).toEqual([]);
  });
}
