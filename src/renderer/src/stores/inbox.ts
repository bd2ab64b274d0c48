/**
 * The conversation list. Conversations live in one plain Map; `version` is bumped on every change so the
 * derivations below rerun once per batch, not once per item. Tabs are partitioned and sorted together in one
 * pass, so switching tabs is a lookup and filtering is a scan of precomputed lowercase text.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Conversation, SearchHit } from '../../../shared/domain.ts';
import type { InboxSnapshot, IpcError } from '../../../shared/ipc/contract.ts';
import { call, toIpcError } from '../ipc/client.ts';
import { inboxTabs, isClosed, sortForTab, tabsOf, type InboxTab } from '../lib/ordering.ts';
import { useSessionStore } from './session.ts';

const haystacks = new WeakMap<Conversation, string>();

/** Everything the filter box matches against, lowercased once per conversation version. */
export function haystackOf(conversation: Conversation): string {
  let text = haystacks.get(conversation);
  if (text === undefined) {
    text = [
      conversation.visitor.name,
      conversation.visitor.email,
      conversation.subject,
      conversation.firstText,
      conversation.lastMessage?.text,
      conversation.departmentName,
      conversation.channel,
      conversation.ticketId === null ? null : `#${conversation.ticketId}`,
      ...conversation.tags.map((tag) => tag.tag),
    ]
      .filter((part): part is string => typeof part === 'string' && part.length > 0)
      .join('\n')
      .toLowerCase();
    haystacks.set(conversation, text);
  }
  return text;
}

type Buckets = Record<InboxTab, Conversation[]>;

/**
 * A conversation's first text is also its first message, so the cache can match both: the message hit (which
 * opens at that message) is kept, the identical conversation hit dropped.
 */
export function withoutDuplicateHits(hits: readonly SearchHit[]): SearchHit[] {
  const messageSnippets = new Set(hits.filter((hit) => hit.messageId !== null).map((hit) => `${hit.conversationId}\n${hit.snippet}`));
  return hits.filter((hit) => hit.messageId !== null || !messageSnippets.has(`${hit.conversationId}\n${hit.snippet}`));
}

export const useInboxStore = defineStore('inbox', () => {
  const session = useSessionStore();
  const conversations = new Map<string, Conversation>();
  const version = ref(0);
  const loaded = ref(false);

  const tab = ref<InboxTab>('queue');
  const filter = ref('');

  const closedNextPage = ref(0);
  const closedHasMore = ref(true);
  const closedLoading = ref(false);
  /** Closed conversations are paged in on demand: until the first page their count is unknown. */
  const closedLoaded = computed(() => closedNextPage.value > 0);
  const closedError = ref<IpcError | null>(null);

  const searchQuery = ref('');
  const searchHits = shallowRef<SearchHit[] | null>(null);
  const searching = ref(false);
  const searchError = ref<IpcError | null>(null);

  function touch(): void {
    version.value++;
  }

  const buckets = computed<Buckets>(() => {
    void version.value;
    const me = session.myUserId;
    const unsorted: Buckets = { queue: [], mine: [], all: [], closed: [] };
    for (const conversation of conversations.values()) {
      for (const member of tabsOf(conversation, me)) unsorted[member].push(conversation);
    }
    return {
      queue: sortForTab('queue', unsorted.queue),
      mine: sortForTab('mine', unsorted.mine),
      all: sortForTab('all', unsorted.all),
      closed: sortForTab('closed', unsorted.closed),
    };
  });

  const counts = computed(() => {
    const result = {} as Record<InboxTab, { total: number; unread: number }>;
    for (const name of inboxTabs) {
      const list = buckets.value[name];
      let unread = 0;
      for (const conversation of list) if (conversation.unreadCount > 0) unread++;
      result[name] = { total: list.length, unread };
    }
    return result;
  });

  const normalizedFilter = computed(() => filter.value.trim().toLowerCase());

  /** The rows of the current tab after the filter box. */
  const visible = computed<Conversation[]>(() => {
    const list = buckets.value[tab.value];
    const needle = normalizedFilter.value;
    if (!needle) return list;
    return list.filter((conversation) => haystackOf(conversation).includes(needle));
  });

  function get(id: string): Conversation | undefined {
    void version.value;
    return conversations.get(id);
  }

  /** Filter text is built when a conversation arrives, so typing in the filter box only scans. */
  function store(conversation: Conversation): void {
    conversations.set(conversation.id, conversation);
    haystackOf(conversation);
  }

  function upsert(list: readonly Conversation[]): void {
    if (list.length === 0) return;
    for (const conversation of list) store(conversation);
    touch();
  }

  function remove(ids: readonly string[]): void {
    let changed = false;
    for (const id of ids) changed = conversations.delete(id) || changed;
    if (changed) touch();
  }

  /** A fresh snapshot replaces the open conversations; closed ones already paged in stay until the next page load. */
  function applySnapshot(snapshot: InboxSnapshot): void {
    for (const [id, conversation] of conversations) if (!isClosed(conversation)) conversations.delete(id);
    for (const conversation of snapshot.conversations) store(conversation);
    loaded.value = true;
    touch();
  }

  function reset(): void {
    conversations.clear();
    loaded.value = false;
    closedNextPage.value = 0;
    closedHasMore.value = true;
    closedError.value = null;
    searchHits.value = null;
    searchQuery.value = '';
    filter.value = '';
    touch();
  }

  async function loadMoreClosed(): Promise<void> {
    if (closedLoading.value || !closedHasMore.value) return;
    closedLoading.value = true;
    closedError.value = null;
    try {
      const page = await call('inbox.loadClosed', { page: closedNextPage.value });
      upsert(page.conversations);
      closedHasMore.value = page.hasMore;
      closedNextPage.value++;
    } catch (failure) {
      closedError.value = toIpcError(failure);
    } finally {
      closedLoading.value = false;
    }
  }

  function setTab(next: InboxTab): void {
    tab.value = next;
    if (next === 'closed' && closedNextPage.value === 0) void loadMoreClosed();
  }

  async function search(query: string): Promise<void> {
    const trimmed = query.trim().slice(0, 200);
    searchQuery.value = trimmed;
    if (!trimmed) {
      searchHits.value = null;
      return;
    }
    searching.value = true;
    searchError.value = null;
    try {
      const hits = await call('inbox.search', { query: trimmed });
      // A slower earlier search must not overwrite the answer to a newer one.
      if (searchQuery.value === trimmed) searchHits.value = withoutDuplicateHits(hits);
    } catch (failure) {
      if (searchQuery.value === trimmed) {
        searchError.value = toIpcError(failure);
        searchHits.value = [];
      }
    } finally {
      if (searchQuery.value === trimmed) searching.value = false;
    }
  }

  function clearSearch(): void {
    searchQuery.value = '';
    searchHits.value = null;
    searchError.value = null;
  }

  return {
    version, loaded, tab, filter, buckets, counts, visible,
    closedHasMore, closedLoading, closedLoaded, closedError,
    searchQuery, searchHits, searching, searchError,
    get, upsert, remove, applySnapshot, reset, loadMoreClosed, setTab, search, clearSearch,
  };
});
