import { beforeEach, describe, expect, it } from 'vitest';
import {
  BURST_WINDOW_MS,
  REPLAY_MAX_AGE_MS,
  REPLAY_MAX_WAIT_MS,
  REPLAY_SETTLE_MS,
  SOUND_INTERVAL_MS,
  createAlertPolicy,
  type AlertContext,
  type AlertEvent,
  type AlertPolicy,
} from '../../src/main/core/alerts/alert-policy.ts';
import { alertLocale, type AlertLocale } from '../../src/main/core/alerts/alert-text.ts';
import type { AlertNotification } from '../../src/main/core/ports.ts';
import { RequestStatus, type AlertSettings, type Conversation, type Message } from '../../src/shared/domain.ts';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';

const ME = 'agent-me';
const START = Date.parse('2026-03-01T10:00:00.000Z');

/** A fake clock with timers that fire, in order, when the test advances time. */
function fakeClock() {
  let now = START;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer(fn: () => void, ms: number): unknown {
      const id = ++nextId;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer(id: unknown) {
      timers.delete(id as number);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    pendingTimers: () => timers.size,
  };
}

let clock: ReturnType<typeof fakeClock>;
let shown: AlertNotification[];
let closed: string[];
let sounds: Array<{ kind: 'queue' | 'message'; at: number }>;
let settings: AlertSettings;
let windowState: { visible: boolean; focused: boolean };
let locale: AlertLocale;
let policy: AlertPolicy;

beforeEach(() => {
  clock = fakeClock();
  shown = [];
  closed = [];
  sounds = [];
  settings = { queueAlerts: true, messageAlerts: true, queueSound: true, messageSound: true, onlyWhenHidden: false, doNotDisturb: false };
  windowState = { visible: false, focused: false };
  locale = 'en';
  policy = createAlertPolicy({
    notifier: { show: (notification) => shown.push(notification), close: (tag) => closed.push(tag) },
    window: { isVisible: () => windowState.visible, isFocused: () => windowState.focused },
    settings: () => settings,
    locale: () => locale,
    now: clock.now,
    playSound: (kind) => sounds.push({ kind, at: clock.now() - START }),
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
});

const context: AlertContext = { myUserId: ME, viewedConversationId: null };
const iso = (ms: number) => new Date(ms).toISOString();

function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return makeConversation({
    id,
    participants: [ME],
    visitor: { id: `v-${id}`, name: `Visitor ${id}`, email: null, attributes: {} },
    firstText: `First words of ${id}`,
    createdAt: iso(clock.now()),
    ...overrides,
  });
}

function queued(id: string, overrides: Partial<Conversation> = {}, replay = false): AlertEvent {
  return { kind: 'queued', conversation: conversation(id, { status: RequestStatus.unassigned, participants: [], ...overrides }), replay };
}

type MessageEvent = Extract<AlertEvent, { kind: 'message' }>;

let messageCounter = 0;
function visitorSays(conversationId: string, text: string, overrides: Partial<Message> = {}, replay = false): MessageEvent {
  return {
    kind: 'message',
    conversation: conversation(conversationId),
    message: makeMessage({
      id: `msg-${++messageCounter}`,
      conversationId,
      sender: `v-${conversationId}`,
      author: 'visitor',
      text,
      createdAt: iso(clock.now()),
      ...overrides,
    }),
    replay,
  };
}

function replayed(conversationId: string, text: string, ageMs = 60_000): MessageEvent {
  return visitorSays(conversationId, text, { createdAt: iso(clock.now() - ageMs) }, true);
}

function afterBurstWindow() {
  clock.advance(BURST_WINDOW_MS);
}

describe('what alerts', () => {
  it('a new conversation in the queue: a toast with the visitor and first text, and the queue sound at once', () => {
    policy.ingest([queued('r1')], context);
    expect(sounds).toEqual([{ kind: 'queue', at: 0 }]);
    afterBurstWindow();
    expect(shown).toEqual([
      { tag: 'r1', title: 'New request from Visitor r1', body: 'First words of r1', conversationId: 'r1', sound: null },
    ]);
  });

  it('a visitor message in one of my conversations: a toast with the visitor name and the message', () => {
    policy.ingest([visitorSays('r1', 'Is anyone there?')], context);
    expect(sounds).toEqual([{ kind: 'message', at: 0 }]);
    afterBurstWindow();
    expect(shown).toEqual([{ tag: 'r1', title: 'Visitor r1', body: 'Is anyone there?', conversationId: 'r1', sound: null }]);
  });

  it('waits for the burst window before showing, then shows once', () => {
    policy.ingest([visitorSays('r1', 'hello')], context);
    clock.advance(BURST_WINDOW_MS - 1);
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown).toHaveLength(1);
    clock.advance(60_000);
    expect(shown).toHaveLength(1);
  });
});

describe('what does not alert', () => {
  it.each<[string, Partial<Message>]>([
    ['my own message', { author: 'me', sender: ME }],
    ['my message from another device', { author: 'visitor', sender: ME }],
    ["another agent's message", { author: 'agent', sender: 'agent-2' }],
    ['a bot message', { author: 'bot', sender: 'bot_1' }],
    ['a system line', { author: 'system', sender: 'system' }],
    ['an info line', { attributes: { subtype: 'info' } }],
    ['an agent-side notice', { attributes: { subtype: 'info/support' } }],
  ])('%s', (_, overrides) => {
    policy.ingest([visitorSays('r1', 'text', overrides)], context);
    clock.advance(10_000);
    expect(shown).toEqual([]);
    expect(sounds).toEqual([]);
  });

  it('a visitor message in a conversation I am not part of', () => {
    const event = visitorSays('r1', 'hello');
    policy.ingest([{ ...event, conversation: { ...event.conversation, participants: ['agent-2'] } }], context);
    clock.advance(10_000);
    expect(shown).toEqual([]);
    expect(sounds).toEqual([]);
  });

  it('a "queued" event for a conversation that is no longer unassigned', () => {
    policy.ingest([queued('r1', { status: RequestStatus.assigned })], context);
    clock.advance(10_000);
    expect(shown).toEqual([]);
  });

  it('the conversation I am looking at in the focused window', () => {
    windowState = { visible: true, focused: true };
    policy.ingest([visitorSays('r1', 'hello')], { myUserId: ME, viewedConversationId: 'r1' });
    clock.advance(10_000);
    expect(shown).toEqual([]);
    expect(sounds).toEqual([]);
  });

  it('but it does when that window is not focused, or another conversation is on screen', () => {
    windowState = { visible: true, focused: false };
    policy.ingest([visitorSays('r1', 'one')], { myUserId: ME, viewedConversationId: 'r1' });
    afterBurstWindow();
    windowState = { visible: true, focused: true };
    clock.advance(SOUND_INTERVAL_MS);
    policy.ingest([visitorSays('r2', 'two')], { myUserId: ME, viewedConversationId: 'r1' });
    afterBurstWindow();
    expect(shown.map((n) => n.body)).toEqual(['one', 'two']);
    expect(sounds.map((s) => s.kind)).toEqual(['message', 'message']);
  });
});

describe('bursts', () => {
  it('become one summary toast when several conversations fire within the window', () => {
    policy.ingest([visitorSays('r1', 'a'), visitorSays('r2', 'b')], context);
    clock.advance(500);
    policy.ingest([visitorSays('r3', 'c'), visitorSays('r1', 'd')], context);
    clock.advance(500);
    policy.ingest([visitorSays('r2', 'e')], context);
    clock.advance(BURST_WINDOW_MS);
    expect(shown).toEqual([
      { tag: 'summary', title: 'New activity', body: '5 new messages in 3 conversations', conversationId: null, sound: null },
    ]);
    expect(sounds).toEqual([{ kind: 'message', at: 0 }]);
  });

  it('count new requests and messages separately', () => {
    policy.ingest([queued('q1'), queued('q2'), visitorSays('r1', 'a'), visitorSays('r1', 'b'), visitorSays('r2', 'c')], context);
    afterBurstWindow();
    expect(shown.map((n) => n.body)).toEqual(['2 new requests · 3 new messages in 2 conversations']);
    expect(sounds.map((s) => s.kind).sort()).toEqual(['message', 'queue']);
  });

  it('within one conversation give one toast with the count and the latest message', () => {
    policy.ingest([visitorSays('r1', 'first'), visitorSays('r1', 'second'), visitorSays('r1', 'third')], context);
    afterBurstWindow();
    expect(shown).toEqual([{ tag: 'r1', title: 'Visitor r1 · 3 new messages', body: 'third', conversationId: 'r1', sound: null }]);
  });

  it('a request and its first follow-up message stay one request toast', () => {
    policy.ingest([queued('r1')], context);
    policy.ingest([visitorSays('r1', 'are you there?')], context);
    afterBurstWindow();
    expect(shown).toEqual([{ tag: 'r1', title: 'New request from Visitor r1', body: 'are you there?', conversationId: 'r1', sound: null }]);
  });

  it("a conversation's newer toast carries the same tag as its older one, so it replaces it", () => {
    policy.ingest([visitorSays('r1', 'first')], context);
    afterBurstWindow();
    clock.advance(10_000);
    policy.ingest([visitorSays('r1', 'later')], context);
    afterBurstWindow();
    expect(shown.map((n) => [n.tag, n.body])).toEqual([
      ['r1', 'first'],
      ['r1', 'later'],
    ]);
  });
});

describe('sounds', () => {
  it('play at most once per kind in the throttle interval, queue and messages independently', () => {
    policy.ingest([visitorSays('r1', 'a')], context);
    clock.advance(1_000);
    policy.ingest([visitorSays('r1', 'b'), queued('q1')], context);
    clock.advance(1_000);
    policy.ingest([queued('q2')], context);
    clock.advance(SOUND_INTERVAL_MS - 2_000);
    policy.ingest([visitorSays('r2', 'c')], context);
    expect(sounds).toEqual([
      { kind: 'message', at: 0 },
      { kind: 'queue', at: 1_000 },
      { kind: 'message', at: SOUND_INTERVAL_MS },
    ]);
  });
});

describe('settings', () => {
  it('queue toasts off: the queue sound still plays, no toast', () => {
    settings.queueAlerts = false;
    policy.ingest([queued('q1')], context);
    clock.advance(10_000);
    expect(shown).toEqual([]);
    expect(sounds.map((s) => s.kind)).toEqual(['queue']);
  });

  it('queue sound off: the toast still shows, silently', () => {
    settings.queueSound = false;
    policy.ingest([queued('q1')], context);
    afterBurstWindow();
    expect(shown).toHaveLength(1);
    expect(sounds).toEqual([]);
  });

  it('message toasts off: message sound only, and queue toasts unaffected', () => {
    settings.messageAlerts = false;
    policy.ingest([visitorSays('r1', 'a'), queued('q1')], context);
    afterBurstWindow();
    expect(shown.map((n) => n.tag)).toEqual(['q1']);
    expect(sounds.map((s) => s.kind).sort()).toEqual(['message', 'queue']);
  });

  it('message sound off: the toast still shows, silently', () => {
    settings.messageSound = false;
    policy.ingest([visitorSays('r1', 'a')], context);
    afterBurstWindow();
    expect(shown).toHaveLength(1);
    expect(sounds).toEqual([]);
  });

  it('do not disturb: no toast, no sound', () => {
    settings.doNotDisturb = true;
    policy.ingest([visitorSays('r1', 'a'), queued('q1')], context);
    clock.advance(10_000);
    expect(shown).toEqual([]);
    expect(sounds).toEqual([]);
  });

  it('do not disturb switched on during the burst window drops the pending toast', () => {
    policy.ingest([visitorSays('r1', 'a')], context);
    settings.doNotDisturb = true;
    afterBurstWindow();
    expect(shown).toEqual([]);
  });

  it('only when hidden: nothing while the window is visible, alerts once it is hidden', () => {
    settings.onlyWhenHidden = true;
    windowState = { visible: true, focused: false };
    policy.ingest([visitorSays('r1', 'while visible')], context);
    clock.advance(10_000);
    expect(shown).toEqual([]);
    expect(sounds).toEqual([]);

    windowState = { visible: false, focused: false };
    policy.ingest([visitorSays('r1', 'while hidden')], context);
    afterBurstWindow();
    expect(shown.map((n) => n.body)).toEqual(['while hidden']);
    expect(sounds).toHaveLength(1);
  });

  it('only when hidden: a toast pending when the window is shown is dropped', () => {
    settings.onlyWhenHidden = true;
    policy.ingest([visitorSays('r1', 'a')], context);
    windowState = { visible: true, focused: true };
    afterBurstWindow();
    expect(shown).toEqual([]);
  });
});

describe('catch-up replays', () => {
  it('many missed messages settle into a single summary toast and a single sound', () => {
    policy.ingest([replayed('r1', 'a'), replayed('r1', 'b'), replayed('r2', 'c')], context);
    clock.advance(1_000);
    policy.ingest([replayed('r3', 'd'), queued('q1', { createdAt: iso(clock.now() - 60_000) }, true)], context);
    clock.advance(1_000);
    policy.ingest([replayed('r4', 'e')], context);
    clock.advance(REPLAY_SETTLE_MS - 1);
    expect(shown).toEqual([]);
    clock.advance(1);
    expect(shown).toEqual([
      { tag: 'summary', title: 'While you were away', body: '1 new request · 5 new messages in 4 conversations', conversationId: null, sound: null },
    ]);
    clock.advance(60_000);
    expect(shown).toHaveLength(1);
    expect(sounds.map((s) => s.kind).sort()).toEqual(['message', 'queue']);
  });

  it('a catch-up that keeps trickling in is shown after the longest wait anyway', () => {
    for (let elapsed = 0; elapsed < REPLAY_MAX_WAIT_MS + 5_000; elapsed += 2_000) {
      policy.ingest([replayed(`r${elapsed}`, 'missed')], context);
      clock.advance(2_000);
    }
    expect(shown[0]?.title).toBe('While you were away');
    expect(shown).toHaveLength(1);
    clock.advance(REPLAY_SETTLE_MS);
    expect(shown).toHaveLength(2);
  });

  it('missed messages of one conversation give that conversation its own toast', () => {
    policy.ingest([replayed('r1', 'one'), replayed('r1', 'two')], context);
    clock.advance(REPLAY_SETTLE_MS);
    expect(shown).toEqual([{ tag: 'r1', title: 'Visitor r1 · 2 new messages', body: 'two', conversationId: 'r1', sound: null }]);
  });

  it('stale replays (older than the threshold) produce nothing at all', () => {
    policy.ingest(
      [replayed('r1', 'ancient', REPLAY_MAX_AGE_MS + 1), queued('q1', { createdAt: iso(clock.now() - REPLAY_MAX_AGE_MS - 1) }, true)],
      context,
    );
    clock.advance(REPLAY_MAX_WAIT_MS);
    expect(shown).toEqual([]);
    expect(sounds).toEqual([]);
  });

  it('a replay of what already alerted live alerts nothing more', () => {
    const live = visitorSays('r1', 'hello');
    const liveQueue = queued('q1');
    policy.ingest([live, liveQueue], context);
    afterBurstWindow();
    clock.advance(SOUND_INTERVAL_MS);
    policy.ingest([{ ...live, replay: true }, { ...liveQueue, replay: true }], context);
    clock.advance(REPLAY_MAX_WAIT_MS);
    expect(shown).toHaveLength(1);
    expect(sounds).toHaveLength(2);
  });

  it('a conversation that enters the queue again alerts again when the event is live', () => {
    policy.ingest([queued('q1')], context);
    afterBurstWindow();
    clock.advance(60_000);
    policy.ingest([queued('q1')], context);
    afterBurstWindow();
    expect(shown.map((n) => n.tag)).toEqual(['q1', 'q1']);
  });
});

describe('viewing a conversation', () => {
  it('closes its toast and drops what was pending for it', () => {
    policy.ingest([visitorSays('r1', 'shown')], context);
    afterBurstWindow();
    policy.ingest([visitorSays('r1', 'pending'), visitorSays('r2', 'other')], context);
    policy.conversationViewed('r1');
    afterBurstWindow();
    expect(closed).toEqual(['r1']);
    expect(shown.map((n) => n.body)).toEqual(['shown', 'other']);
  });
});

describe('reset', () => {
  it('drops pending toasts and forgets what was alerted', () => {
    const event = visitorSays('r1', 'hello');
    policy.ingest([event], context);
    policy.reset();
    clock.advance(REPLAY_MAX_WAIT_MS);
    expect(shown).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);

    policy.ingest([event], context);
    afterBurstWindow();
    expect(shown).toHaveLength(1);
    expect(sounds).toHaveLength(2);
  });
});

