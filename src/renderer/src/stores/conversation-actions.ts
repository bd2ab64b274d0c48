/** Join, leave, close, reopen, tags, notes: each returns the updated conversation, shown at once. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Conversation } from '../../../shared/domain.ts';
import { call, toIpcError } from '../ipc/client.ts';
import { useInboxStore } from './inbox.ts';
import { useToastStore } from './toasts.ts';

export type ConversationAction = 'join' | 'leave' | 'close' | 'reopen' | 'addTag' | 'removeTag' | 'addNote';

export const useConversationActionsStore = defineStore('conversationActions', () => {
  const inbox = useInboxStore();
  const toasts = useToastStore();
  /** `${conversationId}:${action}` of the calls in flight, to disable their buttons. */
  const running = ref(new Set<string>());

  function isRunning(conversationId: string, action: ConversationAction): boolean {
    return running.value.has(`${conversationId}:${action}`);
  }

  async function run(conversationId: string, action: ConversationAction, work: () => Promise<Conversation>): Promise<boolean> {
    const key = `${conversationId}:${action}`;
    if (running.value.has(key)) return false;
    running.value = new Set(running.value).add(key);
    try {
      inbox.upsert([await work()]);
      return true;
    } catch (failure) {
      toasts.showError(toIpcError(failure), `actions.failed.${action}`);
      return false;
    } finally {
      const next = new Set(running.value);
      next.delete(key);
      running.value = next;
    }
  }

  return {
    isRunning,
    join: (conversationId: string) => run(conversationId, 'join', () => call('conversation.join', { conversationId })),
    leave: (conversationId: string) => run(conversationId, 'leave', () => call('conversation.leave', { conversationId })),
    close: (conversationId: string) => run(conversationId, 'close', () => call('conversation.close', { conversationId })),
    reopen: (conversationId: string) => run(conversationId, 'reopen', () => call('conversation.reopen', { conversationId })),
    addTag: (conversationId: string, tag: string) => run(conversationId, 'addTag', () => call('conversation.addTag', { conversationId, tag })),
    removeTag: (conversationId: string, tagId: string) => run(conversationId, 'removeTag', () => call('conversation.removeTag', { conversationId, tagId })),
    addNote: (conversationId: string, text: string) => run(conversationId, 'addNote', () => call('conversation.addNote', { conversationId, text })),
  };
});
