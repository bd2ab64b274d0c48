import { onScopeDispose, ref, type Ref } from 'vue';

/** A clock ref ticking every `intervalMs`, for waiting times and countdowns. */
export function useNow(intervalMs = 30_000): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
