/**
 * 5. Cold start from cache with the server down: from starting the host process until the inbox of 1,000
 * cached conversations is painted in the page (and then answers a click). Floor: starting a bare Node
 * process that serves one static page, and painting that page, through the same steps.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { calibrateClock, launchBrowser } from '../lib/browser.ts';
import { seedConversations } from '../lib/direct-seed.ts';
import { startChild } from '../lib/processes.ts';
import { startBenchServer, seededProject } from '../lib/server.ts';
import { countQueuedConversations } from '../lib/tiledesk.ts';
import { atMost, distribution, result, timingFigures, wallNow } from '../lib/stats.ts';
import type { Benchmark, BenchContext } from '../lib/types.ts';
import { openAppPage, selectors, signInThroughForm, startHost } from '../lib/ui.ts';

const CONVERSATIONS = 1_000;
const TRIALS = 5;
const staticScript = path.join(path.dirname(fileURLToPath(import.meta.url)), '../lib/static-child.ts');

/** When the watched selector's first frame could be painted, on the bench clock. */
async function paintedAt(page: Page, selector: string, timeoutMs: number): Promise<number> {
  await page.waitForFunction((watched) => (window.__benchProbe?.firstMatch.get(watched)?.painted ?? null) !== null, selector, { timeout: timeoutMs });
  const painted = await page.evaluate((watched) => window.__benchProbe?.firstMatch.get(watched)?.painted ?? 0, selector);
  const clock = await calibrateClock(page, 10);
  return painted - clock.offset;
}

async function run(context: BenchContext) {
  const serverDir = path.join(context.tempDir, 'server');
  await seedConversations(serverDir, CONVERSATIONS, { visitors: 100, firstText: (i) => `Hello, I need help with order ${1000 + i}` });
  const server = await startBenchServer(serverDir);
  const { owner, project } = await seededProject(server.url);
  const queued = await countQueuedConversations(server.url, owner, project.projectId);

  const hostDir = path.join(context.tempDir, 'host');
  const browser = await launchBrowser();
  try {
    // Sign in once with the server up, so the core caches the inbox; then the server goes away.
    const first = await startHost(hostDir);
    const page = await openAppPage(browser, first.url);
    await signInThroughForm(page, server.url, 'owner');
    await page.waitForFunction(({ selector, expected }) => Number(document.querySelector(selector)?.textContent ?? 0) >= expected, { selector: selectors.tabCount('queue'), expected: queued }, { timeout: 120_000 });
    await page.close();
    await first.child.stop();
    await server.child.stop();

    const appTimes: number[] = [];
    const clickTimes: number[] = [];
    const floorTimes: number[] = [];
    let shownCount = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const started = wallNow();
      const host = await startHost(hostDir);
      const hostListening = host.child.ready.listeningAt - started;
      const appPage = await openAppPage(browser, host.url);
      const painted = await paintedAt(appPage, selectors.anyRow, 30_000);
      appTimes.push(painted - started);
      shownCount = await appPage.evaluate((selector) => Number(document.querySelector(selector)?.textContent ?? 0), selectors.tabCount('queue'));
      const clickStart = wallNow();
      await appPage.locator(selectors.anyRow).first().click();
      await appPage.locator(selectors.messageList).waitFor({ timeout: 30_000 });
      clickTimes.push(wallNow() - clickStart);
      context.log(`trial ${trial + 1}: host listening after ${hostListening.toFixed(0)} ms, inbox painted after ${(painted - started).toFixed(0)} ms`);
      await appPage.close();
      await host.child.stop();

      const floorStart = wallNow();
      const floorChild = await startChild<{ url: string }>(staticScript, {}, { label: 'static page' });
      const floorPage = await browser.newPage();
      await floorPage.addInitScript(() => {
        const observer = new MutationObserver(() => {
          if (!document.getElementById('ready')) return;
          observer.disconnect();
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              (window as unknown as { __floorPainted: number }).__floorPainted = performance.timeOrigin + performance.now();
            };
            channel.port2.postMessage(null);
          });
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      await floorPage.goto(floorChild.ready.url);
      await floorPage.waitForFunction(() => (window as unknown as { __floorPainted?: number }).__floorPainted !== undefined);
      const floorPainted = await floorPage.evaluate(() => (window as unknown as { __floorPainted: number }).__floorPainted);
      const floorClock = await calibrateClock(floorPage, 10);
      floorTimes.push(floorPainted - floorClock.offset - floorStart);
      await floorPage.close();
      await floorChild.stop();
    }

    const app = distribution(appTimes);
    const floor = distribution(floorTimes);
    return [
      result({
        name: 'cold-start.inbox',
        title: `Host process start → inbox of ${CONVERSATIONS.toLocaleString('en-US')} cached conversations painted, server down`,
        unit: 'ms',
        figures: timingFigures(app),
        floor: timingFigures(floor),
        floorLabel: 'bare Node process serving one static page, painted',
        target: '< 1 s (p50)',
        checks: [atMost('p50', app.p50, 1_000, 'ms'), atMost('cached queue conversations not shown', queued - shownCount, 0, 'conversations')],
        notes: [
          `${TRIALS} cold starts of the browser host (a Node process running the core from TypeScript sources), each with a new page.`,
          `The queue tab counted ${shownCount} conversations from the cache (${queued} queued on the server; of the ${CONVERSATIONS.toLocaleString('en-US')} opened, the rest were routed to the two agents up to their chat limit).`,
          `Then a click on the first row opened its conversation in p50 ${distribution(clickTimes).p50.toFixed(0)} ms (from the cache, server still down).`,
        ],
      }),
    ];
  } finally {
    await browser.close();
    await server.child.stop();
  }
}

export const coldStartBenchmark: Benchmark = { name: 'cold-start', title: 'Cold start from cache with the server down', usesRenderer: true, run };
