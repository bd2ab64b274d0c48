/**
 * Exponential backoff with jitter: initial, ×2 per attempt, capped; each delay is spread ±20 % so that
 * many clients dropped by the same server restart do not come back in lock-step.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(policy.maxMs, jittered));
}
