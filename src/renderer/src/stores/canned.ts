/** The project's canned responses: the agent's own and the shared ones, as the core lists them. */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { CannedResponse } from '../../../shared/domain.ts';
import type { IpcError, IpcResponse } from '../../../shared/ipc/contract.ts';
import { call, toIpcError } from '../ipc/client.ts';
import { useSessionStore } from './session.ts';

/** Reopening the picker after this long refreshes the list, so teammates' new shared responses show up. */
const STALE_AFTER_MS = 60_000;

function normalized(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/** Title matches first (prefix before infix), then text matches; every word of the query must match. */
export function searchCanned(responses: readonly CannedResponse[], query: string): CannedResponse[] {
  const words = normalized(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...responses];
  const ranked: { response: CannedResponse; rank: number }[] = [];
  for (const response of responses) {
    const title = normalized(response.title);
    const text = normalized(response.text);
    if (!words.every((word) => title.includes(word) || text.includes(word))) continue;
    const rank = title.startsWith(words[0]!) ? 0 : words.every((word) => title.includes(word)) ? 1 : 2;
    ranked.push({ response, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank).map(({ response }) => response);
}

/** For changes whose error belongs to the form that asked (not to a store-wide error): the result as data. */
export async function attempt<T>(work: () => Promise<T>): Promise<IpcResponse<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (failure) {
    return { ok: false, error: toIpcError(failure) };
  }
}

export const useCannedStore = defineStore('canned', () => {
  const session = useSessionStore();
  const responses = shallowRef<CannedResponse[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<IpcError | null>(null);
  let loadedAt = 0;
  let inFlight: Promise<void> | null = null;
  /** Bumped by reset(): a list that arrives for the previous project is dropped. */
  let generation = 0;

  function sorted(list: CannedResponse[]): CannedResponse[] {
    return [...list].sort((a, b) => a.title.localeCompare(b.title));
  }

  function load(): Promise<void> {
    inFlight ??= (async () => {
      const started = generation;
      loading.value = true;
      try {
        const list = await call('canned.list', null);
        if (started !== generation) return;
        responses.value = sorted(list);
        loaded.value = true;
        loadedAt = Date.now();
        error.value = null;
      } catch (failure) {
        if (started === generation) error.value = toIpcError(failure);
      } finally {
        // After a reset the newer project's load owns these.
        if (started === generation) {
          loading.value = false;
          inFlight = null;
        }
      }
    })();
    return inFlight;
  }

  function refreshIfStale(): Promise<void> {
    return !loaded.value || Date.now() - loadedAt > STALE_AFTER_MS ? load() : Promise.resolve();
  }

  function create(input: { title: string; text: string; shared: boolean }): Promise<IpcResponse<CannedResponse>> {
    return attempt(async () => {
      const created = await call('canned.create', input);
      responses.value = sorted([...responses.value.filter((item) => item.id !== created.id), created]);
      return created;
    });
  }

  function update(input: { id: string; title: string; text: string }): Promise<IpcResponse<CannedResponse>> {
    return attempt(async () => {
      const updated = await call('canned.update', input);
      responses.value = sorted(responses.value.map((item) => (item.id === updated.id ? updated : item)));
      return updated;
    });
  }

  function remove(id: string): Promise<IpcResponse<null>> {
    return attempt(async () => {
      await call('canned.delete', { id });
      responses.value = responses.value.filter((item) => item.id !== id);
      return null;
    });
  }

  function reset(): void {
    generation++;
    inFlight = null;
    loading.value = false;
    responses.value = [];
    loaded.value = false;
    error.value = null;
    loadedAt = 0;
  }

  // Canned responses belong to a project: another project or account starts from an empty list.
  watch(
    () => `${session.serverUrl}|${session.myUserId}|${session.project?.id}`,
    () => reset(),
  );

  return { responses, loaded, loading, error, load, refreshIfStale, create, update, remove, reset };
});
