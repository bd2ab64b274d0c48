/**
 * Decides which conversation events become tray toasts and sounds (issue 5). Pure: time, timers, the
 * window state and the settings are injected, so every rule is testable with a fake clock.
 *
 * Sounds play at once (throttled per kind); toasts wait a short window so a burst becomes one summary.
 * Catch-up replays (after a reconnect or a snapshot) settle into at most one toast, and stale ones are dropped.
 * Toasts always carry `sound: null`: the sound has already been played through `playSound`.
 */
import { RequestStatus, type AlertSettings, type Conversation, type Message } from '../../../shared/domain.ts';
import type { AlertNotification, Notifier, WindowPresence } from '../ports.ts';
import { alertText, type AlertLocale, type AlertText } from './alert-text.ts';

export type AlertEvent =
  | { kind: 'queued'; conversation: Conversation; replay: boolean }
  | { kind: 'message'; conversation: Conversation; message: Message; replay: boolean };

export interface AlertContext {
  myUserId: string;
  viewedConversationId: string | null;
}

export interface AlertPolicyDeps {
  notifier: Notifier;
  window: WindowPresence;
  settings: () => AlertSettings;
  /** The language of the toast text, read when a toast is built (the agent may switch it at any time). */
  locale: () => AlertLocale;
  now: () => number;
  playSound: (kind: 'queue' | 'message') => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (t: unknown) => void;
}

export interface AlertPolicy {
  ingest(events: AlertEvent[], context: AlertContext): void;
  /** The agent opened the conversation: its toast goes away and nothing pending for it is shown. */
  conversationViewed(conversationId: string): void;
  /** Forget everything (sign-out, project switch). */
  reset(): void;
}

/** Live toasts arriving within this window after the first one are shown together. */
export const BURST_WINDOW_MS = 1500;
/** At most one sound of each kind in this interval. */
export const SOUND_INTERVAL_MS = 3000;
/** A catch-up is shown once no replayed event has arrived for this long… */
export const REPLAY_SETTLE_MS = 3000;
/** …or at the latest this long after its first event. */
export const REPLAY_MAX_WAIT_MS = 15_000;
/** Replayed events older than this are history, not news: no toast, no sound. */
export const REPLAY_MAX_AGE_MS = 10 * 60_000;

const SUMMARY_TAG = 'summary';
const PREVIEW_MAX_CHARS = 120;
const NAME_MAX_CHARS = 60;
/** How many alerted message and queue ids are remembered to drop the duplicates of a catch-up. */
const REMEMBERED_IDS = 2000;
const SILENT_SUBTYPES = new Set(['info', 'info/support']);
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

interface ConversationAlert {
  conversation: Conversation;
  queued: boolean;
  /** New visitor messages, in arrival order. */
  messages: Message[];
}

/** Pending toasts, one entry per conversation, flushed by a timer. */
interface ToastBatch {
  alerts: Map<string, ConversationAlert>;
  timer: unknown;
  startedAt: number;
}

function newBatch(): ToastBatch {
  return { alerts: new Map(), timer: null, startedAt: 0 };
}

