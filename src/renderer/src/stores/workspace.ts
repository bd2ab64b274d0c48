/** What is on screen: the open conversation and the overlays. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Conversation } from '../../../shared/domain.ts';
import { useInboxStore } from './inbox.ts';
import { useMessagesStore } from './messages.ts';

export type Overlay = 'palette' | 'shortcuts' | 'reassign' | 'settings' | 'canned' | 'import' | 'team' | 'webhooks' | null;

export const useWorkspaceStore = defineStore('workspace', () => {
  const inbox = useInboxStore();
  const messages = useMessagesStore();

  const selectedId = ref<string | null>(null);
  const overlay = ref<Overlay>(null);
  const sidePanelOpen = ref(true);

  const selected = computed<Conversation | null>(() => {
    const id = selectedId.value;
    if (!id) return null;
    return inbox.get(id) ?? messages.thread(id).conversation;
  });

  function open(conversationId: string): void {
    selectedId.value = conversationId;
    void messages.open(conversationId);
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
  }

  return { selectedId, overlay, sidePanelOpen, selected, open, close, step, show, reset };
});
