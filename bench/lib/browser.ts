/**
 * Headless Chromium (Debian's, with the project's launch options) and what the bench measures inside a page:
 * a token probe (first time a text appears in the DOM), a clock shared with Node, main-thread task
 * lengths from a trace, and the JS heap from CDP.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
import { chromiumLaunch } from '../../playwright.config.ts';
import { wallNow } from './stats.ts';

const launched = new Set<Browser>();

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  launched.add(browser);
  browser.on('disconnected', () => launched.delete(browser));
  return browser;
}

/** For the harness: whatever a benchmark left open (it failed or timed out) is closed before the next one. */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.all([...launched].map((browser) => browser.close().catch(() => undefined)));
}

/** Bench texts carry `bench-<tag>-<n>`: the probe records when each first enters the DOM. */
export function benchToken(tag: string, index: number): string {
  return `bench-${tag}-${index}`;
}

declare global {
  interface Window {
    __benchProbe?: {
      /** token → page wall-clock ms (timeOrigin + now) of the first DOM mutation that contained it. */
      seen: Map<string, number>;
      /** selector → when it first matched after a mutation, and when that frame could be painted. */
      firstMatch: Map<string, { inDom: number; painted: number | null }>;
    };
  }
}

/**
 * Runs in the page before any app script: a MutationObserver that timestamps every bench token it sees, and
 * the first time each watched selector matches (plus the end of the frame that could paint it).
 */
function tokenProbe(watchedSelectors: string[]): void {
  const seen = new Map<string, number>();
  const firstMatch = new Map<string, { inDom: number; painted: number | null }>();
  const pattern = /bench-[a-z0-9]+-\d+/g;
  window.__benchProbe = { seen, firstMatch };
  const scan = (text: string | null, at: number) => {
    if (!text || !text.includes('bench-')) return;
    for (const match of text.matchAll(pattern)) if (!seen.has(match[0])) seen.set(match[0], at);
  };
  // Text node by text node: an element's textContent runs adjacent texts together ("bench-x-6" + "6:53 PM").
  const scanNode = (node: Node, at: number) => {
    if (node.nodeType === Node.TEXT_NODE) return scan((node as Text).data, at);
    if (!node.textContent?.includes('bench-')) return;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) scan((text as Text).data, at);
  };
  const observer = new MutationObserver((records) => {
    const at = performance.timeOrigin + performance.now();
    for (const record of records) {
      if (record.type === 'characterData') scanNode(record.target, at);
      else for (const node of record.addedNodes) scanNode(node, at);
    }
    for (const selector of watchedSelectors) {
      if (firstMatch.has(selector) || !document.querySelector(selector)) continue;
      const entry = { inDom: at, painted: null as number | null };
      firstMatch.set(selector, entry);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          entry.painted = performance.timeOrigin + performance.now();
        };
        channel.port2.postMessage(null);
      });
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

export async function installTokenProbe(page: Page, watchedSelectors: string[] = []): Promise<void> {
  await page.addInitScript(tokenProbe, watchedSelectors);
}

/** Tokens seen so far with the tag, mapped to the bench's clock. */
export async function seenTokens(page: Page, tag: string, clockOffset: number): Promise<Map<string, number>> {
  const entries = await page.evaluate((prefix) => [...(window.__benchProbe?.seen ?? new Map<string, number>())].filter(([token]) => token.startsWith(prefix)), `bench-${tag}-`);
  return new Map(entries.map(([token, at]) => [token, at - clockOffset]));
}

