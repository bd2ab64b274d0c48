/**
 * 2. Burst: 5,000 visitor messages across 200 open conversations in 10 s. Everything must reach the renderer
 * and the core's cache, in order, once; the renderer's longest main-thread task must stay under 50 ms.
 * Floor: a bare `ws` client subscribed to the same 200 topics, receiving the same frames.
 */
import path from 'node:path';
import { benchToken, calibrateClock, seenTokens, tokensDeliveredToRenderer, traceMainThread } from '../lib/browser.ts';
import { openHostCache } from '../lib/cache-files.ts';
import { openConversations } from '../lib/populate.ts';
import { startBenchServer, seededProject } from '../lib/server.ts';
import { atMost, result, wallNow } from '../lib/stats.ts';
import { FloorSocket, postMessage } from '../lib/tiledesk.ts';
import type { Benchmark, BenchContext } from '../lib/types.ts';
import { selectors, startAgentApp } from '../lib/ui.ts';

const CONVERSATIONS = 200;
const MESSAGES = 5_000;
const BURST_MS = 10_000;
const TAG = 'b';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Message k goes to conversation k mod 200: each conversation receives its 25 in k order. */
const conversationOf = (k: number) => k % CONVERSATIONS;
const tokenIndex = (token: string) => Number(token.slice(token.lastIndexOf('-') + 1));

