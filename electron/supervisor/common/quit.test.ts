import { describe, expect, it } from 'vitest';
import { LEFT_BY_POLICY, gatewaysToStop, quitLines, quitReport, type QuitFacts } from './quit.ts';

const gateway = (name: string, facts: Partial<QuitFacts> = {}): QuitFacts => ({
  name,
  running: true,
  spawnedHere: false,
  owner: 'lobsterpot',
  reason: null,
  ...facts,
});

describe('the quit rule', () => {
  it('stops what this server spawned (an adopted gateway it restarted included), never what it only adopted', () => {
    const before = [
      gateway('alpha', { spawnedHere: true }), // adopted, then restarted by this server: its process is ours
      gateway('beta'), // adopted and never restarted
      gateway('gamma', { owner: 'service' }),
      gateway('delta', { running: false }),
    ];
    expect(gatewaysToStop(before, false)).toEqual(['alpha']);
    expect(gatewaysToStop(before, true)).toEqual([]);
    const after = before.map((g) => (g.name === 'alpha' ? { ...g, running: false } : g));
    const report = quitReport(before, after, false);
    expect(report).toEqual({
      stopped: ['alpha'],
      left: [
        { name: 'beta', why: 'started before this server' },
        { name: 'gamma', why: 'run by their OS service' },
      ],
    });
    expect(quitLines(report)).toEqual([
      'stopped alpha: started or restarted by this server',
      'leaving beta running: started before this server',
      'leaving gamma running: run by their OS service',
    ]);
  });

  it('names the ones it left together, the quit policy, and a stop that failed', () => {
    const before = [gateway('alpha'), gateway('beta'), gateway('gamma', { spawnedHere: true })];
    expect(quitLines(quitReport(before, before, true))).toEqual([
      `leaving alpha, beta, gamma running: ${LEFT_BY_POLICY}`,
    ]);
    const failed = before.map((g) => (g.name === 'gamma' ? { ...g, reason: 'pid 7 survived SIGKILL' } : g));
    expect(quitLines(quitReport(before, failed, false))).toEqual([
      'leaving alpha, beta running: started before this server',
      'leaving gamma running: it did not stop (pid 7 survived SIGKILL)',
    ]);
    expect(quitLines({ stopped: [], left: [] })).toEqual(['no gateway was running']);
  });
});