/** Waits until every given token has been seen in the page (or the timeout passes); returns the missing ones. */
export async function waitForTokens(page: Page, tokens: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let missing = tokens;
  while (Date.now() < deadline) {
    missing = await page.evaluate((wanted) => wanted.filter((token) => !window.__benchProbe?.seen.has(token)), missing);
    if (missing.length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return missing;
}

/**
 * page clock − bench clock, from the round trip with the smallest delay (error ≤ half that round trip).
 * Both are wall-clock milliseconds, but Chromium and Node fix their time origins independently.
 */
export async function calibrateClock(page: Page, rounds = 25): Promise<{ offset: number; uncertainty: number }> {
  let best = { offset: 0, uncertainty: Number.POSITIVE_INFINITY };
  for (let i = 0; i < rounds; i++) {
    const sent = wallNow();
    const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
    const received = wallNow();
    const halfTrip = (received - sent) / 2;
    if (halfTrip < best.uncertainty) best = { offset: pageTime - (sent + halfTrip), uncertainty: halfTrip };
  }
  return best;
}

export async function cdpSession(page: Page): Promise<CDPSession> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  return session;
}

/** JS heap in use, in bytes; after a forced GC when asked (for growth measurements). */
export async function jsHeapUsed(session: CDPSession, collectGarbage: boolean): Promise<number> {
  if (collectGarbage) await session.send('HeapProfiler.collectGarbage');
  const { metrics } = await session.send('Performance.getMetrics');
  const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize');
  if (!used) throw new Error('CDP Performance.getMetrics has no JSHeapUsedSize');
  return used.value;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { type?: string; functionName?: string; url?: string; lineNumber?: number } };
}

export interface MainThreadTasks {
  count: number;
  longestMs: number;
  /** Tasks of 50 ms or more (the "long task" threshold). */
  longTasks: number;
  totalBusyMs: number;
  /** What the longest tasks spent their time on, e.g. "121 ms: EventDispatch message 95 ms (RunMicrotasks 60 ms, …)". */
  longest: string[];
}

/** Records a Chromium trace of the page's renderer while `action` runs and returns its main-thread task lengths. */
export async function traceMainThread(browser: Browser, page: Page, action: () => Promise<void>): Promise<MainThreadTasks> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
  // stopTracing must run even when the action failed, or the next startTracing refuses.
  const outcome = await action().then(
    () => null,
    (error: unknown) => ({ error }),
  );
  const buffer = await browser.stopTracing();
  if (outcome) throw outcome.error;
  return mainThreadTasks(buffer);
}

function label(event: TraceEvent): string {
  const data = event.args?.data;
  if (event.name === 'EventDispatch' && data?.type) return `EventDispatch ${data.type}`;
  if (event.name === 'FunctionCall' && data?.url) return `FunctionCall ${data.functionName || '(anonymous)'} ${data.url.split('/').pop()}:${data.lineNumber ?? 0}`;
  return event.name;
}

const endOf = (event: TraceEvent) => event.ts + (event.dur ?? 0);
const contains = (outer: TraceEvent, inner: TraceEvent) => outer.ts <= inner.ts && endOf(outer) >= endOf(inner);

/** The events directly inside `parent` (not nested in another of its children), longest first. */
function childrenOf(parent: TraceEvent, candidates: TraceEvent[]): TraceEvent[] {
  const inside = candidates.filter((event) => event !== parent && (event.dur ?? 0) > 0 && contains(parent, event));
  const nestedIn = (event: TraceEvent, index: number) =>
    inside.some((other, otherIndex) => otherIndex !== index && contains(other, event) && ((other.dur ?? 0) > (event.dur ?? 0) || otherIndex < index));
  return inside.filter((event, index) => !nestedIn(event, index)).sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
}

/** Skips wrappers (an event whose one child covers nearly all of it) down to where the time splits. */
function unwrap(event: TraceEvent, candidates: TraceEvent[]): TraceEvent {
  let current = event;
  for (;;) {
    const [first] = childrenOf(current, candidates);
    if (!first || (first.dur ?? 0) < 0.9 * (current.dur ?? 0)) return current;
    current = first;
  }
}

