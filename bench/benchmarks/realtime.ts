/**
 * 1. Realtime delivery: a visitor message POSTed to the server's REST API until it is in the DOM of the
 * conversation on screen, next to the floor: a bare `ws` client subscribed to the same topic, receiving
 * the same frames, in the same run. Both are timed from the moment the POST is sent.
 */
import path from 'node:path';
import { benchToken, calibrateClock, seenTokens, tokensDeliveredToRenderer, waitForTokens } from '../lib/browser.ts';
import { seededRandom } from '../lib/fixtures.ts';
import { startBenchServer, seededProject } from '../lib/server.ts';
import { atMost, distribution, result, timingFigures, wallNow } from '../lib/stats.ts';
import { addParticipant, FloorSocket, newRequestId, postMessage, signInVisitor } from '../lib/tiledesk.ts';
import type { Benchmark, BenchContext } from '../lib/types.ts';
import { startAgentApp } from '../lib/ui.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const WARMUP = 20;
const MESSAGES = 500;
/** Mean gap between posts; jittered so posts do not lock to the page's frame clock. */
const GAP_MS = 40;


async function run(context: BenchContext) {
  const server = await startBenchServer(path.join(context.tempDir, 'server'));
  const { owner, project } = await seededProject(server.url);
  const visitor = await signInVisitor(server.url, project.projectId, 'Realtime Visitor');
  const requestId = newRequestId(project.projectId, 'rt');
  await postMessage(server.url, visitor, project.projectId, requestId, 'Hello, I have a question about my order');
  // The agent on screen is a participant, as when answering a chat of their own.
  await addParticipant(server.url, owner, project.projectId, requestId, owner.userId);

  const app = await startAgentApp({ serverUrl: server.url, dataDir: path.join(context.tempDir, 'host'), account: 'owner' });
  const floor = await FloorSocket.connect(server.url, owner);
  try {
    await app.openConversation(requestId);
    const topic = `/${project.projectId}/requests/${requestId}/messages`;
    await floor.subscribe(topic);
    const tag = 'rt';
    const floorSeen = new Map<string, number>();
    floor.onPublish((frame, receivedAt) => {
      if (frame.topic !== topic || frame.method !== 'CREATE' || Array.isArray(frame.message)) return;
      const text = (frame.message as { text?: unknown } | null)?.text;
      const token = typeof text === 'string' ? text.match(/bench-rt-\d+/)?.[0] : undefined;
      if (token && !floorSeen.has(token)) floorSeen.set(token, receivedAt);
    });

    const clock = await calibrateClock(app.page);
    context.log(`page clock offset ${clock.offset.toFixed(2)} ms (±${clock.uncertainty.toFixed(2)})`);
    const random = seededRandom(1);
    const sentAt = new Map<string, number>();
    const postDurations: number[] = [];
    for (let i = 0; i < WARMUP + MESSAGES; i++) {
      const token = benchToken(tag, i);
      const start = wallNow();
      sentAt.set(token, start);
      await postMessage(server.url, visitor, project.projectId, requestId, `Visitor message ${token}: is my package on its way?`);
      postDurations.push(wallNow() - start);
      await sleep(GAP_MS * (0.75 + random() * 0.5));
    }
    const tokens = [...sentAt.keys()];
    const missingInPage = await waitForTokens(app.page, tokens, 15_000);
    const pageSeen = await seenTokens(app.page, tag, clock.offset);
    const bridgeArrivals = await tokensDeliveredToRenderer(app.page, tag, clock.offset);

    const measured = tokens.slice(WARMUP);
    const uiLatency: number[] = [];
    const floorLatency: number[] = [];
    // Where the time goes: server → host → renderer (the change batch arrives) → DOM.
    const toRenderer: number[] = [];
    const rendererToDom: number[] = [];
    for (const token of measured) {
      const sent = sentAt.get(token) as number;
      const inPage = pageSeen.get(token);
      const onFloor = floorSeen.get(token);
      const batchArrived = bridgeArrivals.get(token)?.[0];
      if (inPage !== undefined) uiLatency.push(inPage - sent);
      if (onFloor !== undefined) floorLatency.push(onFloor - sent);
      if (batchArrived !== undefined) toRenderer.push(batchArrived - sent);
      if (batchArrived !== undefined && inPage !== undefined) rendererToDom.push(inPage - batchArrived);
    }
    const ui = distribution(uiLatency);
    const bare = distribution(floorLatency);
    const missingFloor = measured.filter((token) => !floorSeen.has(token)).length;
    const missingUi = measured.filter((token) => !pageSeen.has(token)).length;
    return [
      result({
        name: 'realtime.delivery',
        title: 'Visitor message: REST POST sent → text in the DOM of the open conversation (browser host, headless Chromium)',
        unit: 'ms',
        figures: timingFigures(ui),
        floor: timingFigures(bare),
        floorLabel: 'bare ws client on the same topic',
        target: 'p50 ≤ floor p50 + 20 ms, p99 ≤ floor p99 + 60 ms, every message shown',
        checks: [
          atMost('p50 − floor p50', ui.p50 - bare.p50, 20, 'ms'),
          atMost('p99 − floor p99', ui.p99 - bare.p99, 60, 'ms'),
          atMost('messages never shown', missingUi, 0, 'messages'),
        ],
        notes: [
          `${MESSAGES} measured messages after ${WARMUP} warm-up ones, one every ~${GAP_MS} ms (jittered ±25 %), all to one conversation the agent has open.`,
          `Shown in the page: ${ui.count}/${MESSAGES}; received by the floor socket: ${bare.count}/${MESSAGES}${missingFloor ? ` (${missingFloor} never arrived)` : ''}.`,
          `REST POST round trip itself: p50 ${distribution(postDurations).p50.toFixed(1)} ms.`,
          `Breakdown (p50): POST → frame at the bare socket ${bare.p50.toFixed(1)} ms; POST → change batch received by the renderer ${distribution(toRenderer).p50.toFixed(1)} ms (so ${(distribution(toRenderer).p50 - bare.p50).toFixed(1)} ms in the host: socket, core, batching, IPC); batch received → text in the DOM ${distribution(rendererToDom).p50.toFixed(1)} ms (p99 ${distribution(rendererToDom).p99.toFixed(1)} ms).`,
          `Page clock mapped to the bench clock within ±${clock.uncertainty.toFixed(2)} ms.`,
          ...(missingInPage.length ? [`Never shown: ${missingInPage.slice(0, 5).join(', ')}${missingInPage.length > 5 ? ', …' : ''}.`] : []),
        ],
      }),
    ];
  } finally {
    floor.close();
    await app.close();
    await server.child.stop();
  }
}

export const realtimeBenchmark: Benchmark = { name: 'realtime', title: 'Realtime delivery vs a bare ws client', usesRenderer: true, run };
