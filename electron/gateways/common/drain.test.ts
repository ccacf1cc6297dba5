import { describe, expect, it } from 'vitest';
import { idleTimeoutText, waitForIdle, type IdleWaitDeps, type WorkReading } from './drain.ts';

/**
 * A gateway on a fake clock whose preflight reports `work` until `idleAt`: time moves only when the wait sleeps, so
 * every duration below is exact. `sleeps` records each sleep, `reads` each question.
 */
function gateway(idleAt: number, work = '1 active gateway request(s): ws:agent') {
  const state = { now: 0, reads: 0, sleeps: [] as number[], cancelAfterReads: Number.POSITIVE_INFINITY };
  const deps: IdleWaitDeps = {
    read: async (): Promise<WorkReading> => {
      state.reads++;
      return { work: state.now >= idleAt ? null : work, error: null };
    },
    now: () => state.now,
    sleep: async (ms) => {
      state.sleeps.push(ms);
      state.now += ms;
    },
    cancelled: () => state.reads >= state.cancelAfterReads,
  };
  return { state, deps };
}

describe('waitForIdle (restart --safe: a bounded wait for no active work)', () => {
  it('an idle gateway: idle at once, one question, no wait', async () => {
    const { state, deps } = gateway(0);
    expect(await waitForIdle(deps, 300_000)).toMatchObject({ outcome: 'idle', waitedMs: 0, first: null });
    expect(state).toMatchObject({ reads: 1, sleeps: [] });
  });

  it('busy, then idle: waits until the first reading without work, and says what it waited for', async () => {
    const { deps } = gateway(4500);
    expect(await waitForIdle(deps, 300_000, 1000)).toMatchObject({
      outcome: 'idle',
      waitedMs: 5000,
      first: '1 active gateway request(s): ws:agent',
      last: { work: null, error: null },
    });
  });

  it('never waits past the bound, whatever the gateway keeps saying (an unbounded wait)', async () => {
    const { state, deps } = gateway(Number.POSITIVE_INFINITY);
    const wait = await waitForIdle(deps, 2500, 1000);
    expect(wait).toMatchObject({ outcome: 'timeout', waitedMs: 2500 });
    // Asked at 0, 1000, 2000 and once more at the bound; the last sleep is cut to the bound.
    expect(state).toMatchObject({ reads: 4, sleeps: [1000, 1000, 500] });
    expect(idleTimeoutText('alpha', wait)).toBe(
      'alpha: not restarted, it keeps running: after waiting 3 s it still reports active work: 1 active gateway ' +
        'request(s): ws:agent. Restart without waiting (it drains up to the grace period), or wait longer (--wait <seconds>).',
    );
  });

  it('a gateway that cannot be asked is not taken for idle: the wait ends at the bound, saying why', async () => {
    let now = 0;
    const deps: IdleWaitDeps = {
      read: async () => ({ work: null, error: 'no hello from the gateway on 41000 within 3000 ms' }),
      now: () => now,
      sleep: async (ms) => void (now += ms),
      cancelled: () => false,
    };
    const wait = await waitForIdle(deps, 1000);
    expect(wait.outcome).toBe('timeout');
    expect(idleTimeoutText('alpha', wait)).toContain('its active work could not be read: no hello from the gateway');
  });

  it('a stop meanwhile ends the wait at its next step', async () => {
    const { state, deps } = gateway(Number.POSITIVE_INFINITY);
    state.cancelAfterReads = 3;
    expect(await waitForIdle(deps, 300_000, 1000)).toMatchObject({ outcome: 'cancelled', waitedMs: 2000 });
  });
});
