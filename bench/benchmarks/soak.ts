/**
 * 7. Soak: an hour of traffic compressed into a steady stream of 50,000 visitor messages while conversations
 * open and close, with the agent moving between conversations. Renderer JS heap (after GC) and host RSS are
 * sampled throughout; growth after warm-up must stay under 10 %.
 */
import path from 'node:path';
import { cdpSession, jsHeapUsed } from '../lib/browser.ts';
import { startBenchServer, seededProject } from '../lib/server.ts';
import { atMost, result, wallNow } from '../lib/stats.ts';
import {
  addParticipant,
  closeRequest,
  newRequestId,
  postMessage,
  postMessagesMulti,
  signInVisitor,
  type Credentials,
} from '../lib/tiledesk.ts';
import type { Benchmark, BenchContext } from '../lib/types.ts';
import { selectors, startAgentApp } from '../lib/ui.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const MESSAGES = 50_000;
const STREAM_MS = 150_000;
/** Hard stop: a server that cannot keep the pace ends the stream early (reported). */
const MAX_STREAM_MS = 210_000;
const WORKERS = 4;
const SLOTS_PER_WORKER = 10;
const BATCH = 5;
const MESSAGES_PER_CONVERSATION = 50;
const SAMPLE_EVERY_MS = 10_000;
const SWITCH_EVERY_MS = 10_000;
const WARMUP_SHARE = 0.2;
const MiB = 2 ** 20;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] as number) : Number.NaN;
};

interface Slot {
  requestId: string;
  visitor: Credentials;
  posted: number;
}

