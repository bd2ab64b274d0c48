import type { InjectionKey } from 'vue';

/** Re-runs the start-up sequence (the "Try again" of the host-unreachable screen). */
export const bootKey: InjectionKey<() => Promise<void>> = Symbol('boot');
