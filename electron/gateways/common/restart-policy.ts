// What follows a crash of a gateway Lobsterpot runs, as a pure function of the crash streak: restart (at once after
// a gateway that was ready for a while, else with backoff), crash-looping after too many failed starts, or stop.
import { backoffDelay } from '../../platform/common/backoff.ts';

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** ±jitter, as a fraction of the delay. */
  jitter: number;
  /** A gateway ready this long restarts at once, and the backoff starts from the beginning again. */
  resetAfterReadyMs: number;
  /** This many starts in a row that never reach ready: crash-looping. */
  maxFailedStarts: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  jitter: 0.2,
  resetAfterReadyMs: 60_000,
  maxFailedStarts: 5,
};

/** The crashes in a row so far: starts that never became ready, and how far the backoff has gone. */
export interface CrashStreak {
  failedStarts: number;
  backoffStep: number;
}

export const noStreak = (): CrashStreak => ({ failedStarts: 0, backoffStep: 0 });

export interface CrashFacts {
  /** How long the process had been ready when it exited; null when it never was. */
  wasReadyFor: number | null;
  /** The flag and a person's intent allow a restart. */
  mayRestart: boolean;
}

export type CrashDecision =
  { kind: 'stop' } | { kind: 'crash-looping'; failedStarts: number } | { kind: 'restart'; delayMs: number };

/** The decision after a crash, and the streak it leaves. */
export function afterCrash(
  policy: RestartPolicy,
  streak: CrashStreak,
  facts: CrashFacts,
  random: () => number,
): { decision: CrashDecision; streak: CrashStreak } {
  const settled = facts.wasReadyFor !== null && facts.wasReadyFor >= policy.resetAfterReadyMs;
  const next: CrashStreak = {
    failedStarts: facts.wasReadyFor === null ? streak.failedStarts + 1 : streak.failedStarts,
    backoffStep: settled ? 0 : streak.backoffStep,
  };
  if (!facts.mayRestart) return { decision: { kind: 'stop' }, streak: next };
  if (next.failedStarts >= policy.maxFailedStarts)
    return { decision: { kind: 'crash-looping', failedStarts: next.failedStarts }, streak: next };
  // The first crash after a while of being ready restarts at once (as systemd's first Restart= does).
  if (settled) return { decision: { kind: 'restart', delayMs: 0 }, streak: next };
  const backoff = { firstMs: policy.initialDelayMs, maxMs: policy.maxDelayMs, jitter: policy.jitter };
  const delayMs = backoffDelay(next.backoffStep, backoff, random);
  return { decision: { kind: 'restart', delayMs }, streak: { ...next, backoffStep: next.backoffStep + 1 } };
}