export function createAlertPolicy(deps: AlertPolicyDeps): AlertPolicy {
  let live = newBatch();
  let missed = newBatch();
  const lastSoundAt: Record<'queue' | 'message', number> = { queue: -Infinity, message: -Infinity };
  const alertedMessageIds = new BoundedSet(REMEMBERED_IDS);
  const alertedQueueIds = new BoundedSet(REMEMBERED_IDS);

  function hiddenEnough(settings: AlertSettings): boolean {
    return !settings.onlyWhenHidden || !deps.window.isVisible();
  }

  function wantsToast(kind: AlertEvent['kind'], settings: AlertSettings): boolean {
    if (settings.doNotDisturb || !hiddenEnough(settings)) return false;
    return kind === 'queued' ? settings.queueAlerts : settings.messageAlerts;
  }

  function wantsSound(kind: AlertEvent['kind'], settings: AlertSettings): boolean {
    if (settings.doNotDisturb || !hiddenEnough(settings)) return false;
    return kind === 'queued' ? settings.queueSound : settings.messageSound;
  }

  function isNewsFor(event: AlertEvent, context: AlertContext): boolean {
    if (event.kind === 'queued') return event.conversation.status === RequestStatus.unassigned;
    const { message, conversation } = event;
    if (message.author !== 'visitor' || message.sender === context.myUserId) return false;
    if (SILENT_SUBTYPES.has(String(message.attributes['subtype'] ?? ''))) return false;
    return conversation.participants.includes(context.myUserId);
  }

  /** False for an event already alerted (a catch-up overlapping what came live). */
  function isFirstSighting(event: AlertEvent): boolean {
    if (event.kind === 'message') return alertedMessageIds.add(event.message.id);
    // A live 'queued' is the core saying the conversation (re-)entered the queue: always news.
    const firstTime = alertedQueueIds.add(event.conversation.id);
    return firstTime || !event.replay;
  }

  function isStale(event: AlertEvent): boolean {
    const at = Date.parse(event.kind === 'message' ? event.message.createdAt : event.conversation.createdAt);
    return Number.isFinite(at) && deps.now() - at > REPLAY_MAX_AGE_MS;
  }

  function isOnScreen(conversationId: string, context: AlertContext): boolean {
    return conversationId === context.viewedConversationId && deps.window.isVisible() && deps.window.isFocused();
  }

  function addToBatch(batch: ToastBatch, event: AlertEvent): void {
    const id = event.conversation.id;
    const entry = batch.alerts.get(id) ?? { conversation: event.conversation, queued: false, messages: [] };
    entry.conversation = event.conversation;
    if (event.kind === 'queued') entry.queued = true;
    else entry.messages.push(event.message);
    batch.alerts.set(id, entry);
  }

  function playThrottled(kind: 'queue' | 'message'): void {
    const now = deps.now();
    if (now - lastSoundAt[kind] < SOUND_INTERVAL_MS) return;
    lastSoundAt[kind] = now;
    deps.playSound(kind);
  }

  function scheduleLive(): void {
    if (live.timer !== null) return;
    live.timer = deps.setTimer(() => flush(live, 'live'), BURST_WINDOW_MS);
  }

  function scheduleMissed(): void {
    const now = deps.now();
    if (missed.timer === null) missed.startedAt = now;
    else deps.clearTimer(missed.timer);
    const delay = Math.max(0, Math.min(REPLAY_SETTLE_MS, missed.startedAt + REPLAY_MAX_WAIT_MS - now));
    missed.timer = deps.setTimer(() => flush(missed, 'missed'), delay);
  }

  function flush(batch: ToastBatch, source: 'live' | 'missed'): void {
    if (source === 'live') live = newBatch();
    else missed = newBatch();
    const settings = deps.settings();
    const alerts = [...batch.alerts.values()]
      .map((alert) => ({
        ...alert,
        queued: alert.queued && wantsToast('queued', settings),
        messages: wantsToast('message', settings) ? alert.messages : [],
      }))
      .filter((alert) => alert.queued || alert.messages.length > 0);
    const [only] = alerts;
    if (only === undefined) return;
    const text = alertText(deps.locale());
    deps.notifier.show(alerts.length === 1 ? conversationToast(only, text) : summaryToast(alerts, source, text));
  }

  return {
    ingest(events, context) {
      const settings = deps.settings();
      const sounds = new Set<'queue' | 'message'>();
      for (const event of events) {
        if (!isNewsFor(event, context) || !isFirstSighting(event)) continue;
        if (isOnScreen(event.conversation.id, context) || (event.replay && isStale(event))) continue;
        if (wantsSound(event.kind, settings)) sounds.add(event.kind === 'queued' ? 'queue' : 'message');
        if (!wantsToast(event.kind, settings)) continue;
        if (event.replay) {
          addToBatch(missed, event);
          scheduleMissed();
        } else {
          addToBatch(live, event);
          scheduleLive();
        }
      }
      sounds.forEach(playThrottled);
    },

    conversationViewed(conversationId) {
      live.alerts.delete(conversationId);
      missed.alerts.delete(conversationId);
      deps.notifier.close(conversationId);
    },

    reset() {
      for (const batch of [live, missed]) {
        if (batch.timer !== null) deps.clearTimer(batch.timer);
      }
      live = newBatch();
      missed = newBatch();
      lastSoundAt.queue = -Infinity;
      lastSoundAt.message = -Infinity;
      alertedMessageIds.clear();
      alertedQueueIds.clear();
    },
  };
}

function conversationToast(alert: ConversationAlert, text: AlertText): AlertNotification {
  const name = visitorName(alert.conversation, text);
  const latest = alert.messages.at(-1);
  const count = alert.messages.length;
  const title = alert.queued ? text.newRequestFrom(name) : count > 1 ? text.newMessagesFrom(name, count) : name;
  return {
    tag: alert.conversation.id,
    title,
    body: latest ? messagePreview(latest, text) : truncate(plainLine(alert.conversation.firstText), PREVIEW_MAX_CHARS),
    conversationId: alert.conversation.id,
    sound: null,
  };
}

function summaryToast(alerts: ConversationAlert[], source: 'live' | 'missed', text: AlertText): AlertNotification {
  const requests = alerts.filter((alert) => alert.queued).length;
  const withMessages = alerts.filter((alert) => alert.messages.length > 0);
  const messages = withMessages.reduce((sum, alert) => sum + alert.messages.length, 0);
  const parts: string[] = [];
  if (requests > 0) parts.push(text.newRequests(requests));
  if (messages > 0) parts.push(text.newMessagesIn(messages, withMessages.length));
  return {
    tag: SUMMARY_TAG,
    title: source === 'missed' ? text.whileAway : text.newActivity,
    body: parts.join(' · '),
    conversationId: null,
    sound: null,
  };
}

function visitorName(conversation: Conversation, text: AlertText): string {
  return truncate(plainLine(conversation.visitor.name), NAME_MAX_CHARS) || text.visitor;
}

/** What a toast shows of a message: plain text, one line, bounded; media as a label. */
function messagePreview(message: Message, text: AlertText): string {
  if (message.type === 'image') return text.image;
  if (message.type === 'file') return `📎 ${truncate(plainLine(message.metadata?.name ?? ''), NAME_MAX_CHARS) || text.file}`;
  return truncate(plainLine(message.text), PREVIEW_MAX_CHARS) || text.newMessage;
}

/**
 * Untrusted text as one plain line: control characters and bidi overrides (which could disguise the text)
 * removed, whitespace runs collapsed.
 */
function plainLine(text: string): string {
  return text
    .replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/gu, '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
}

/** Cuts on grapheme boundaries so an emoji or accented letter is never split. */
function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let result = '';
  for (const { segment } of graphemes.segment(text)) {
    if (result.length + segment.length > maxChars - 1) break;
    result += segment;
  }
  return `${result.trimEnd()}…`;
}

/** A set that forgets its oldest entries beyond a capacity. */
class BoundedSet {
  private readonly items = new Set<string>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** False when already present. */
  add(item: string): boolean {
    if (this.items.has(item)) return false;
    this.items.add(item);
    if (this.items.size > this.capacity) {
      const oldest = this.items.values().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
    return true;
  }

  clear(): void {
    this.items.clear();
  }
}
