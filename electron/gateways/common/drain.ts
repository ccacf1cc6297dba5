// A restart "when idle" (OpenClaw's `gateway restart --safe`): wait, within a bound, until the gateway reports no
// active work; the caller restarts only on `idle`. Pure: time and the gateway's answer are given.

/** What the gateway's restart preflight said: its active work in words (null: none), or why it could not be asked. */
export interface WorkReading {
  work: string | null;
  error: string | null;
}

export interface IdleWaitDeps {
  read(): Promise<WorkReading>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** The wait is no longer wanted (a stop came): end it at once. */
  cancelled(): boolean;
}

export interface IdleWait {
  outcome: 'idle' | 'timeout' | 'cancelled';
  waitedMs: number;
  /** The work seen on the first reading: what an immediate restart would have interrupted. */
  first: string | null;
  /** The last reading (at a timeout: the work still there, or why it could not be read). */
  last: WorkReading;
}

/** OpenClaw's own `restart --safe` waits at most 5 minutes: the same by default, an hour at most. */
export const IDLE_WAIT_DEFAULT_S = 300;
export const IDLE_WAIT_MAX_S = 3600;

/** How often the preflight is asked while waiting (one WebSocket request, ~30 ms). */
export const IDLE_POLL_MS = 1000;

/** Waits until a reading shows no work and no error, at most `timeoutMs`: never longer, whatever the gateway says. */
export async function waitForIdle(deps: IdleWaitDeps, timeoutMs: number, pollMs = IDLE_POLL_MS): Promise<IdleWait> {
  const start = deps.now();
  const waited = () => deps.now() - start;
  let last = await deps.read();
  const first = last.work;
  for (;;) {
    if (deps.cancelled()) return { outcome: 'cancelled', waitedMs: waited(), first, last };
    if (last.work === null && last.error === null) return { outcome: 'idle', waitedMs: waited(), first, last };
    const left = timeoutMs - waited();
    if (left <= 0) return { outcome: 'timeout', waitedMs: waited(), first, last };
    await deps.sleep(Math.min(pollMs, left));
    if (deps.cancelled()) return { outcome: 'cancelled', waitedMs: waited(), first, last };
    last = await deps.read();
  }
}

/** Why a when-idle restart did not happen, in words (the refusal's message). */
export function idleTimeoutText(name: string, wait: IdleWait): string {
  const seconds = Math.round(wait.waitedMs / 1000);
  const still = wait.last.work
    ? `it still reports active work: ${wait.last.work}`
    : `its active work could not be read: ${wait.last.error}`;
  return `${name}: not restarted, it keeps running: after waiting ${seconds} s ${still}. Restart without waiting (it drains up to the grace period), or wait longer (--wait <seconds>).`;
}
