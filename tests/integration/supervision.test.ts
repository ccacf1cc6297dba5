// The faults of issue "one supervisor you can trust", each against real OpenClaw gateways (two, shared by the tests).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LobsterpotError, type GatewayStatus, type LobsterpotEvent } from '../../electron/contract/contract.ts';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { isAlive } from '../../electron/platform/node/processes.ts';
import { activeWorkOf, withRpc, type RestartPreflight } from '../../electron/gateways/node/probes.ts';
import { lobsterpot } from './cli.ts';
import { World } from './world.ts';

describe('one supervisor you can trust (real gateways)', () => {
  let world: World;
  let manager: Manager;
  const status = (m: Manager, name: string) => m.snapshot().gateways.find((g) => g.profile === name) as GatewayStatus;

  beforeAll(async () => {
    world = await World.create();
    manager = await world.manager({ timing: { readinessPolicy: { unresponsiveAfterMs: 4000, healthPollMs: 500 } } });
    await manager.execute('profiles.create', { name: 'alpha' });
    await manager.execute('profiles.create', { name: 'beta' });
  });
  afterAll(() => world?.dispose());

  // Also issue 20's defect 1: the second CLI looked while the gateway was still titled `openclaw`, judged it stale,
  // cleared its run record and, once it took its lock, adopted it as `external` (adoption.test.ts has the decision).
  it('two `lobsterpot start` at once spawn one gateway (each spawned one; the extra died on the taken port)', async () => {
    const [a, b] = await Promise.all([
      lobsterpot(world, ['start', 'beta', '--json']),
      lobsterpot(world, ['start', 'beta', '--json']),
    ]);
    const pids = [a, b].map((r) => (JSON.parse(r.out) as { results: { state: string }[] }).results[0]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(pids.map((p) => p?.state)).toEqual(['ready', 'ready']);
    await manager.refresh();
    const beta = status(manager, 'beta');
    world.pids.add(beta.pid as number);
    // Only one OpenClaw gateway runs for beta: its lock's pid is the one Lobsterpot sees, and no other spawn lives on.
    const spawned = readFileSync(`${world.dataDir}/logs/beta.log`, 'utf8').match(/\[gateway\] ready/g) ?? [];
    expect(spawned).toHaveLength(1);
    await manager.execute('gateway.stop', { name: 'beta' });
  });

  it('50 gateway.start commands at once spawn one gateway', async () => {
    const spawnedPids = new Set<number>();
    const off = manager.on((event: LobsterpotEvent) => {
      if (event.type === 'gateway-state' && event.status.profile === 'alpha' && event.status.pid !== null)
        spawnedPids.add(event.status.pid);
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => manager.execute('gateway.start', { name: 'alpha' })),
    );
    off();
    for (const pid of spawnedPids) world.pids.add(pid);
    expect(new Set(results.map((r) => r.state))).toEqual(new Set(['ready']));
    expect(spawnedPids.size).toBe(1);
  });

  it("Lobsterpot's own probes are not active work in the stop preflight (an idle stop warned of work)", async () => {
    const alpha = manager.snapshot().profiles.find((p) => p.name === 'alpha')!;
    const token = readFileSync(alpha.configPath, 'utf8').match(/"token":\s*"([^"]+)"/)?.[1] ?? null;
    // A status probe of Lobsterpot's in flight while the preflight is asked, as happens right after a gateway is ready.
    const answer = await withRpc(
      alpha.effectivePort,
      token,
      async (rpc) => {
        const probe = rpc.call('system.info', {}, 5000).catch(() => null);
        const preflight = await rpc.call<RestartPreflight>('gateway.restart.preflight', {}, 2000);
        await probe;
        return preflight;
      },
      { admin: true },
    );
    const holders = JSON.stringify(answer.blockers ?? []);
    const work = activeWorkOf(answer) ?? '';
    expect(work).not.toMatch(/ws:(system\.info|gateway\.restart\.preflight)/);
    if (holders.includes('ws:system.info')) expect(answer.safe).toBe(false); // OpenClaw counted our probe as work
    const stopped = await manager.execute('gateway.stop', { name: 'alpha' });
    expect(stopped.activeWork ?? '').not.toMatch(/ws:/);
    await manager.execute('gateway.start', { name: 'alpha' });
  });

  it('restart with a config that no longer parses refuses and keeps the healthy gateway running, probed on its real port', async () => {
    const alpha = manager.snapshot().profiles.find((p) => p.name === 'alpha')!;
    const before = status(manager, 'alpha');
    const good = readFileSync(alpha.configPath, 'utf8');
    writeFileSync(alpha.configPath, `${good.slice(0, -10)} ,,, not json`);
    try {
      await manager.refresh();
      const error = await manager.execute('gateway.restart', { name: 'alpha' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LobsterpotError);
      expect((error as LobsterpotError).code).toBe('refused');
      expect((error as Error).message).toMatch(/alpha: not restarted, it keeps running: .*(JSON5|invalid|line)/i);
      expect(isAlive(before.pid as number)).toBe(true);
      // The config now gives no port (OpenClaw's hash default would be probed): the gateway's own port is.
      const healthChecks = status(manager, 'alpha').health.checkedAt ?? 0;
      await world.until(
        'two more health checks',
        () => (status(manager, 'alpha').health.checkedAt ?? 0) > healthChecks + 600,
      );
      expect(status(manager, 'alpha')).toMatchObject({ state: 'ready', pid: before.pid, port: before.port });
    } finally {
      writeFileSync(alpha.configPath, good);
      await manager.refresh();
    }
  });

  it('a SIGSTOPped gateway becomes unresponsive with the evidence, and ready again on SIGCONT (it read starting forever)', async () => {
    const pid = status(manager, 'alpha').pid as number;
    process.kill(pid, 'SIGSTOP');
    try {
      await world.until('unresponsive', () => status(manager, 'alpha').state === 'unresponsive', 20_000);
      expect(status(manager, 'alpha').reason).toMatch(new RegExp(`pid ${pid} is alive but has not answered`));
      expect(isAlive(pid)).toBe(true);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await world.until('ready again', () => status(manager, 'alpha').state === 'ready', 20_000);
  });

  it('restart counters and the last exit survive a supervisor restart (they vanished)', async () => {
    const pid = status(manager, 'alpha').pid as number;
    process.kill(pid, 'SIGKILL');
    await world.until(
      'alpha restarted and ready',
      () => status(manager, 'alpha').state === 'ready' && status(manager, 'alpha').pid !== pid,
      60_000,
    );
    world.pids.add(status(manager, 'alpha').pid as number);
    const { restarts, lastExit } = status(manager, 'alpha');
    expect(restarts).toBeGreaterThanOrEqual(1);
    await manager.close({ leave: true });
    manager = await world.manager();
    expect(status(manager, 'alpha')).toMatchObject({ state: 'ready', restarts, lastExit });
  });

  it('a lock whose pid now belongs to an unrelated process is stale: never adopted, never signalled (stop signalled a sleep)', async () => {
    const beta = manager.snapshot().profiles.find((p) => p.name === 'beta')!;
    const stranger = spawn('sleep', ['300'], { stdio: 'ignore', detached: true });
    world.pids.add(stranger.pid as number);
    const uid = process.getuid?.() ?? 0;
    const dir = `${beta.stateDir}/tmp/openclaw-${uid}`;
    (await import('node:fs')).mkdirSync(dir, { recursive: true });
    writeFileSync(
      `${dir}/gateway.state.lock`,
      JSON.stringify({
        pid: stranger.pid,
        ownerId: 'x',
        createdAt: new Date().toISOString(),
        configPath: beta.configPath,
        stateDir: beta.stateDir,
        port: beta.effectivePort,
        startTime: 1,
      }),
    );
    await manager.refresh();
    expect(status(manager, 'beta')).toMatchObject({ state: 'stopped', pid: null });
    await manager.execute('gateway.stop', { name: 'beta' });
    expect(isAlive(stranger.pid as number)).toBe(true);
    stranger.kill('SIGKILL');
  });
});
