/**
 * The real Electron app (out/, from `npx electron-vite build`) driven through Playwright's _electron: window
 * lockdown, tray, close-to-tray, notifications, deep links and restored window bounds. Runs wherever the
 * Electron binary is installed; elsewhere every test is skipped with the reason printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, startTiledeskServer, type TiledeskServer } from '../fixtures/tiledesk-server.ts';
import { arriveAsVisitor } from '../fixtures/visitor.ts';

const root = resolve(import.meta.dirname, '../..');
const binary = findElectronBinary();
const electronAvailable = 'path' in binary;
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

const skipReason = !electronAvailable
  ? `Electron binary not installed on this machine (its download is outside the npm registry): ${'missing' in binary ? binary.missing : ''}`
  : noDisplay
    ? 'No display (DISPLAY/WAYLAND_DISPLAY unset): run under xvfb-run to test the Electron app on a headless Linux machine'
    : null;
if (skipReason) console.log(`[electron e2e skipped] ${skipReason}`);
test.skip(skipReason !== null, skipReason ?? '');
test.describe.configure({ mode: 'serial' });

/** Electron refuses to start as root without --no-sandbox (containers); the renderer sandbox stays on. */
const chromiumArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
let server: TiledeskServer;

test.beforeAll(async () => {
  if (skipReason) return;
  expect(existsSync(join(root, 'out/main/index.js')), 'the app is built (npx electron-vite build)').toBe(true);
  server = await startTiledeskServer();
});
test.afterAll(async () => {
  await server?.dispose();
});

async function launch(userData: string, extraArgs: string[] = []): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    executablePath: 'path' in binary ? binary.path : '',
    args: [root, ...chromiumArgs, ...extraArgs],
    env: { ...process.env, TILEDESK_AGENT_USER_DATA: userData },
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

const mainWindow = (app: ElectronApplication) =>
  app.evaluate(({ BrowserWindow }) => {
    const window = BrowserWindow.getAllWindows()[0];
    return window ? { visible: window.isVisible(), focused: window.isFocused(), destroyed: window.isDestroyed(), bounds: window.getNormalBounds() } : null;
  });

test('the window is locked down: no Node in the page, only the bridge, strict CSP, no navigation, no new windows', async () => {
  const { app, page } = await launch(mkdtempSync(join(tmpdir(), 'e2e-electron-profile-')));
  try {
    expect(page.url()).toBe('app://renderer/index.html');
    const renderer = await page.evaluate(async () => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      bridge: Object.keys(window.tiledesk ?? {}).sort(),
      csp: (await fetch('/index.html')).headers.get('content-security-policy'),
      info: await window.tiledesk?.invoke('app.info', null),
    }));
    expect(renderer).toMatchObject({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on'], info: { ok: true, value: { host: 'electron' } } });
    expect(renderer.csp).toContain("default-src 'none'");
    expect(renderer.csp).toContain("script-src 'self'");

    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as Record<string, unknown>).openedExternally = opened;
      shell.openExternal = async (url: string) => void opened.push(url);
    });
    expect(await page.evaluate(() => window.open('https://example.com/help'))).toBeNull();
    await page.evaluate(() => window.open('file:///etc/passwd'));
    await page.evaluate(() => {
      location.href = 'https://example.com/elsewhere';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://renderer/index.html');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    expect(await app.evaluate(() => (globalThis as Record<string, unknown>).openedExternally)).toEqual(['https://example.com/help', 'https://example.com/elsewhere']);
  } finally {
    await app.close();
  }
});

