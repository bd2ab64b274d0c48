/** Unsent composer text per conversation, kept in localStorage so neither switching nor a reload loses it. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

const STORAGE_KEY = 'tiledesk-agent.drafts';
/** Drafts are the agent's own text, but a runaway paste should not fill the storage quota. */
const MAX_DRAFT_LENGTH = 100_000;

function readStored(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

export const useDraftStore = defineStore('drafts', () => {
  const drafts = ref<Record<string, string>>(readStored());

  function persist(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(drafts.value));
    } catch {
      // Storage full or disabled: drafts still survive switching conversations in memory.
    }
  }

  function get(conversationId: string): string {
    return drafts.value[conversationId] ?? '';
  }

  function set(conversationId: string, text: string): void {
    const next = { ...drafts.value };
    if (text) next[conversationId] = text.slice(0, MAX_DRAFT_LENGTH);
    else delete next[conversationId];
    drafts.value = next;
    persist();
  }

  return { drafts, get, set };
});
