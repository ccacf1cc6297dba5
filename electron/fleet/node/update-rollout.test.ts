import { describe, expect, it } from 'vitest';
import type { GatewayState } from '../../contract/contract.ts';
import { gatewayStatus } from '../../contract/fixtures.ts';
import { rollOut, type RolloutProfile, type RolloutTarget } from './update-rollout.ts';

const OLD = '/old/openclaw.mjs';
const NEW = '/new/openclaw.mjs';
const target: RolloutTarget = { version: '2026.9.7', path: NEW, pin: NEW };
const running = (profile: string, before: GatewayState = 'ready'): RolloutProfile => ({
  profile,
  before,
  pinned: null,
  from: OLD,
  running: true,
});

/**
 * A fleet whose gateways come back as `onNew` says when restarted on the new install, and ready on the old one; it
 * keeps every effect in order.
 */
function fleet(onNew: Record<string, GatewayState | Error> = {}) {
  const pins = new Map<string, string | null>();
  const log: string[] = [];
  let clock = 0;
  return {
    pins,
    log,
    effects: {
      pin: async (profile: string, pin: string | null) => {
        pins.set(profile, pin);
        log.push(`pin ${profile} ${pin ?? 'located'}`);
      },
      restart: async (profile: string) => {
        clock += 1000;
        const onTarget = pins.get(profile) === NEW;
        log.push(`restart ${profile} on ${onTarget ? 'new' : 'old'}`);
        const result = onTarget ? (onNew[profile] ?? 'ready') : 'ready';
        if (result instanceof Error) throw result;
        return gatewayStatus(profile, 20000, { state: result, reason: result === 'ready' ? null : 'exit 1' });
      },
      note: async (profile: string, kind: 'update' | 'rollback', by: string) => {
        log.push(`${kind} ${profile} ${by}`);
      },
      now: () => clock,
    },
  };
}

describe('an OpenClaw update: canary, roll, rollback', () => {
  it('canary ready: the others roll one at a time, each on the new install', async () => {
    const { effects, log, pins } = fleet();
    const report = await rollOut(target, [running('a'), running('b'), running('c')], effects, false);
    expect(report.canary).toMatchObject({ profile: 'a', ok: true, state: 'ready', to: NEW, tookMs: 1000 });
    expect(report.rolled.map((s) => [s.profile, s.ok])).toEqual([
      ['b', true],
      ['c', true],
    ]);
    expect(report.rolledBack).toBeNull();
    expect(report.notTried).toEqual([]);
    expect([...pins.values()]).toEqual([NEW, NEW, NEW]);
    expect(log.filter((l) => l.startsWith('restart'))).toEqual([
      'restart a on new',
      'restart b on new',
      'restart c on new',
    ]);
    expect(report.message).toBe('a, b, c run OpenClaw 2026.9.7 (canary a).');
  });

  it('canary not ready: it is put back on the install it ran and restarted; nobody else is touched', async () => {
    const { effects, log, pins } = fleet({ a: 'crash-looping' });
    const report = await rollOut(target, [running('a'), running('b')], effects, false);
    expect(report.canary).toMatchObject({ profile: 'a', ok: false, state: 'crash-looping' });
    expect(report.rolledBack).toMatchObject({ profile: 'a', ok: true, state: 'ready', to: OLD });
    expect(report.rolled).toEqual([]);
    expect(report.notTried).toEqual(['b']);
    expect(pins.get('a')).toBeNull();
    expect(pins.has('b')).toBe(false);
    expect(log).toEqual([
      'update a to 2026.9.7',
      `pin a ${NEW}`,
      'restart a on new',
      `rollback a to ${OLD}`,
      'pin a located',
      'restart a on old',
    ]);
    expect(report.message).toMatch(
      /^The canary a did not come back ready on OpenClaw 2026\.9\.7 \(crash-looping: exit 1\); rolled back: a is ready again/,
    );
  });

  it('a refused restart of the canary is a failure with its words, and is rolled back too', async () => {
    const { effects } = fleet({ a: new Error('a: port 20000 is held by pid 7') });
    const report = await rollOut(target, [running('a')], effects, false);
    expect(report.canary).toMatchObject({ ok: false, state: null, reason: 'a: port 20000 is held by pid 7' });
    expect(report.rolledBack?.ok).toBe(true);
  });

  it('one fails mid-roll: it is rolled back, the roll stops, and the report says who runs what', async () => {
    const { effects, pins } = fleet({ c: 'crash-looping' });
    const report = await rollOut(
      target,
      ['a', 'b', 'c', 'd'].map((p) => running(p)),
      effects,
      false,
    );
    expect(report.canary?.ok).toBe(true);
    expect(report.rolled.map((s) => [s.profile, s.ok])).toEqual([
      ['b', true],
      ['c', false],
    ]);
    expect(report.rolledBack).toMatchObject({ profile: 'c', ok: true, to: OLD });
    expect(report.notTried).toEqual(['d']);
    expect(Object.fromEntries(pins)).toEqual({ a: NEW, b: NEW, c: null });
    expect(report.message).toMatch(/The roll stopped: a, b run 2026\.9\.7; not tried: d\.$/);
  });

  it('degraded counts as back only for a gateway that was degraded before', async () => {
    const { effects } = fleet({ a: 'degraded', b: 'degraded' });
    const report = await rollOut(target, [running('a', 'degraded'), running('b')], effects, false);
    expect(report.canary?.ok).toBe(true);
    expect(report.rolled[0]).toMatchObject({ profile: 'b', ok: false, state: 'degraded' });
    expect(report.rolledBack?.profile).toBe('b');
  });

  it('a rollback that does not come back either says so', async () => {
    const { effects } = fleet({ a: 'crash-looping' });
    effects.restart = async (profile) =>
      gatewayStatus(profile, 20000, { state: 'crash-looping', reason: 'state newer than this OpenClaw (exit 78)' });
    const report = await rollOut(target, [running('a')], effects, false);
    expect(report.rolledBack).toMatchObject({ ok: false, state: 'crash-looping' });
    expect(report.message).toContain(`rolled back to ${OLD}, where a is crash-looping`);
  });

  it('dry run: the plan in order, the canary first, and nothing is pinned or restarted', async () => {
    const { effects, log } = fleet();
    const stopped = { ...running('z'), running: false, before: 'stopped' as const };
    const report = await rollOut(target, [running('a'), stopped, running('b')], effects, true);
    expect(report.plan).toEqual([
      { profile: 'a', from: OLD },
      { profile: 'b', from: OLD },
    ]);
    expect(report.pinnedOnly).toEqual(['z']);
    expect(log).toEqual([]);
    expect(report.message).toBe(
      'Would restart a on OpenClaw 2026.9.7 as the canary, then b one at a time. z (not running) would start on it next time.',
    );
  });

  it('a profile that is not running is only set to the new install, never started', async () => {
    const { effects, log } = fleet();
    const report = await rollOut(target, [{ ...running('z'), running: false, before: 'stopped' }], effects, false);
    expect(log).toEqual([`pin z ${NEW}`]);
    expect(report.canary).toBeNull();
    expect(report.pinnedOnly).toEqual(['z']);
  });
});