function describe(outer: TraceEvent, candidates: TraceEvent[]): string {
  const task = unwrap(outer, candidates);
  const ms = (event: TraceEvent) => `${((event.dur ?? 0) / 1000).toFixed(0)} ms`;
  const significant = (event: TraceEvent) => (event.dur ?? 0) >= 2_000;
  const children = childrenOf(task, candidates);
  // Time no trace event accounts for: the thread held the task but got no CPU (other processes running).
  const unattributed = (outer.dur ?? 0) - children.reduce((sum, child) => sum + (child.dur ?? 0), 0);
  const parts = children
    .filter(significant)
    .slice(0, 3)
    .map((child) => {
      const inner = unwrap(child, candidates);
      const detail = childrenOf(inner, candidates)
        .filter(significant)
        .slice(0, 3)
        .map((event) => `${label(event)} ${ms(event)}`);
      const path = inner === child ? label(child) : `${label(child)} › ${label(inner)}`;
      return `${path} ${ms(child)}${detail.length ? ` (${detail.join(', ')})` : ''}`;
    });
  const waiting = unattributed > 0.2 * (outer.dur ?? 0) ? `; ${(unattributed / 1000).toFixed(0)} ms in no traced event (likely waiting for a CPU)` : '';
  return `${ms(outer)}: ${parts.join('; ') || 'no detail in the trace'}${waiting}`;
}

export function mainThreadTasks(buffer: Buffer): MainThreadTasks {
  const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mainThreads = new Set(
    events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
  );
  const onMain = events.filter((event) => event.ph === 'X' && mainThreads.has(`${event.pid}:${event.tid}`));
  const tasks = onMain.filter((event) => event.name === 'RunTask');
  const durations = tasks.map((event) => (event.dur ?? 0) / 1000);
  const longestTasks = [...tasks].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 3);
  return {
    count: durations.length,
    longestMs: durations.reduce((max, value) => Math.max(max, value), 0),
    longTasks: durations.filter((value) => value >= 50).length,
    totalBusyMs: durations.reduce((sum, value) => sum + value, 0),
    longest: longestTasks.map((task) => {
      const end = task.ts + (task.dur ?? 0);
      return describe(task, onMain.filter((event) => event.ts >= task.ts && event.ts <= end));
    }),
  };
}

declare global {
  interface Window {
    __benchBridge?: {
      syncFrames: Array<{ at: number; text: string }>;
      results: Array<{ at: number; length: number; text: string | null }>;
      connection: Array<{ at: number; text: string }>;
    };
  }
}

/**
 * Runs in the page before the app: keeps every frame the host's IPC socket delivers (raw, analysed later so
 * the page pays only a push), to check that no change batch was lost and to time large results.
 */
function bridgeProbe(): void {
  const syncFrames: Array<{ at: number; text: string }> = [];
  const results: Array<{ at: number; length: number; text: string | null }> = [];
  const connection: Array<{ at: number; text: string }> = [];
  window.__benchBridge = { syncFrames, results, connection };
  const Native = window.WebSocket;
  class ProbedWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      if (!String(url).endsWith('/ipc')) return;
      this.addEventListener('message', (event: MessageEvent) => {
        const at = performance.timeOrigin + performance.now();
        const text = typeof event.data === 'string' ? event.data : '';
        if (text.startsWith('{"type":"event","event":"sync.batch"')) syncFrames.push({ at, text });
        else if (text.startsWith('{"type":"event","event":"connection.changed"')) connection.push({ at, text });
        else if (text.startsWith('{"type":"result"')) results.push({ at, length: text.length, text: text.length > 100_000 ? text : null });
      });
    }
  }
  window.WebSocket = ProbedWebSocket;
}

export async function installBridgeProbe(page: Page): Promise<void> {
  await page.addInitScript(bridgeProbe);
}

/** Bench tokens in the `messages` of every change batch the renderer received: token → arrivals (bench clock). */
export async function tokensDeliveredToRenderer(page: Page, tag: string, clockOffset: number): Promise<Map<string, number[]>> {
  const entries = await page.evaluate((prefix) => {
    const arrivals = new Map<string, number[]>();
    for (const frame of window.__benchBridge?.syncFrames ?? []) {
      const parsed = JSON.parse(frame.text) as { payload?: { messages?: Array<{ text?: string }> } };
      for (const message of parsed.payload?.messages ?? []) {
        const token = message.text?.match(/bench-[a-z0-9]+-\d+/)?.[0];
        if (token?.startsWith(prefix)) arrivals.set(token, [...(arrivals.get(token) ?? []), frame.at]);
      }
    }
    return [...arrivals];
  }, `bench-${tag}-`);
  return new Map(entries.map(([token, times]) => [token, times.map((at) => at - clockOffset)]));
}

