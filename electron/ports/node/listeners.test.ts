import { describe, expect, it } from 'vitest';
import type { Listener } from '../common/findings.ts';
import type { PortProfile } from '../common/ports.ts';
import { ListenerMonitor, type ListenerDeps, type WatchedProfile } from './listeners.ts';

const ports = (name: string, port: number): PortProfile => ({
  name,
  port,
  stateDir: `/h/.openclaw-${name}`,
  configPath: `/h/.openclaw-${name}/openclaw.json`,
  workspace: `/h/.openclaw-${name}/workspace`,
});

/** A host where `held` listens (pid 77, nc) on one port that no profile's footprint covers. */
function host(held: number): ListenerDeps {
  const all: Listener[] = [{ port: held, pid: 77, command: 'nc' }];
  return {
    listListeners: async (wanted) => all.filter((l) => wanted.has(l.port)).map((l) => ({ ...l })),
    processGroupOf: async () => null,
    listeningPorts: async () => all.map((l) => l.port),
  };
}

describe('live listeners outside every footprint', () => {
  const watched: WatchedProfile[] = [{ name: 'alpha', ports: ports('alpha', 20000), pid: null }];

  it('a live process on a port is not in the findings and the suggestion can pick its port', async () => {
    const monitor = new ListenerMonitor('/h', host(20150), { from: 32768, to: 60999 });
    await monitor.refresh(watched);
    expect(monitor.all).toEqual([{ port: 20150, pid: null, command: null }]);
    const index = monitor.index(watched);
    // 20120 would put its footprint (…20230) over the listener on 20150.
    expect(index.suggestBasePort({ near: 20120 })).toBe(20151);
    expect(index.findingsFor(ports('beta', 20150)).map((f) => `${f.severity}:${f.kind}`)).toEqual([
      'error:live-listener',
    ]);
  });

  it('a draft’s own ports are read fresh, so a refusal names the holder', async () => {
    const monitor = new ListenerMonitor('/h', host(20150), null);
    await monitor.refresh(watched);
    const draft = ports('beta', 20150);
    const fresh = await monitor.listenersOf(draft);
    expect(fresh).toEqual([{ port: 20150, pid: 77, command: 'nc' }]);
    expect(monitor.index(watched, fresh).findingsFor(draft)[0]?.message).toBe(
      "pid 77 (nc) already listens on 20150, beta's base port",
    );
  });
});

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
    const monitor = new ListenerMonitor(
      '/h',
      {
        listListeners: async () => scan.map((l) => ({ ...l })),
        processGroupOf: async (pid) => groups[pid] ?? null,
        listeningPorts: async () => scan.map((l) => l.port),
      },
      null,
    );
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

describe('overlapping looks (issue 20, defect 1)', () => {
  it('defect 1: a look asked for before a gateway was adopted, ending last, reported its own gateway as a foreign holder', async () => {
    const scan: Listener[] = [
      { port: 21000, pid: 500, command: 'openclaw-gateway' },
      { port: 21240, pid: 600, command: 'openclaw-gateway' },
    ];
    // The first look's socket-table read is held back until the second look has been applied.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const monitor = new ListenerMonitor(
      '/h',
      {
        listListeners: async () => {
          if (++reads === 1) await held;
          return scan.map((l) => ({ ...l }));
        },
        processGroupOf: async (pid) => pid,
        listeningPorts: async () => scan.map((l) => l.port),
      },
      null,
    );
    // Alpha's gateway is not adopted yet when the first look is asked for (beta's turning ready asked for it).
    let alphaPid: number | null = null;
    const watched = () => [profile('alpha', 21000, alphaPid), profile('beta', 21240, 600)];
    const stale = monitor.refresh(watched());
    alphaPid = 500;
    await monitor.refresh(watched());
    release();
    await stale;
    expect(monitor.of('alpha').map((l) => [l.port, l.profile])).toEqual([[21000, 'alpha']]);
    expect(monitor.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('who runs which gateway is read once the scan is in, not when the look was asked for', async () => {
    let alphaPid: number | null = null;
    const monitor = new ListenerMonitor(
      '/h',
      {
        listListeners: async () => {
          // The gateway is adopted while the socket table is read.
          alphaPid = 500;
          return [{ port: 21000, pid: 500, command: 'openclaw-gateway' }];
        },
        processGroupOf: async (pid) => pid,
      },
      null,
    );
    await monitor.refresh(() => [profile('alpha', 21000, alphaPid)]);
    expect(monitor.of('alpha')[0]?.profile).toBe('alpha');
    expect(monitor.findings).toEqual([]);
  });
});
