// Real OpenClaw gateways: create, start, probe, crash, adopt and stop them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { footprintPorts } from '../../electron/ports/common/ports.ts';
import { isAlive, processesInGroup } from '../../electron/platform/node/processes.ts';
import { listListeners } from '../../electron/platform/node/sockets.ts';
import { probeReadiness, withRpc } from '../../electron/gateways/node/probes.ts';
import { World } from './world.ts';

describe('three real gateways', () => {
  let world: World;
  let manager: Manager;
  const names = ['alpha', 'beta', 'gamma'];

  beforeAll(async () => {
    world = await World.create();
    // No background rescan: what the snapshot shows must come from the gateways' own changes.
    manager = await world.manager();
  });
  afterAll(() => world?.dispose());

  it('creates three profiles through the real onboard, on the suggested ports, without error findings', async () => {
    for (const name of names) {
      const suggested = (await manager.execute('ports.suggest', {})).port;
      const profile = await manager.execute('profiles.create', { name });
      expect(profile.port).toBe(suggested);
      expect(profile.configError).toBeNull();
    }
    const { profiles, findings } = manager.snapshot();
    const ports = profiles.map((p) => p.port ?? 0).sort((a, b) => a - b);
    expect(profiles.find((p) => p.name === 'alpha')?.port).toBe(world.basePort);
    expect(ports.slice(1).map((port, i) => port - (ports[i] ?? 0))).toEqual([120, 120]);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('starts all three; each is ready and answers system.info and browser status', async () => {
    const statuses = await manager.execute('gateway.startAll', {});
    expect(statuses.map((s) => [s.profile, s.state, s.owner])).toEqual(
      names.map((name) => [name, 'ready', 'lobsterpot']),
    );
    for (const profile of manager.snapshot().profiles) {
      const status = manager.snapshot().gateways.find((g) => g.profile === profile.name)!;
      const token =
        (await import('node:fs')).readFileSync(profile.configPath, 'utf8').match(/"token":\s*"([^"]+)"/)?.[1] ?? null;
      const info = await withRpc(profile.effectivePort, token, (rpc) =>
        rpc.call<{ port: number; pid: number }>('system.info'),
      );
      expect(info).toMatchObject({ port: profile.effectivePort, pid: status.pid });
      const browser = await manager.execute('gateway.browserStatus', { name: profile.name });
      expect(browser).toMatchObject({ enabled: true, cdpPort: profile.effectivePort + 11 });
    }
    await world.until('RPC identity', () => manager.snapshot().gateways.every((g) => g.rpc.version !== null));
    // Each ready gateway's own listener shows without a rescan (this Manager runs none).
    await world.until(
      "the gateways as their base ports' listeners",
      () =>
        manager.snapshot().gateways.every((g) => g.listeners.some((l) => l.port === g.port && l.profile === g.profile)),
      10_000,
    );
    expect(manager.snapshot().gateways.map((g) => g.rpc.configPath)).toEqual(
      manager.snapshot().profiles.map((p) => p.configPath),
    );
  });

  it('restarts a gateway killed with SIGKILL and has it ready again', async () => {
    const before = manager.snapshot().gateways.find((g) => g.profile === 'beta')!;
    process.kill(before.pid!, 'SIGKILL');
    await world.until(
      'beta to restart',
      () => manager.snapshot().gateways.find((g) => g.profile === 'beta')?.state === 'restarting',
      10_000,
    );
    const after = await world.until(
      'beta ready again',
      () =>
        manager.snapshot().gateways.find((g) => g.profile === 'beta' && g.state === 'ready' && g.pid !== before.pid),
      120_000,
    );
    expect(after.restarts).toBe(1);
    expect(after.lastExit).toMatchObject({ signal: 'SIGKILL', meaning: 'killed (SIGKILL)' });
  });

  it('offers a restart after a port change of a running gateway, even when a rescan reads the new config first', async () => {
    const gamma = manager.snapshot().profiles.find((p) => p.name === 'gamma')!;
    const original = gamma.effectivePort;
    // Rescans as often as the app's would at worst: one lands while OpenClaw's config writer runs.
    const rescans = setInterval(() => void manager.refresh(), 50);
    try {
      const moved = await manager.execute('profiles.update', { name: 'gamma', port: original + 5 });
      expect(moved.restartNeeded).toBe(true);
    } finally {
      clearInterval(rescans);
      await manager.execute('profiles.update', { name: 'gamma', port: original });
    }
    // OpenClaw reloads its config on each write (keeping its port), a moment after it: the next test wants gamma
    // ready and settled, so wait until /readyz has said 200 for 3 s on end.
    let readySince: number | null = null;
    await world.until(
      'gamma settled after its reloads',
      async () => {
        readySince = (await probeReadiness(original)).ready ? (readySince ?? Date.now()) : null;
        return readySince !== null && Date.now() - readySince >= 3000;
      },
      60_000,
    );
  });

  it('a new Manager over the same HOME adopts the running gateways without spawning, and stops them all', async () => {
    const running = manager.snapshot().gateways.map((g) => g.pid);
    await manager.close({ leave: true });
    const seen = world.events.length;
    const second = await world.manager();
    const adopted = second.snapshot().gateways;
    expect(adopted.map((g) => [g.profile, g.state, g.owner])).toEqual(
      names.map((name) => [name, 'ready', 'lobsterpot']),
    );
    expect(adopted.map((g) => g.pid)).toEqual(running);
    const spawned = world.events
      .slice(seen)
      .filter((e) => e.type === 'gateway-state' && e.status.pid !== null && !running.includes(e.status.pid));
    expect(spawned).toEqual([]);

    const outcomes = await second.execute('gateway.stopAll', {});
    expect(outcomes.map((o) => [o.profile, o.state])).toEqual(names.map((name) => [name, 'stopped']));
    const ports = new Set(second.snapshot().profiles.flatMap((p) => footprintPorts(p)));
    expect(await listListeners(ports)).toEqual([]);
    for (const pid of [...world.pids]) {
      expect(isAlive(pid)).toBe(false);
      expect(await processesInGroup(pid)).toEqual([]);
    }
  });
});
