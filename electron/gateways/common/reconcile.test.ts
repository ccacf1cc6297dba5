import { describe, expect, it } from 'vitest';
import { decide, decideAdopt, type AdoptInput, type ReconcileInput, type Spec } from './reconcile.ts';
import { defaultRestartPolicy, noStreak } from './restart-policy.ts';

const author = { by: 'cli', from: 'pid 1', at: 0 };
const spec = (over: Partial<Spec> = {}): Spec => ({ intent: null, restartOnCrash: true, autostart: false, ...over });
const crash = (wasReadyFor: number | null, streak = noStreak()) =>
  ({ kind: 'crash', token: 7, why: 'killed (SIGKILL)', wasReadyFor, streak }) as const;
const mid = () => 0.5;
const run = (input: Partial<ReconcileInput>) =>
  decide({ spec: spec(), pending: null, stopping: false, ...input }, defaultRestartPolicy, mid);

describe('reconcile', () => {
  it('does nothing when nothing calls for a decision', () => {
    expect(run({})).toEqual({ kind: 'nothing' });
  });

  it('restarts a crashed gateway with backoff, at once after a while of ready', () => {
    expect(run({ pending: crash(1000) })).toMatchObject({ kind: 'restart', delayMs: 1000, token: 7 });
    expect(run({ pending: crash(120_000) })).toMatchObject({ kind: 'restart', delayMs: 0, reason: /restarting now$/ });
    expect(run({ pending: crash(null, { failedStarts: 0, backoffStep: 3 }) })).toMatchObject({ delayMs: 8000 });
  });

  it('ends in crash-looping after too many starts that never became ready', () => {
    const decision = run({ pending: crash(null, { failedStarts: 4, backoffStep: 4 }) });
    expect(decision).toMatchObject({ kind: 'end', state: 'crash-looping', reason: /^exited 5 times in a row/ });
  });

  it('never restarts what a person stopped: recorded, queued, or the flag off', () => {
    const stopped = spec({ intent: { wanted: 'stopped', author } });
    expect(run({ spec: stopped, pending: crash(1000) })).toMatchObject({ kind: 'end', state: 'stopped' });
    expect(run({ stopping: true, pending: crash(1000) })).toMatchObject({ kind: 'end', state: 'stopped' });
    expect(run({ spec: spec({ restartOnCrash: false }), pending: crash(1000) })).toMatchObject({ kind: 'end' });
    // A restart that falls due asks again.
    expect(run({ spec: stopped, pending: { kind: 'restart-due', token: 7 } })).toEqual({
      kind: 'end',
      token: 7,
      state: 'stopped',
      reason: 'not restarted: it was stopped meanwhile',
      streak: null,
    });
    expect(run({ pending: { kind: 'restart-due', token: 7 } })).toEqual({ kind: 'respawn', token: 7 });
  });

  it('restarts at once on a hand-off OpenClaw left, whatever the restart-on-crash flag, unless a person stopped it', () => {
    const handoff = { kind: 'handoff', token: 7, why: 'OpenClaw asked for a restart (x)' } as const;
    expect(run({ spec: spec({ restartOnCrash: false }), pending: handoff })).toEqual({ kind: 'respawn', token: 7 });
    const stopped = spec({ intent: { wanted: 'stopped', author } });
    expect(run({ spec: stopped, pending: handoff })).toMatchObject({ kind: 'end', state: 'stopped', streak: null });
    expect(run({ stopping: true, pending: handoff })).toMatchObject({ kind: 'end', state: 'stopped' });
  });
});

describe('reconcile: adopting a gateway found running', () => {
  const found = { pid: 4242, port: 21000, owner: 'lobsterpot' } as const;
  const input = (over: Partial<AdoptInput> = {}): AdoptInput => ({
    tracked: false,
    yields: false,
    found,
    serviceActive: false,
    basePort: 21000,
    recordedPort: null,
    ...over,
  });

  it('watches a gateway found running, as Lobsterpot’s own or another’s as its record says', () => {
    expect(decideAdopt(input())).toEqual({ kind: 'adopt', pid: 4242, port: 21000, owner: 'lobsterpot' });
    expect(decideAdopt(input({ found: { ...found, owner: 'external' } }))).toMatchObject({ owner: 'external' });
  });

  it('calls it the OS service’s while the service is active, whoever’s record names it', () => {
    expect(decideAdopt(input({ serviceActive: true }))).toMatchObject({ kind: 'adopt', owner: 'service' });
  });

  it('watches a gateway still starting (no port yet) where the config says', () => {
    expect(decideAdopt(input({ found: { ...found, port: null }, basePort: 21240 }))).toMatchObject({ port: 21240 });
  });

  it('a gateway found without a port while OpenClaw reloads after a port change was watched on the new base port: on the port its run record says it started on', () => {
    // Seen for real: `edit alpha --port 21200` while it ran on 21000; for a moment neither OpenClaw's lock nor a
    // listener told the port, and `status` said 21200 with no "runs on 21000" while it still listened on 21000.
    const reloading = input({ found: { ...found, port: null }, basePort: 21200, recordedPort: 21000 });
    expect(decideAdopt(reloading)).toMatchObject({ kind: 'adopt', port: 21000 });
    // What the gateway itself says still wins over the record.
    expect(decideAdopt({ ...reloading, found: { ...found, port: 21000 } })).toMatchObject({ port: 21000 });
    expect(decideAdopt({ ...reloading, found: { ...found, port: 21240 } })).toMatchObject({ port: 21240 });
  });

  it('never adopts over a process already tracked, nor in a background look while a command is on its way', () => {
    expect(decideAdopt(input({ tracked: true }))).toEqual({ kind: 'nothing' });
    expect(decideAdopt(input({ yields: true }))).toEqual({ kind: 'nothing' });
    expect(decideAdopt(input({ found: null }))).toEqual({ kind: 'nothing' });
  });
});
