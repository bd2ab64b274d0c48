import { defineStore } from 'pinia';
import { ref } from 'vue';

/** How many replies wait in the core's outbox (typed while offline, or failing). */
export const useOutboxStore = defineStore('outbox', () => {
  const pending = ref(0);
  function apply(next: { pending: number }): void {
    pending.value = next.pending;
  }
  return { pending, apply };
});