describe('toast text', () => {
  function toastFor(event: AlertEvent): AlertNotification {
    policy.ingest([event], context);
    afterBurstWindow();
    const notification = shown.at(-1);
    if (!notification) throw new Error('no toast shown');
    clock.advance(SOUND_INTERVAL_MS);
    return notification;
  }

  it('shows images, files and empty messages as labels', () => {
    expect(toastFor(visitorSays('r1', '', { type: 'image', metadata: { src: 'https://x.test/a.png' } })).body).toBe('📷 Image');
    expect(toastFor(visitorSays('r2', '', { type: 'file', metadata: { src: 'https://x.test/f', name: 'invoice.pdf' } })).body).toBe('📎 invoice.pdf');
    expect(toastFor(visitorSays('r3', '', { type: 'file', metadata: null })).body).toBe('📎 File');
    expect(toastFor(visitorSays('r4', ' \n ', { type: 'frame' })).body).toBe('New message');
  });

  it('keeps markup as literal text and flattens lines', () => {
    expect(toastFor(visitorSays('r1', '<b>bold</b>\n\n<script>x()</script>\tend')).body).toBe('<b>bold</b> <script>x()</script> end');
  });

  it('truncates long text without splitting a character', () => {
    const body = toastFor(visitorSays('r1', `${'a'.repeat(118)}👍🏽 and more words after it`)).body;
    expect(body).toBe(`${'a'.repeat(118)}…`);
    const long = toastFor(visitorSays('r2', 'word '.repeat(10_000))).body;
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('…')).toBe(true);
  });

  it('removes control characters and direction overrides that could disguise a name or a message', () => {
    const event = visitorSays('r1', 'hi\u0007 there: \u2067fdp.exe\u2069 \u200Fok');
    const spoofed = { ...event, conversation: { ...event.conversation, visitor: { ...event.conversation.visitor, name: 'Bob\u202Egpj.exe\u202C\u0000' } } };
    const notification = toastFor(spoofed);
    expect(notification.title).toBe('Bobgpj.exe');
    expect(notification.body).toBe('hi there: fdp.exe ok');
  });

  it('bounds a huge visitor name and names a nameless visitor', () => {
    const event = visitorSays('r1', 'x');
    const named = (name: string): AlertEvent => ({ ...event, message: { ...event.message, id: `m-${name.length}` }, conversation: { ...event.conversation, visitor: { ...event.conversation.visitor, name } } });
    expect(toastFor(named('N'.repeat(5_000))).title.length).toBeLessThanOrEqual(60);
    expect(toastFor(named('   ')).title).toBe('Visitor');
  });
});

