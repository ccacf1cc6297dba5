import { describe, expect, it } from 'vitest';
import type { Listener } from '../common/conflicts.ts';
import { ListenerMonitor, type WatchedProfile } from './listeners.ts';

const profile = (name: string, port: number, pid: number | null = null): WatchedProfile => ({
  name,
  pid,
  ports: {
    name,
    port,
    stateDir: `/h/.openclaw-${name}`,
    configPath: `/h/.openclaw-${name}/openclaw.json`,
    workspace: null,
  },
});

describe('ListenerMonitor', () => {
  it('attributes listeners to the gateway that holds them or to its process group, and reports what changed', async () => {
    const groups: Record<number, number> = { 501: 500, 777: 777 };
    let scan: Listener[] = [
      { port: 21000, pid: 500, command: 'openclaw-gateway', profile: null },
      { port: 21011, pid: 501, command: 'chrome', profile: null },
      { port: 21200, pid: 777, command: 'nc', profile: null },
    ] as Listener[];
    const monitor = new ListenerMonitor('/h', {
      listListeners: async () => scan.map((l) => ({ ...l })),
      processGroupOf: async (pid) => groups[pid] ?? null,
    });
    const profiles = [profile('a', 21000, 500), profile('b', 21200)];
    const first = await monitor.refresh(profiles);
    expect(first.changed.sort()).toEqual(['a', 'b']);
    expect(monitor.of('a').map((l) => [l.port, l.profile])).toEqual([
      [21000, 'a'],
      [21011, 'a'],
    ]);
    // b's base port is held by a foreign process: an error finding.
    expect(monitor.findings.some((f) => f.profiles.includes('b') && f.severity === 'error')).toBe(true);
    expect(first.findingsChanged).toBe(true);
    const again = await monitor.refresh(profiles);
    expect(again).toEqual({ changed: [], findingsChanged: false });
    scan = scan.filter((l) => l.pid !== 777);
    const freed = await monitor.refresh(profiles);
    expect(freed.changed).toEqual(['b']);
    expect(freed.findingsChanged).toBe(true);
  });
});
