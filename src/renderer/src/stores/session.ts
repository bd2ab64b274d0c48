import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Availability, SessionState } from '../../../shared/domain.ts';
import type { IpcError } from '../../../shared/ipc/contract.ts';
import { call, toIpcError } from '../ipc/client.ts';
import { useToastStore } from './toasts.ts';

export const TILEDESK_CLOUD_URL = 'https://api.tiledesk.com/v3';

export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState | null>(null);
  const busy = ref(false);
  const error = ref<IpcError | null>(null);

  const signedIn = computed(() => (state.value?.status === 'signedIn' ? state.value : null));
  const user = computed(() => (state.value && state.value.status !== 'signedOut' ? state.value.user : null));
  const myUserId = computed(() => user.value?.id ?? null);
  const project = computed(() => (state.value && state.value.status !== 'signedOut' ? state.value.project : null));
  const projects = computed(() => signedIn.value?.projects ?? []);
  const availability = computed(() => signedIn.value?.availability ?? null);
  const serverUrl = computed(() => (state.value && state.value.status !== 'signedOut' ? state.value.serverUrl : null));
  /** Owners and admins see and may act on every conversation of the project. */
  const isAdmin = computed(() => project.value?.role === 'owner' || project.value?.role === 'admin');

  function apply(next: SessionState): void {
    state.value = next;
  }

  async function run<T>(work: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    error.value = null;
    try {
      return await work();
    } catch (failure) {
      error.value = toIpcError(failure);
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function load(): Promise<boolean> {
    const next = await run(() => call('session.get', null));
    if (next) apply(next);
    return next !== null;
  }

  async function signIn(serverUrl: string, email: string, password: string): Promise<boolean> {
    const next = await run(() => call('session.signIn', { serverUrl, email, password }));
    if (next) apply(next);
    return next !== null;
  }

  async function selectProject(projectId: string): Promise<boolean> {
    const next = await run(() => call('session.selectProject', { projectId }));
    if (next) apply(next);
    return next !== null;
  }

  async function signOut(wipeCache: boolean): Promise<boolean> {
    const next = await run(() => call('session.signOut', { wipeCache }));
    if (next) apply(next);
    return next !== null;
  }

  /** Not through `run`: a refused toggle is a toast in the workspace, not an error left on the sign-in form. */
  async function setAvailability(available: boolean): Promise<boolean> {
    try {
      applyAvailability(await call('session.setAvailability', { available }));
      return true;
    } catch (failure) {
      useToastStore().showError(toIpcError(failure), 'status.availabilityFailed');
      return false;
    }
  }

  function applyAvailability(next: Availability): void {
    if (state.value?.status === 'signedIn') state.value = { ...state.value, availability: next };
  }

  return { state, busy, error, signedIn, user, myUserId, project, projects, availability, serverUrl, isAdmin, apply, applyAvailability, load, signIn, selectProject, signOut, setAvailability };
});