async function run(context: BenchContext) {
  const server = await startBenchServer(path.join(context.tempDir, 'server'));
  const { owner, project } = await seededProject(server.url);
  context.log(`opening ${CONVERSATIONS} conversations assigned to the agent`);
  const seeds = await openConversations(server.url, project.projectId, owner, CONVERSATIONS, { tag: 'burst', assignTo: owner.userId });
  const hostDir = path.join(context.tempDir, 'host');
  const app = await startAgentApp({ serverUrl: server.url, dataDir: hostDir, account: 'owner' });
  const floor = await FloorSocket.connect(server.url, owner);
  let appClosed = false;
  try {
    const page = app.page;
    await page.waitForFunction((selector) => Number(document.querySelector(selector)?.textContent ?? 0) >= 200, selectors.tabCount('mine'), { timeout: 60_000 });
    const watched = seeds[0]?.requestId as string;
    await app.openConversation(watched);
    const topics = seeds.map((seed) => `/${project.projectId}/requests/${seed.requestId}/messages`);
    const topicIndex = new Map(topics.map((topic, index) => [topic, index]));
    await Promise.all(topics.map((topic) => floor.subscribe(topic, 30_000)));
    const floorArrivals = new Map<string, number[]>();
    floor.onPublish((frame, at) => {
      if (!topicIndex.has(frame.topic) || frame.method !== 'CREATE' || Array.isArray(frame.message)) return;
      const text = (frame.message as { text?: unknown } | null)?.text;
      const token = typeof text === 'string' ? text.match(/bench-b-\d+/)?.[0] : undefined;
      if (token) floorArrivals.set(token, [...(floorArrivals.get(token) ?? []), at]);
    });
    // Let the core finish subscribing to every conversation before the burst starts.
    await sleep(3_000);
    const clock = await calibrateClock(page);

    const tokens = Array.from({ length: MESSAGES }, (_, k) => benchToken(TAG, k));
    const postErrors: string[] = [];
    let burstStart = 0;
    let lastPostDone = 0;
    let deliveredAll = false;
    const tasks = await traceMainThread(app.browser, page, async () => {
      const chains: Promise<void>[] = Array.from({ length: CONVERSATIONS }, () => Promise.resolve());
      burstStart = wallNow();
      for (let k = 0; k < MESSAGES; k++) {
        const due = burstStart + (k * BURST_MS) / MESSAGES;
        const wait = due - wallNow();
        if (wait > 1) await sleep(wait);
        const seed = seeds[conversationOf(k)];
        if (!seed) continue;
        const token = tokens[k] as string;
        // One conversation's messages go one after another, so their order is defined.
        chains[conversationOf(k)] = (chains[conversationOf(k)] as Promise<void>).then(() =>
          postMessage(server.url, seed.visitor, project.projectId, seed.requestId, `Burst message ${token} from the visitor`).then(
            () => undefined,
            (error: unknown) => void postErrors.push(`${token}: ${(error as Error).message}`),
          ),
        );
      }
      await Promise.all(chains);
      lastPostDone = wallNow();
      // Parsing what the renderer received would itself be main-thread work: inside the trace, only the
      // floor is watched; the renderer is given 2 s beyond the floor's last frame.
      const deadline = Date.now() + 20_000;
      while (floorArrivals.size < MESSAGES && Date.now() < deadline) await sleep(100);
      await sleep(2_000);
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if ((await tokensDeliveredToRenderer(page, TAG, clock.offset)).size >= MESSAGES) {
        deliveredAll = true;
        break;
      }
      await sleep(500);
    }

    const rendererArrivals = await tokensDeliveredToRenderer(page, TAG, clock.offset);
    const inDom = await seenTokens(page, TAG, clock.offset);
    const domOrder = await page.evaluate(
      ({ listSelector }) => [...(document.querySelector(listSelector)?.textContent ?? '').matchAll(/bench-b-\d+/g)].map((match) => match[0]),
      { listSelector: selectors.messageList },
    );

    const lastArrival = (arrivals: Map<string, number[]>) => Math.max(...[...arrivals.values()].map((times) => Math.min(...times)));
    const rendererMissing = tokens.filter((token) => !rendererArrivals.has(token));
    const floorMissing = tokens.filter((token) => !floorArrivals.has(token));
    const watchedTokens = tokens.filter((token) => conversationOf(tokenIndex(token)) === 0);
    const watchedNeverShown = watchedTokens.filter((token) => !inDom.has(token));
    const domIndices = domOrder.map(tokenIndex);
    const domDuplicates = domOrder.length - new Set(domOrder).size;
    const domOutOfOrder = domIndices.filter((value, i) => i > 0 && value < (domIndices[i - 1] as number)).length;

    await app.close();
    appClosed = true;
    const cache = openHostCache(hostDir);
    let cacheMissing = 0;
    let cacheDuplicates = 0;
    let cacheOutOfOrder = 0;
    try {
      for (const [index, seed] of seeds.entries()) {
        const cached = cache.listMessages(seed.requestId, { limit: 1_000 }).messages;
        const found = cached.map((message) => message.text.match(/bench-b-\d+/)?.[0]).filter((token): token is string => token !== undefined);
        const expected = tokens.filter((token) => conversationOf(tokenIndex(token)) === index);
        cacheMissing += expected.filter((token) => !found.includes(token)).length;
        cacheDuplicates += found.length - new Set(found).size;
        const order = found.map(tokenIndex);
        cacheOutOfOrder += order.filter((value, i) => i > 0 && value < (order[i - 1] as number)).length;
      }
    } finally {
      cache.close();
    }

    const postSeconds = (lastPostDone - burstStart) / 1000;
    const appDrain = rendererArrivals.size ? lastArrival(rendererArrivals) - burstStart : Number.NaN;
    const floorDrain = floorArrivals.size ? lastArrival(floorArrivals) - burstStart : Number.NaN;
    const rendererRepeats = [...rendererArrivals.values()].filter((times) => times.length > 1).length;
    return [
      result({
        name: 'burst.longest-task',
        title: `Renderer's longest main-thread task while ${MESSAGES.toLocaleString('en-US')} messages arrive across ${CONVERSATIONS} open conversations`,
        unit: 'ms',
        figures: { longestTask: tasks.longestMs },
        floor: null,
        floorLabel: null,
        target: 'longest task < 50 ms',
        checks: [atMost('longest main-thread task', tasks.longestMs, 50, 'ms')],
        notes: [
          `Chromium trace of the renderer from the first post until 2 s after the floor socket had every message: ${tasks.count} tasks, ${tasks.longTasks} of 50 ms or more, ${Math.round(tasks.totalBusyMs)} ms busy in total.`,
          `One of the 200 conversations was open on screen the whole time.`,
        ],
      }),
      result({
        name: 'burst.delivery',
        title: `Burst start → last of ${MESSAGES.toLocaleString('en-US')} messages delivered (renderer vs bare socket); nothing lost, duplicated or reordered`,
        unit: 'ms',
        figures: { lastDelivered: appDrain },
        floor: { lastDelivered: floorDrain },
        floorLabel: 'bare ws client subscribed to the same 200 topics',
        target: `every message in the renderer and the cache, once, in order; posts spread over ${BURST_MS / 1000} s`,
        checks: [
          atMost('messages the renderer never received', rendererMissing.length, 0, 'messages'),
          atMost('messages missing from the cache', cacheMissing, 0, 'messages'),
          atMost('duplicates in the cache', cacheDuplicates, 0, 'messages'),
          atMost('out of order in the cache', cacheOutOfOrder, 0, 'messages'),
          atMost('open conversation: messages never shown', watchedNeverShown.length, 0, 'messages'),
          atMost('open conversation: duplicated or misordered on screen', domDuplicates + domOutOfOrder, 0, 'messages'),
        ],
        notes: [
          `Posting took ${postSeconds.toFixed(1)} s (target pace ${BURST_MS / 1000} s)${postErrors.length ? `; ${postErrors.length} posts failed, e.g. ${postErrors[0]}` : ''}.`,
          `Renderer received ${rendererArrivals.size}/${MESSAGES} (${rendererRepeats} delivered in more than one batch, harmless as upserts); floor socket ${floorArrivals.size}/${MESSAGES}${floorMissing.length ? `, missing e.g. ${floorMissing[0]}` : ''}.`,
          `Cache: ${cacheMissing} missing, ${cacheDuplicates} duplicated, ${cacheOutOfOrder} out of order.`,
          `The open conversation showed ${watchedTokens.length - watchedNeverShown.length}/${watchedTokens.length} of its burst messages; final DOM holds ${domOrder.length} of them.`,
          ...(deliveredAll ? [] : ['The renderer had not received everything 30 s after the last post.']),
        ],
      }),
    ];
  } finally {
    floor.close();
    if (!appClosed) await app.close();
    await server.child.stop();
  }
}

export const burstBenchmark: Benchmark = { name: 'burst', title: '5,000 messages across 200 conversations in 10 s', usesRenderer: true, run };
