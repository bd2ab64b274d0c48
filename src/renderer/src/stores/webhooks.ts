/**
 * The project's webhook subscriptions (owners and admins only: the server answers 403 to anyone else).
 * A subscription's secret is in the create response only, so the store keeps it aside to show once.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { Webhook, WebhookEvent } from '../../../shared/domain.ts';
import type { IpcError, IpcResponse } from '../../../shared/ipc/contract.ts';
import { call, toIpcError } from '../ipc/client.ts';
import { attempt } from './canned.ts';
import { useSessionStore } from './session.ts';

export const useWebhooksStore = defineStore('webhooks', () => {
  const session = useSessionStore();
  const hooks = shallowRef<Webhook[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<IpcError | null>(null);
  /** The subscription just created, with its secret, until the admin dismisses it. */
  const revealed = ref<Webhook | null>(null);
  let generation = 0;

  function sorted(list: Webhook[]): Webhook[] {
    return [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async function load(): Promise<void> {
    const started = generation;
    loading.value = true;
    try {
      const list = await call('webhooks.list', null);
      if (started !== generation) return;
      // The list never carries secrets; drop any a server might leak there.
      hooks.value = sorted(list.map((hook) => ({ ...hook, secret: null })));
      loaded.value = true;
      error.value = null;
    } catch (failure) {
      if (started === generation) error.value = toIpcError(failure);
    } finally {
      if (started === generation) loading.value = false;
    }
  }

  function create(event: WebhookEvent, target: string): Promise<IpcResponse<Webhook>> {
    return attempt(async () => {
      const created = await call('webhooks.create', { event, target });
      // The server returns the existing subscription for a duplicate event + target.
      hooks.value = sorted([{ ...created, secret: null }, ...hooks.value.filter((hook) => hook.id !== created.id)]);
      revealed.value = created;
      return created;
    });
  }

  function remove(id: string): Promise<IpcResponse<null>> {
    return attempt(async () => {
      await call('webhooks.delete', { id });
      hooks.value = hooks.value.filter((hook) => hook.id !== id);
      if (revealed.value?.id === id) revealed.value = null;
      return null;
    });
  }

  function dismissSecret(): void {
    revealed.value = null;
  }

  function reset(): void {
    generation++;
    loading.value = false;
    hooks.value = [];
    loaded.value = false;
    error.value = null;
    revealed.value = null;
  }

  watch(
    () => `${session.serverUrl}|${session.myUserId}|${session.project?.id}`,
    () => reset(),
  );

  return { hooks, loaded, loading, error, revealed, load, create, remove, dismissSecret, reset };
});