async function run(context: BenchContext) {
  const server = await startBenchServer(path.join(context.tempDir, 'server'));
  const { owner, project } = await seededProject(server.url);
  let opened = 0;
  let closed = 0;
  const openSlot = async (): Promise<Slot> => {
    const visitor = await signInVisitor(server.url, project.projectId, `Soak visitor ${opened}`);
    const requestId = newRequestId(project.projectId, 'soak');
    await postMessage(server.url, visitor, project.projectId, requestId, `Hi, this is chat ${opened}`);
    await addParticipant(server.url, owner, project.projectId, requestId, owner.userId);
    opened++;
    return { requestId, visitor, posted: 1 };
  };
  const slots: Slot[] = [];
  for (let i = 0; i < WORKERS * SLOTS_PER_WORKER; i++) slots.push(await openSlot());

  const app = await startAgentApp({ serverUrl: server.url, dataDir: path.join(context.tempDir, 'host'), account: 'owner' });
  try {
    const page = app.page;
    const session = await cdpSession(page);
    await page.locator(selectors.tab('mine')).click();
    await app.openConversation(slots[0]?.requestId as string);

    const streamStart = wallNow();
    const samples: Array<{ at: number; heap: number; rss: number; hostHeap: number; hostExternal: number }> = [];
    const sample = async () => {
      const host = await app.host.memory();
      return { at: wallNow() - streamStart, heap: await jsHeapUsed(session, true), rss: host.rss, hostHeap: host.heapUsed, hostExternal: host.external };
    };
    let posted = 0;
    let failures = 0;
    let stop = false;
    /** Sleeps in short steps so the helpers end promptly once the stream is over. */
    const pause = async (ms: number) => {
      const until = Date.now() + ms;
      while (!stop && Date.now() < until) await sleep(Math.min(250, until - Date.now()));
    };
    const sampler = (async () => {
      while (!stop) {
        samples.push(await sample());
        await pause(SAMPLE_EVERY_MS);
      }
    })();
    let switches = 0;
    const switcher = (async () => {
      while (!stop) {
        await pause(SWITCH_EVERY_MS);
        if (stop) break;
        // The agent moves on to another of their conversations, as the list shows it.
        const rows = page.locator(selectors.anyRow);
        const count = await rows.count();
        if (count > 1) {
          await rows.nth(1 + (switches % (count - 1))).click().catch(() => undefined);
          switches++;
        }
      }
    })();

    const perWorker = MESSAGES / WORKERS;
    const pace = STREAM_MS / (perWorker / BATCH);
    const worker = async (index: number) => {
      const mySlots = slots.slice(index * SLOTS_PER_WORKER, (index + 1) * SLOTS_PER_WORKER);
      const start = wallNow();
      for (let step = 0; step * BATCH < perWorker; step++) {
        if (wallNow() - streamStart > MAX_STREAM_MS) return;
        const wait = start + step * pace - wallNow();
        if (wait > 1) await sleep(wait);
        const slotIndex = step % mySlots.length;
        const slot = mySlots[slotIndex] as Slot;
        const batch = Array.from({ length: BATCH }, (_, i) => ({
          sender: slot.visitor.userId,
          senderFullname: 'Soak visitor',
          text: `Message ${slot.posted + i} of a long day, step ${step}`,
        }));
        try {
          await postMessagesMulti(server.url, owner, project.projectId, slot.requestId, batch);
          slot.posted += BATCH;
          posted += BATCH;
          if (slot.posted >= MESSAGES_PER_CONVERSATION) {
            await closeRequest(server.url, owner, project.projectId, slot.requestId);
            closed++;
            mySlots[slotIndex] = await openSlot();
          }
        } catch {
          failures++;
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
    const streamSeconds = (wallNow() - streamStart) / 1000;
    // Let the last batches settle, take a final sample, then stop the helpers.
    await sleep(3_000);
    stop = true;
    await Promise.all([sampler, switcher]);
    samples.push(await sample());

    const end = samples.at(-1)?.at ?? 0;
    const warmupEnd = end * WARMUP_SHARE;
    const baseline = samples.filter((sample) => sample.at >= warmupEnd && sample.at <= warmupEnd + end * 0.2);
    const final = samples.filter((sample) => sample.at >= end * 0.8);
    const growth = (pick: (sample: (typeof samples)[number]) => number) => {
      const base = median(baseline.map(pick));
      return ((median(final.map(pick)) - base) / base) * 100;
    };
    const heapGrowth = growth((sample) => sample.heap);
    const rssGrowth = growth((sample) => sample.rss);
    const series = (pick: (sample: (typeof samples)[number]) => number) => samples.map((entry) => (pick(entry) / MiB).toFixed(1)).join(' → ');
    const streamNote = `${posted.toLocaleString('en-US')} messages in ${streamSeconds.toFixed(0)} s (${Math.round(posted / streamSeconds)}/s) over ${opened} conversations, ${closed} closed along the way; the agent switched conversation ${switches} times${failures ? `; ${failures} posts failed` : ''}.`;
    const mib = (pick: (sample: (typeof samples)[number]) => number, which: typeof samples) => (median(which.map(pick)) / MiB).toFixed(1);
    const shortfall = posted < MESSAGES ? ` The server could not keep the pace on this machine: ${(MESSAGES - posted).toLocaleString('en-US')} messages were not sent before the ${MAX_STREAM_MS / 1000} s stop.` : '';
    return [
      result({
        name: 'soak.renderer-heap',
        title: `Renderer JS heap growth after warm-up over ${MESSAGES.toLocaleString('en-US')} streamed messages (after GC)`,
        unit: '%',
        figures: { growth: heapGrowth },
        floor: null,
        floorLabel: null,
        target: 'growth < 10 %',
        checks: [atMost('heap growth', heapGrowth, 10, '%')],
        notes: [
          streamNote + shortfall,
          `Median heap ${mib((s) => s.heap, baseline)} MiB after warm-up, ${mib((s) => s.heap, final)} MiB at the end. Samples every ${SAMPLE_EVERY_MS / 1000} s (MiB): ${series((s) => s.heap)}.`,
          `Warm-up: the first ${WARMUP_SHARE * 100} % of the run; baseline = median of the next 20 %, end = median of the last 20 %. Growth floor: 0 %.`,
        ],
      }),
      result({
        name: 'soak.host-rss',
        title: `Host (core) process RSS growth after warm-up over ${MESSAGES.toLocaleString('en-US')} streamed messages (after GC)`,
        unit: '%',
        figures: { growth: rssGrowth },
        floor: null,
        floorLabel: null,
        target: 'growth < 10 %',
        checks: [atMost('RSS growth', rssGrowth, 10, '%')],
        notes: [
          `Median RSS ${mib((s) => s.rss, baseline)} MiB after warm-up, ${mib((s) => s.rss, final)} MiB at the end (samples: ${series((s) => s.rss)}).`,
          `For attribution, the host's JS heap after GC: ${mib((s) => s.hostHeap, baseline)} → ${mib((s) => s.hostHeap, final)} MiB (${growth((s) => s.hostHeap).toFixed(1)} %; samples: ${series((s) => s.hostHeap)}); external (Buffers, native objects): ${mib((s) => s.hostExternal, baseline)} → ${mib((s) => s.hostExternal, final)} MiB. What RSS gains beyond these is native memory (SQLite page cache, allocator arenas).`,
        ],
      }),
    ];
  } finally {
    await app.close();
    await server.child.stop();
  }
}

export const soakBenchmark: Benchmark = { name: 'soak', title: 'One hour compressed: 50,000 messages, memory growth', usesRenderer: true, run };