test('closing hides to the tray, the tray menu shows it again and quits', async () => {
  const { app } = await launch(mkdtempSync(join(tmpdir(), 'e2e-electron-profile-')));
  await expect.poll(async () => (await mainWindow(app))?.visible).toBe(true);
  // Record what the tray shows from now on (the tray is refreshed on every window change).
  await app.evaluate(({ Tray }) => {
    const recorded: { menu?: Electron.Menu; tooltip?: string } = {};
    (globalThis as Record<string, unknown>).trayState = recorded;
    const setContextMenu = Tray.prototype.setContextMenu;
    Tray.prototype.setContextMenu = function (menu) {
      recorded.menu = menu ?? undefined;
      return setContextMenu.call(this, menu);
    };
    const setToolTip = Tray.prototype.setToolTip;
    Tray.prototype.setToolTip = function (text) {
      recorded.tooltip = text;
      return setToolTip.call(this, text);
    };
  });

  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
  await expect.poll(async () => await mainWindow(app)).toMatchObject({ visible: false, destroyed: false });
  expect(await app.evaluate(() => ((globalThis as Record<string, unknown>).trayState as { tooltip?: string }).tooltip)).toContain('Tiledesk Agent');

  const clickTrayItem = (label: string) =>
    app.evaluate((_electron, wanted) => {
      const menu = ((globalThis as Record<string, unknown>).trayState as { menu?: Electron.Menu }).menu;
      const item = menu?.items.find((candidate) => candidate.label === wanted);
      if (!item) throw new Error(`no tray item "${wanted}" in ${menu?.items.map((candidate) => candidate.label).join(', ')}`);
      item.click();
    }, label);
  await clickTrayItem('Show Tiledesk Agent');
  await expect.poll(async () => (await mainWindow(app))?.visible).toBe(true);

  const exited = new Promise<void>((resolveExit) => app.process().once('exit', () => resolveExit()));
  await clickTrayItem('Quit');
  await exited;
});

test('window size and position come back after a restart', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'e2e-electron-profile-'));
  const first = await launch(profile);
  await first.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.setBounds({ x: 40, y: 50, width: 900, height: 640 }));
  await first.page.waitForTimeout(800);
  await first.app.close();

  const second = await launch(profile);
  try {
    await expect.poll(async () => (await mainWindow(second.app))?.bounds).toMatchObject({ width: 900, height: 640 });
  } finally {
    await second.app.close();
  }
});

test('a notification click and a tiledesk-agent:// link both bring the window up on the right conversation', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'e2e-electron-profile-'));
  const { app, page } = await launch(profile);
  try {
    await app.evaluate(({ Notification }) => {
      const shown: Electron.Notification[] = [];
      (globalThis as Record<string, unknown>).shownNotifications = shown;
      const show = Notification.prototype.show;
      Notification.prototype.show = function () {
        shown.push(this);
        return show.call(this);
      };
    });
    await page.getByTestId('sign-in-server-selfHosted').check();
    await page.getByTestId('sign-in-server-url').fill(server.url);
    await page.getByTestId('sign-in-email').fill(DEMO_ACCOUNTS.agent);
    await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    // Signing in to a new server reloads the page once (its images enter the CSP): wait for the inbox after that.
    await expect(page.getByTestId('inbox')).toBeVisible({ timeout: 20_000 });

    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.hide());
    const nora = await arriveAsVisitor(server, { firstname: 'Nora' });
    await nora.send('Hello from the website');
    const requestId = nora.requestId;

    await expect.poll(() => app.evaluate(() => ((globalThis as Record<string, unknown>).shownNotifications as Electron.Notification[]).map((n) => n.title))).toContain('New request from Nora');
    await app.evaluate(() => ((globalThis as Record<string, unknown>).shownNotifications as Electron.Notification[]).at(-1)!.emit('click'));
    await expect.poll(async () => (await mainWindow(app))?.visible).toBe(true);
    await expect(page.getByTestId('conversation-title')).toContainText('Nora');

    // A second launch with a deep link hands it to this instance and exits.
    await page.getByTestId('tab-mine').click();
    await page.getByTestId('conversation-list').getByText('Sofia Rossi').first().click();
    await expect(page.getByTestId('conversation-title')).toContainText('Sofia');
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.hide());
    const second = spawn('path' in binary ? binary.path : '', [root, ...chromiumArgs, `tiledesk-agent://conversation/${requestId}`], {
      env: { ...process.env, TILEDESK_AGENT_USER_DATA: profile },
      stdio: 'ignore',
    });
    expect(await new Promise((resolveExit) => second.once('exit', resolveExit))).toBe(0);
    await expect.poll(async () => (await mainWindow(app))?.visible).toBe(true);
    await expect(page.getByTestId('conversation-title')).toContainText('Nora');
  } finally {
    await app.close();
  }
});
