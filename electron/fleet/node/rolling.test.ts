import { describe, expect, it } from 'vitest';
import type { GatewayState } from '../../contract/contract.ts';
import { gatewayStatus } from '../../contract/fixtures.ts';
import { restartAll, versionsOf } from './rolling.ts';

const outcome = (states: Record<string, GatewayState | Error>) => {
  const order: string[] = [];
  let running = 0;
  let most = 0;
  const restart = async (profile: string) => {
    order.push(profile);
    most = Math.max(most, ++running);
    await Promise.resolve();
    running--;
    const result = states[profile] ?? 'ready';
    if (result instanceof Error) throw result;
    return gatewayStatus(profile, 20000, { state: result, reason: result === 'ready' ? null : 'why' });
  };
  return { restart, order, most: () => most };
};

describe('restart all', () => {
  const targets = ['a', 'b', 'c', 'd'].map((profile) => ({ profile, before: 'ready' as const }));

  it('rolling: one at a time, stops at the first that fails, says which were not tried', async () => {
    const { restart, order, most } = outcome({ b: 'crash-looping' });
    expect(await restartAll(targets, restart, true)).toEqual({
      rolling: true,
      restarted: [{ profile: 'a', state: 'ready' }],
      failed: [{ profile: 'b', state: 'crash-looping', reason: 'crash-looping: why' }],
      notTried: ['c', 'd'],
    });
    expect(order).toEqual(['a', 'b']);
    expect(most()).toBe(1);
  });

  it('a refusal is a failure with its words; degraded counts only if it was degraded before', async () => {
    const { restart } = outcome({ a: 'degraded', b: new Error('b: not restarted, it keeps running: bad config') });
    const report = await restartAll([{ profile: 'a', before: 'degraded' }, ...targets.slice(1)], restart, true);
    expect(report.restarted).toEqual([{ profile: 'a', state: 'degraded' }]);
    expect(report.failed).toEqual([
      { profile: 'b', state: null, reason: 'b: not restarted, it keeps running: bad config' },
    ]);
    const again = await restartAll([{ profile: 'a', before: 'ready' }], outcome({ a: 'degraded' }).restart, true);
    expect(again.failed).toHaveLength(1);
  });

  it('all at once when not rolling, every failure reported', async () => {
    const { restart, most } = outcome({ b: 'config-error', d: 'port-blocked' });
    const report = await restartAll(targets, restart, false);
    expect(report.failed.map((f) => f.profile)).toEqual(['b', 'd']);
    expect(report.notTried).toEqual([]);
    expect(most()).toBe(4);
  });
});

describe('versions', () => {
  it('asks for a restart only when a running gateway runs another version than the one installed', () => {
    expect(versionsOf('2026.4.27', '2026.9.6', true).restartToUpdate).toBe(true);
    expect(versionsOf('2026.9.6', '2026.9.6', true).restartToUpdate).toBe(false);
    expect(versionsOf('2026.4.27', '2026.9.6', false).restartToUpdate).toBe(false);
    expect(versionsOf(null, '2026.9.6', true).restartToUpdate).toBe(false);
  });
});