describe('toast language', () => {
  it('speaks Italian when the agent chose Italian, for single toasts and summaries', () => {
    locale = 'it';
    policy.ingest([queued('r1', { visitor: { id: 'v', name: 'Nora', email: null, attributes: {} }, firstText: 'Ciao' })], context);
    afterBurstWindow();
    expect(shown.at(-1)).toMatchObject({ title: 'Nuova richiesta da Nora', body: 'Ciao' });

    clock.advance(SOUND_INTERVAL_MS);
    policy.ingest([visitorSays('r2', ''), visitorSays('r2', '', { type: 'image', metadata: { src: 'https://x.test/a.png' } })], context);
    afterBurstWindow();
    expect(shown.at(-1)).toMatchObject({ body: '📷 Immagine' });
    expect(shown.at(-1)?.title).toMatch(/· 2 nuovi messaggi$/);

    policy.ingest([queued('r3'), visitorSays('r4', 'a'), visitorSays('r5', 'b')], context);
    afterBurstWindow();
    expect(shown.at(-1)).toMatchObject({ title: 'Nuova attività', body: '1 nuova richiesta · 2 nuovi messaggi in 2 conversazioni' });
  });

  it('follows a language change made while the app runs', () => {
    policy.ingest([visitorSays('r1', '')], context);
    afterBurstWindow();
    expect(shown.at(-1)?.body).toBe('New message');
    locale = 'it';
    clock.advance(SOUND_INTERVAL_MS);
    policy.ingest([visitorSays('r2', '')], context);
    afterBurstWindow();
    expect(shown.at(-1)?.body).toBe('Nuovo messaggio');
  });

  it("uses the system's language for the 'system' setting: Italian for any Italian locale, else English", () => {
    expect(alertLocale('it', 'en-US')).toBe('it');
    expect(alertLocale('en', 'it-IT')).toBe('en');
    expect(alertLocale('system', 'it-IT')).toBe('it');
    expect(alertLocale('system', 'it-CH')).toBe('it');
    expect(alertLocale('system', 'de-DE')).toBe('en');
    expect(alertLocale('system', 'en-GB')).toBe('en');
  });
});
