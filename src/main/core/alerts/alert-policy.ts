import type { AlertSettings, Conversation, Message } from '../../../shared/domain.ts';
import type { Notifier, WindowPresence } from '../ports.ts';

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
  now: () => number;
  playSound: (kind: 'queue' | 'message') => void;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (t: unknown) => void;
}

export interface AlertPolicy {
  ingest(events: AlertEvent[], context: AlertContext): void;
  conversationViewed(conversationId: string): void;
  reset(): void;
}

export function createAlertPolicy(_deps: AlertPolicyDeps): AlertPolicy {
  // Implementation in progress.
  return { ingest() {}, conversationViewed() {}, reset() {} };
}
