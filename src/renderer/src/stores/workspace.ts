/** What is on screen: the open conversation and the overlays. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Conversation } from '../../../shared/domain.ts';
import { tabsOf, type InboxTab } from '../lib/ordering.ts';
import { useInboxStore } from './inbox.ts';
import { useMessagesStore } from './messages.ts';
import { useSessionStore } from './session.ts';

export type Overlay = 'palette' | 'shortcuts' | 'reassign' | 'settings' | 'canned' | 'import' | 'team' | 'webhooks' | null;

export const useWorkspaceStore = defineStore('workspace', () => {
  const inbox = useInboxStore();
  const messages = useMessagesStore();

  const session = useSessionStore();

  const selectedId = ref<string | null>(null);
  const overlay = ref<Overlay>(null);
  const sidePanelOpen = ref(true);
  /** The message a search hit pointed at: the list scrolls to it and marks it. */
  const highlight = ref<{ conversationId: string; messageId: string } | null>(null);
  /** Bumped when something outside the list (a notification, a deep link) opens a conversation: the list scrolls to its row. */
  const revealRequest = ref(0);

  const selected = computed<Conversation | null>(() => {
    const id = selectedId.value;
    if (!id) return null;
    return inbox.get(id) ?? messages.thread(id).conversation;
  });

  /** Shows a conversation; resolves once its messages are loaded (and, for a search hit, its message is found). */
  async function load(conversationId: string, messageId: string | null): Promise<void> {
    selectedId.value = conversationId;
    highlight.value = messageId ? { conversationId, messageId } : null;
    await messages.open(conversationId);
    if (messageId) await messages.loadUntil(conversationId, messageId);
  }

  function open(conversationId: string, options: { messageId?: string | null } = {}): void {
    void load(conversationId, options.messageId ?? null);
  }

  /** The tab to show a conversation in: the current one if it is there, else the most specific one that has it. */
  function tabFor(conversation: Conversation): InboxTab {
    const tabs = tabsOf(conversation, session.myUserId);
    if (tabs.includes(inbox.tab)) return inbox.tab;
    return (['mine', 'queue', 'all', 'closed'] as const).find((tab) => tabs.includes(tab)) ?? 'all';
  }

  /** Opens a conversation asked for from outside the window and brings its row into view in the inbox. */
  async function reveal(conversationId: string): Promise<void> {
    inbox.clearSearch();
    const loaded = load(conversationId, null);
    // A conversation the inbox does not hold yet (closed, just assigned) is known once it has been opened.
    if (!inbox.get(conversationId)) await loaded;
    const conversation = inbox.get(conversationId);
    if (!conversation || selectedId.value !== conversationId) return;
    inbox.setTab(tabFor(conversation));
    if (!inbox.visible.some((row) => row.id === conversationId)) inbox.filter = '';
    revealRequest.value++;
  }

  function close(): void {
    selectedId.value = null;
  }

  /** Alt+J / Alt+K: the next or previous row of the list as it is on screen. */
  function step(direction: 1 | -1): void {
    const rows = inbox.visible;
    if (rows.length === 0) return;
    const index = selectedId.value ? rows.findIndex((row) => row.id === selectedId.value) : -1;
    const next = index === -1 ? (direction === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, index + direction));
    const target = rows[next];
    if (target && target.id !== selectedId.value) open(target.id);
  }

  function show(next: Overlay): void {
    overlay.value = next;
  }

  function reset(): void {
    selectedId.value = null;
    overlay.value = null;
    highlight.value = null;
  }

  return { selectedId, overlay, sidePanelOpen, highlight, revealRequest, selected, open, reveal, close, step, show, reset };
});
