// Faults: a blocked port and a bad config against the real OpenClaw; a crash at start and a gateway that ignores
// SIGTERM need the scripted fake (tests/fixtures/fake-openclaw.mjs), because the real one cannot be made to do that.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LobsterpotError } from '../../electron/contract/contract.ts';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { isAlive, processesInGroup } from '../../electron/platform/node/processes.ts';
import { FAKE_OPENCLAW, World } from './world.ts';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Every file under a folder with its size and mtime: "nothing on disk changed" is this, before and after. */
function tree(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const s = statSync(join(dir, name));
    out.push(`${name} ${s.size} ${s.mtimeMs}`);
  }
  return out.sort();
}

describe('faults with the real OpenClaw', () => {
  let world: World;
  let manager: Manager;

  beforeAll(async () => {
    world = await World.create();
    manager = await world.manager();
    await manager.execute('profiles.create', { name: 'held', port: world.basePort });
    await manager.execute('profiles.create', { name: 'nomode', port: world.basePort + 200 });
  });
  afterAll(() => world?.dispose());

  it('refuses to start on a port held by another process within a second, naming its pid, without spawning', async () => {
    const server = await listen(world.basePort);
    try {
      const started = Date.now();
      const error = await manager.execute('gateway.start', { name: 'held' }).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(LobsterpotError);
      expect((error as LobsterpotError).code).toBe('refused');
      expect((error as Error).message).toContain(`pid ${process.pid}`);
      const status = manager.snapshot().gateways.find((g) => g.profile === 'held')!;
      expect(status).toMatchObject({ state: 'port-blocked', pid: null, lastExit: null });
      expect(status.reason).toContain(`port ${world.basePort} is already in use by pid ${process.pid}`);
      expect(world.pids.size).toBe(0);
      expect(elapsed).toBeLessThan(1000);
    } finally {
      server.close();
    }
  });

  it("gives config-error in OpenClaw's own words for a config without gateway.mode, and does not restart it", async () => {
    const profile = manager.snapshot().profiles.find((p) => p.name === 'nomode')!;
    const config = JSON.parse(readFileSync(profile.configPath, 'utf8'));
    delete config.gateway.mode;
    writeFileSync(profile.configPath, JSON.stringify(config, null, 2));
    await manager.refresh();
    expect(manager.snapshot().profiles.find((p) => p.name === 'nomode')?.configError).toMatch(
      /gateway.mode is not set/,
    );

    const status = await manager.execute('gateway.start', { name: 'nomode' });
    expect(status.state).toBe('config-error');
    expect(status.lastExit?.code).toBe(78);
    expect(status.reason).toMatch(/gateway\.mode|Missing config/);
    const spawns = world.events.filter(
      (e) =>
        e.type === 'gateway-state' &&
        e.status.profile === 'nomode' &&
        e.status.state === 'starting' &&
        e.status.pid !== null,
    );
    expect(spawns).toHaveLength(1);
    expect(status.nextRestartAt).toBeNull();
  });

  it('refuses bad input through the contract, naming the field and the rule, and changes nothing on disk', async () => {
    const before = tree(world.home);
    const badPorts = [0, 80, 65500, 1.5, 'abc'];
    for (const port of badPorts) {
      const error = await manager.execute('profiles.create', { name: 'fresh', port }).catch((e: unknown) => e);
      expect((error as LobsterpotError).code).toBe('invalid-argument');
      expect((error as Error).message).toMatch(/^port: must be/);
      const update = await manager.execute('profiles.update', { name: 'held', port }).catch((e: unknown) => e);
      expect((update as Error).message).toMatch(/^port: must be/);
    }
    for (const name of ['', '..', 'a b', 'x/y', 'a'.repeat(65)]) {
      const error = await manager.execute('profiles.create', { name }).catch((e: unknown) => e);
      expect((error as LobsterpotError).code).toBe('invalid-argument');
      expect((error as Error).message).toMatch(/^name: /);
    }
    const duplicate = await manager.execute('profiles.create', { name: 'Held' }).catch((e: unknown) => e);
    expect((duplicate as Error).message).toBe(
      "name 'Held' clashes with the existing profile 'held' (names are compared case-insensitively)",
    );
    const clash = await manager
      .execute('profiles.create', { name: 'clash', port: world.basePort + 50 })
      .catch((e: unknown) => e);
    expect((clash as LobsterpotError).code).toBe('refused');
    expect((clash as Error).message).toMatch(/held .* are 50 apart/);
    expect(tree(world.home)).toEqual(before);
  });
});