/**
 * In the page: clicks the element and resolves when the token is shown inside `within` (the message list; the
 * inbox row's preview may carry the same text) and the frame showing it could be painted. Times are ms from
 * the click; null when the token was not shown within the timeout.
 */
export function clickUntilTokenPainted({ selector, within, token, timeoutMs }: { selector: string; within: string; token: string; timeoutMs: number }): Promise<{
  inDom: number;
  painted: number;
  /** ms from the click to the largest IPC result that arrived before the paint (the data the view needed). */
  dataArrived: number | null;
} | null> {
  return new Promise((resolve, reject) => {
    const target = document.querySelector<HTMLElement>(selector);
    if (!target) {
      reject(new Error(`nothing matches ${selector}`));
      return;
    }
    // Text node by text node, so "bench-x-1" is not found inside "bench-x-19".
    const shown = () => {
      const container = document.querySelector(within);
      if (!container) return false;
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        if ((text as Text).data.match(/bench-[a-z0-9]+-\d+/g)?.includes(token)) return true;
      }
      return false;
    };
    if (shown()) {
      reject(new Error(`${token} is already shown in ${within}`));
      return;
    }
    const start = performance.timeOrigin + performance.now();
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      const inDom = performance.timeOrigin + performance.now();
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const painted = performance.timeOrigin + performance.now();
          const results = (window.__benchBridge?.results ?? []).filter((result) => result.at >= start && result.at <= painted);
          const largest = results.reduce<(typeof results)[number] | null>((best, result) => (!best || result.length > best.length ? result : best), null);
          resolve({ inDom: inDom - start, painted: painted - start, dataArrived: largest ? largest.at - start : null });
        };
        channel.port2.postMessage(null);
      });
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, timeoutMs);
    observer.observe(document, { subtree: true, childList: true, characterData: true });
    target.click();
  });
}

/**
 * In the page: performs a click or a typed value, then times the work it causes until the page could paint:
 * the handler, every microtask after it (Vue's render flush), and a forced style and layout. The wait for the
 * next vsync is not included (it is not work, and is up to 16.7 ms by chance); `frame` includes it.
 */
export function timeInteraction({ selector, value }: { selector: string; value?: string }): Promise<{ work: number; frame: number }> {
  return new Promise((resolve, reject) => {
    const element = document.querySelector<HTMLElement>(selector);
    if (!element) {
      reject(new Error(`nothing matches ${selector}`));
      return;
    }
    const start = performance.now();
    if (value === undefined) element.click();
    else {
      (element as HTMLInputElement).value = value;
      element.dispatchEvent(new Event('input', { bubbles: true }));
    }
    // A message-channel task runs only after every microtask the interaction queued.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      void document.body.offsetHeight;
      const work = performance.now() - start;
      requestAnimationFrame(() => {
        const after = new MessageChannel();
        after.port1.onmessage = () => resolve({ work, frame: performance.now() - start });
        after.port2.postMessage(null);
      });
    };
    channel.port2.postMessage(null);
  });
}

/** When the renderer heard the core's connection come back `online` after `since` (bench clock), if it did. */
export async function connectionOnlineAfter(page: Page, since: number, clockOffset: number): Promise<number | null> {
  const frames = await page.evaluate(() => window.__benchBridge?.connection ?? []);
  for (const frame of frames) {
    const at = frame.at - clockOffset;
    const status = (JSON.parse(frame.text) as { payload?: { status?: string } }).payload?.status;
    if (at >= since && status === 'online') return at;
  }
  return null;
}
