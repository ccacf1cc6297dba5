// The one backoff: the wait before retry number `attempt` (0-based), doubling from `firstMs` up to `maxMs`, with
// ±`jitter` (a fraction of the wait) so that retries of several gateways or hosts spread out.

export interface Backoff {
  firstMs: number;
  maxMs: number;
  /** ±this fraction of the wait; 0.2 unless said. */
  jitter?: number;
}

export const DEFAULT_BACKOFF: Required<Backoff> = { firstMs: 1_000, maxMs: 60_000, jitter: 0.2 };

export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF, random: () => number = Math.random) {
  const jitter = backoff.jitter ?? DEFAULT_BACKOFF.jitter;
  const base = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}
