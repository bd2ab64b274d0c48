/**
 * The project's webhook subscriptions (owners and admins only: the server answers 403 to anyone else).
 * A subscription's secret is in the create response only, so the store keeps it aside to show once.
 * "Send test event" results are kept per webhook until the project changes or the webhook is deleted.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { Webhook, WebhookEvent } from '../../../shared/domain.ts';
import type { IpcError, IpcResponse, WebhookTestResult } from '../../../shared/ipc/contract.ts';
import { call, toIpcError } from '../ipc/client.ts';
import { attempt } from './canned.ts';
import { useSessionStore } from './session.ts';

export type WebhookTestState =
  | { status: 'sending' }
  | { status: 'done'; result: WebhookTestResult }
  | { status: 'failed'; error: IpcError };

export const useWebhooksStore = defineStore('webhooks', () => {
  const session = useSessionStore();
  const hooks = shallowRef<Webhook[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<IpcError | null>(null);
  /** The subscription just created, with its secret, until the admin dismisses it. */
  const revealed = ref<Webhook | null>(null);
  const tests = ref<Record<string, WebhookTestState>>({});
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
      const { [id]: _dropped, ...others } = tests.value;
      tests.value = others;
      return null;
    });
  }

  async function sendTest(id: string): Promise<void> {
    if (tests.value[id]?.status === 'sending') return;
    const started = generation;
    tests.value = { ...tests.value, [id]: { status: 'sending' } };
    let outcome: WebhookTestState;
    try {
      outcome = { status: 'done', result: await call('webhooks.test', { id }) };
    } catch (failure) {
      outcome = { status: 'failed', error: toIpcError(failure) };
    }
    if (started === generation && hooks.value.some((hook) => hook.id === id)) tests.value = { ...tests.value, [id]: outcome };
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
    tests.value = {};
  }

  watch(
    () => `${session.serverUrl}|${session.myUserId}|${session.project?.id}`,
    () => reset(),
  );

  return { hooks, loaded, loading, error, revealed, tests, load, create, remove, sendTest, dismissSecret, reset };
});