describe('faults that need the fake gateway', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.create({ openclawPath: FAKE_OPENCLAW, stopGraceMs: 1500 });
  });
  afterAll(() => world?.dispose());

  function fakeProfile(name: string, port: number, mode: string) {
    const stateDir = join(world.home, `.openclaw-${name}`);
    readdirSync(world.home); // the home exists
    statSync(world.home);
    return { stateDir, config: { gateway: { mode: 'local', port, bind: 'loopback' }, fake: { mode } } };
  }

  async function writeFake(name: string, port: number, mode: string) {
    const { mkdirSync } = await import('node:fs');
    const { stateDir, config } = fakeProfile(name, port, mode);
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, 'openclaw.json'), JSON.stringify(config));
  }

  it('a gateway that dies at start ends crash-looping after 5 tries (fake gateway, short real delays)', async () => {
    await writeFake('crashy', world.basePort, 'die-at-start');
    const manager = await world.manager({ timing: { restartPolicy: { initialDelayMs: 50, maxDelayMs: 400 } } });
    const status = await manager.execute('gateway.start', { name: 'crashy' });
    expect(status.state).toBe('crash-looping');
    expect(status.restarts).toBe(4);
    expect(status.reason).toMatch(
      /exited 5 times in a row before becoming ready; last: failed \(exit 1\): Error: fake gateway crashed at start/,
    );
    const starts = world.events.filter(
      (e) =>
        e.type === 'gateway-state' &&
        e.status.profile === 'crashy' &&
        e.status.state === 'starting' &&
        e.status.pid !== null,
    );
    expect(new Set(starts.map((e) => e.type === 'gateway-state' && e.status.pid)).size).toBe(5);
  });

  it('a gateway that ignores SIGTERM is killed with its whole group after the grace period (fake gateway)', async () => {
    await writeFake('stubborn', world.basePort + 300, 'ignore-sigterm');
    const manager = await world.manager();
    const status = await manager.execute('gateway.start', { name: 'stubborn' });
    expect(status.state).toBe('ready');
    const pid = status.pid!;
    await world.until('the helper in its group', async () => (await processesInGroup(pid)).length >= 2, 10_000);
    const started = Date.now();
    const outcome = await manager.execute('gateway.stop', { name: 'stubborn' });
    const elapsed = Date.now() - started;
    expect(outcome.state).toBe('stopped');
    expect(manager.snapshot().gateways.find((g) => g.profile === 'stubborn')?.reason).toBe(
      'did not stop within 1.5 s; killed',
    );
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(isAlive(pid)).toBe(false);
    // The helper got the group's SIGKILL too; it is gone once the OS has reaped it.
    await world.until('the group to be empty', async () => (await processesInGroup(pid)).length === 0, 3000);
  });

  it('delete moves nothing while the gateway still runs after its stop (it moved the state dir anyway) (fake gateway)', async () => {
    await writeFake('hydra', world.basePort + 600, 'reexec');
    const manager = await world.manager();
    const { stateDir } = fakeProfile('hydra', world.basePort + 600, 'reexec');
    const lockFile = join(stateDir, 'tmp', `openclaw-${process.getuid?.() ?? 0}`, 'gateway.state.lock');
    const gatewayPid = () => (JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number }).pid;
    try {
      const status = await manager.execute('gateway.start', { name: 'hydra' });
      expect(status.state).toBe('ready');
      await world.until('the re-executed gateway', () => existsSync(lockFile), 10_000);
      world.pids.add(gatewayPid());
      // Lobsterpot's stop ends the process it spawned; the gateway it re-executed as lives on in its own group.
      const error = await manager.execute('profiles.delete', { name: 'hydra', disposal: 'backup' }).catch((e) => e);
      expect(error).toBeInstanceOf(LobsterpotError);
      expect((error as Error).message).toMatch(/hydra is still running \(pid \d+.*\): nothing was moved/);
      expect(existsSync(join(stateDir, 'openclaw.json'))).toBe(true);
      expect(isAlive(gatewayPid())).toBe(true);
    } finally {
      if (existsSync(lockFile) && isAlive(gatewayPid())) process.kill(gatewayPid(), 'SIGKILL');
    }
  });
});
