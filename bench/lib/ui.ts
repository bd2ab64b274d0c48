/**
 * The agent's side of a benchmark: the browser host in a child process and the built renderer in headless
 * Chromium, signed in through the real sign-in form. Selectors are the renderer's data-testid attributes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import { installBridgeProbe, installTokenProbe, launchBrowser } from './browser.ts';
import type { HostChildConfig, HostMemory, HostReady } from './host-child.ts';
import { startChild, type ChildHandle } from './processes.ts';
import { seedAccounts } from './server.ts';

type InboxTab = 'queue' | 'mine' | 'all' | 'closed';

const hostScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'host-child.ts');

export const selectors = {
  signInForm: '[data-testid="sign-in-form"]',
  serverSelfHosted: '[data-testid="sign-in-server-selfHosted"]',
  serverUrl: '[data-testid="sign-in-server-url"]',
  email: '[data-testid="sign-in-email"]',
  password: '[data-testid="sign-in-password"]',
  submit: '[data-testid="sign-in-submit"]',
  projectButton: '[data-testid^="project-"]:not([data-testid="project-switcher"])',
  inbox: '[data-testid="inbox"]',
  conversationList: '[data-testid="conversation-list"]',
  anyRow: '[data-testid^="conversation-row-"]',
  row: (conversationId: string) => `[data-conversation-id="${conversationId}"]`,
  tab: (tab: InboxTab) => `[data-testid="tab-${tab}"]`,
  tabCount: (tab: InboxTab) => `[data-testid="tab-${tab}-count"]`,
  filter: '[data-testid="inbox-filter"]',
  conversationView: '[data-testid="conversation-view"]',
  messageList: '[data-testid="message-list"]',
} as const;

export interface BenchHost {
  child: ChildHandle<HostReady>;
  url: string;
  pid: number;
  /** RSS and JS heap of the host after a full GC. */
  memory(): Promise<HostMemory>;
}

export async function startHost(dataDir: string, port = 0): Promise<BenchHost> {
  const config: HostChildConfig = { port, dataDir };
  const child = await startChild<HostReady>(hostScript, config, { label: 'browser host', execArgv: ['--expose-gc'] });
  return { child, url: child.ready.url, pid: child.pid, memory: () => child.request<HostMemory>({ type: 'memory' }) };
}

/** A page on the host with the bench's token probe installed before any app script runs. */
export async function openAppPage(browser: Browser, hostUrl: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await installTokenProbe(page, [selectors.anyRow, selectors.inbox]);
  await installBridgeProbe(page);
  await page.goto(hostUrl);
  return page;
}

export async function signInThroughForm(page: Page, serverUrl: string, account: keyof Omit<typeof seedAccounts, 'projectName'>): Promise<void> {
  const { email, password } = seedAccounts[account];
  await page.locator(selectors.signInForm).waitFor({ timeout: 30_000 });
  await page.locator(selectors.serverSelfHosted).check();
  await page.locator(selectors.serverUrl).fill(serverUrl);
  await page.locator(selectors.email).fill(email);
  await page.locator(selectors.password).fill(password);
  await page.locator(selectors.submit).click();
  const picked = await Promise.race([
    page.locator(selectors.inbox).waitFor({ timeout: 30_000 }).then(() => 'inbox' as const),
    page.locator(selectors.projectButton).first().waitFor({ timeout: 30_000 }).then(() => 'picker' as const),
  ]);
  if (picked === 'picker') {
    await page.locator(selectors.projectButton).filter({ hasText: seedAccounts.projectName }).first().click();
    await page.locator(selectors.inbox).waitFor({ timeout: 30_000 });
  }
}

/** Brings a conversation's row into view (switching to "All" and scrolling the virtual list) and clicks it. */
export async function openConversation(page: Page, conversationId: string): Promise<void> {
  await page.locator(selectors.tab('all')).click();
  const row = page.locator(selectors.row(conversationId));
  const deadline = Date.now() + 30_000;
  while (!(await row.count())) {
    if (Date.now() > deadline) throw new Error(`conversation ${conversationId} never appeared in the inbox`);
    const atEnd = await page.evaluate((listSelector) => {
      const list = document.querySelector<HTMLElement>(listSelector);
      if (!list) return true;
      const before = list.scrollTop;
      list.scrollTop += list.clientHeight;
      return list.scrollTop === before;
    }, selectors.conversationList);
    if (atEnd) {
      await page.evaluate((listSelector) => {
        const list = document.querySelector<HTMLElement>(listSelector);
        if (list) list.scrollTop = 0;
      }, selectors.conversationList);
      await page.waitForTimeout(200);
    }
  }
  await row.click();
  await page.locator(selectors.messageList).waitFor({ timeout: 30_000 });
}

export interface AgentApp {
  browser: Browser;
  page: Page;
  host: BenchHost;
  openConversation(conversationId: string): Promise<void>;
  close(): Promise<void>;
}

/** Host + Chromium + sign-in: the agent at their desk, inbox on screen. */
export async function startAgentApp(options: { serverUrl: string; dataDir: string; account: 'owner' | 'agent'; browser?: Browser }): Promise<AgentApp> {
  const host = await startHost(options.dataDir);
  const browser = options.browser ?? (await launchBrowser());
  try {
    const page = await openAppPage(browser, host.url);
    await signInThroughForm(page, options.serverUrl, options.account);
    return {
      browser,
      page,
      host,
      openConversation: (conversationId) => openConversation(page, conversationId),
      async close() {
        await page.close().catch(() => undefined);
        if (!options.browser) await browser.close();
        await host.child.stop();
      },
    };
  } catch (error) {
    if (!options.browser) await browser.close();
    await host.child.stop();
    throw error;
  }
}
