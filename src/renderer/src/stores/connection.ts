import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { BadgeState, ConnectionState } from '../../../shared/domain.ts';

/** The core's link to the Tiledesk server (not the renderer's link to the core) and the unread badge. */
export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>({ status: 'idle', retryAt: null, lastSyncAt: null, lastError: null });
  const badge = ref<BadgeState>({ unread: 0, queue: 0, attention: false });

  function apply(next: ConnectionState): void {
    state.value = next;
  }
  function applyBadge(next: BadgeState): void {
    badge.value = next;
  }

  return { state, badge, apply, applyBadge };
});
