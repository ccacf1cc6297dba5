// The seeds' other layout, with the real OpenClaw: configs beside each other in ~/.openclaw (main.json, rescue.json),
// state dirs in ~/.openclaw-<name>, each gateway selected by OPENCLAW_CONFIG_PATH + OPENCLAW_STATE_DIR (no profile).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { OpenClawCli } from '../../electron/openclaw/node/openclaw-cli.ts';
import { gatewayEnv } from '../../electron/gateways/node/env.ts';
import { isAlive } from '../../electron/platform/node/processes.ts';
import { probeReadiness } from '../../electron/gateways/node/probes.ts';
import { REAL_OPENCLAW, World } from './world.ts';

describe("the seeds' manual layout (OPENCLAW_CONFIG_PATH + OPENCLAW_STATE_DIR)", () => {
  let world: World;
  let manager: Manager;
  let ports: Record<string, number>;
  const paths = (name: string) => ({
    configPath: join(world.home, '.openclaw', `${name}.json`),
    stateDir: join(world.home, `.openclaw-${name}`),
  });
  const environ = (pid: number) =>
    Object.fromEntries(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );

  // Real gateways on a shared two-core host: each start, CLI check and backup may take tens of seconds (timeouts).
  beforeAll(async () => {
    world = await World.create();
    // Two bases far apart inside the world's free block, away from where suggestions start.
    ports = { main: world.basePort + 300, rescue: world.basePort + 800 };
    const cli = new OpenClawCli({
      nodePath: process.execPath,
      entry: REAL_OPENCLAW,
      home: world.home,
      parentEnv: { ...process.env, HOME: world.home },
    });
    // OpenClaw's own onboard under the two variables, as a person following the seeds would set them up.
    for (const name of ['main', 'rescue']) await cli.onboard(paths(name), ports[name] as number);
    manager = await world.manager();
  }, 240_000);
  afterAll(() => world?.dispose());

  it('lists both instances on their own ports, marked as set up by environment, with no phantom default and no false clash (it showed three config-error profiles on hash ports 60 apart)', () => {
    const { profiles, findings } = manager.snapshot();
    expect(profiles.map((p) => [p.name, p.layout, p.effectivePort, p.portSource, p.configured, p.configError])).toEqual(
      [
        ['main', 'env', ports.main, 'config', true, null],
        ['rescue', 'env', ports.rescue, 'config', true, null],
      ],
    );
    for (const profile of profiles) {
      expect(profile).toMatchObject(paths(profile.name));
      expect(profile.footprint.block).toEqual({ from: ports[profile.name], to: (ports[profile.name] as number) + 110 });
      expect(profile.instance).toMatchObject({ foundBy: ['config-folder'], stateDirFrom: 'agentDir' });
    }
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.kind === 'default-port')).toEqual([]);
  });

  it('starts both to ready through Lobsterpot with exactly their two variables and no --profile', async () => {
    const statuses = await manager.execute('gateway.startAll', {});
    expect(statuses.map((s) => [s.profile, s.state, s.port])).toEqual([
      ['main', 'ready', ports.main],
      ['rescue', 'ready', ports.rescue],
    ]);
    for (const status of statuses) {
      const env = environ(status.pid as number);
      const openclaw = Object.keys(env).filter((key) => key.startsWith('OPENCLAW_'));
      expect(openclaw.filter((key) => key === 'OPENCLAW_CONFIG_PATH' || key === 'OPENCLAW_STATE_DIR')).toHaveLength(2);
      expect(env).toMatchObject({
        OPENCLAW_CONFIG_PATH: paths(status.profile).configPath,
        OPENCLAW_STATE_DIR: paths(status.profile).stateDir,
      });
    }
    // Running, each is also found through its lock, which names its config and state dir.
    await manager.refresh();
    expect(manager.snapshot().profiles.map((p) => [p.name, p.instance?.foundBy.includes('lock')])).toEqual([
      ['main', true],
      ['rescue', true],
    ]);
    expect(manager.snapshot().findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 300_000);

  it("works as a profile's gateway does: browser status, the audit, logs, a restart, a stop", async () => {
    const statuses = manager.snapshot().gateways;
    // The rest works as for a profile: browser status, the audit, logs, a restart (OpenClaw's check under its variables).
    const browser = await manager.execute('gateway.browserStatus', { name: 'main' });
    expect(browser).toMatchObject({ enabled: true, cdpPort: (ports.main as number) + 11 });
    expect((await manager.execute('audit.run', {})).hasErrors).toBe(false);
    expect((await manager.execute('logs.tail', { name: 'rescue', lines: 50 })).lines.join('\n')).toMatch(/ready/);
    const restarted = await manager.execute('gateway.restart', { name: 'rescue' });
    expect(restarted).toMatchObject({ state: 'ready', port: ports.rescue });
    expect(restarted.pid).not.toBe(statuses[1]?.pid);
    const stopped = await manager.execute('gateway.stopAll', {});
    expect(stopped.map((s) => [s.profile, s.state])).toEqual([
      ['main', 'stopped'],
      ['rescue', 'stopped'],
    ]);
  }, 300_000);

  it("adopts rescue started by hand with the seeds' own command line, never a second copy, and stops it", async () => {
    const { configPath, stateDir } = paths('rescue');
    const child = spawn(process.execPath, [REAL_OPENCLAW, 'gateway', '--port', String(ports.rescue)], {
      cwd: world.home,
      env: {
        ...gatewayEnv({ ...process.env, HOME: world.home }, { home: world.home }),
        OPENCLAW_CONFIG_PATH: configPath,
        OPENCLAW_STATE_DIR: stateDir,
      },
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    const pid = child.pid as number;
    world.pids.add(pid);
    await world.until(
      'the hand-started rescue to be ready',
      async () => (await probeReadiness(ports.rescue as number)).ready,
      90_000,
    );
    await manager.refresh();
    const adopted = manager.snapshot().gateways.find((g) => g.profile === 'rescue');
    expect(adopted).toMatchObject({ pid, owner: 'external', port: ports.rescue });
    const started = await manager.execute('gateway.start', { name: 'rescue' });
    expect(started.pid).toBe(pid);
    // Where the service hand-over would be: OpenClaw has no service for a custom state dir, and Lobsterpot says so.
    await expect(manager.execute('gateway.handOverToService', { name: 'rescue' })).rejects.toThrow(
      /skips OS service management for a custom state dir/,
    );
    expect(manager.snapshot().gateways.find((g) => g.profile === 'rescue')?.pid).toBe(pid);
    const stop = await manager.execute('gateway.stop', { name: 'rescue' });
    expect(stop.state).toBe('stopped');
    await world.until('the hand-started gateway to end', () => !isAlive(pid), 30_000);
  }, 300_000);

  it("converts main into the profile ~/.openclaw-main through OpenClaw's writer, backed up first, and it then starts", async () => {
    const before = readFileSync(paths('main').configPath, 'utf8');
    const plan = await manager.execute('profiles.convert', { name: 'main', dryRun: true });
    expect(plan.moves[0]).toMatchObject({
      from: paths('main').configPath,
      to: join(paths('main').stateDir, 'openclaw.json'),
    });
    const report = await manager.execute('profiles.convert', { name: 'main' });
    expect(report.backup && existsSync(report.backup.archive)).toBe(true);
    expect(report.profile).toMatchObject({
      name: 'main',
      layout: 'profile',
      stateDir: paths('main').stateDir,
      configPath: join(paths('main').stateDir, 'openclaw.json'),
      effectivePort: ports.main,
    });
    expect(existsSync(paths('main').configPath)).toBe(false);
    expect(JSON.parse(readFileSync(join(paths('main').stateDir, 'openclaw.json'), 'utf8')).gateway).toEqual(
      JSON.parse(before).gateway,
    );
    expect(manager.snapshot().profiles.map((p) => [p.name, p.layout])).toEqual([
      ['main', 'profile'],
      ['rescue', 'env'],
    ]);
    const started = await manager.execute('gateway.start', { name: 'main' });
    expect(started).toMatchObject({ state: 'ready', port: ports.main });
    expect(environ(started.pid as number).OPENCLAW_STATE_DIR).toBeUndefined();
    await manager.execute('gateway.stop', { name: 'main' });
  }, 300_000);
});
