// One supervisor per host, with the real `lobsterpot serve` and the real `lobsterpot` command as separate processes:
// the CLI's commands go to the running serve, so a CLI stop is serve's own stop and is never undone by it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, signalGroup } from '../../electron/platform/node/processes.ts';
import { listListeners } from '../../electron/platform/node/sockets.ts';
import { BIN, lobsterpot, stays } from './cli.ts';
import { World, freePortBlock } from './world.ts';

describe('one supervisor per host', () => {
  let world: World;
  let server: ChildProcess;
  let out = '';

  const startServe = async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(await freePortBlock(10))], {
      env: { ...process.env, HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return child;
  };

  beforeAll(async () => {
    world = await World.create();
    const manager = await world.manager();
    await manager.execute('profiles.create', { name: 'alpha' });
    await manager.close({ leave: true });
    server = await startServe();
    server.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await world.until('the server URL', () => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out)?.[0], 30_000);
  });

  afterAll(async () => {
    if (server?.pid) signalGroup(server.pid, 'SIGKILL');
    await world?.dispose();
  });

  it('a second serve on the same HOME does not supervise: it says where the first one is and exits 0', async () => {
    const second = await startServe();
    let printed = '';
    second.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = new Promise((resolve) => second.once('exit', resolve));
    // Ended whatever happens: a second serve that claimed after all would outlive the test.
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000, 'still running'))]);
    if (code === 'still running' && second.pid) signalGroup(second.pid, 'SIGKILL');
    expect(code).toBe(0);
    expect(printed).toContain(`pid ${server.pid}`);
    expect(printed).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  });

  it('a CLI stop while serve runs is not undone by serve (serve started the gateway again seconds later)', async () => {
    const started = await lobsterpot(world, ['start', 'alpha', '--json']);
    expect(started.code).toBe(0);
    const status = JSON.parse((await lobsterpot(world, ['status', 'alpha', '--json'])).out) as {
      gateways: { pid: number; owner: string; state: string }[];
    };
    const pid = status.gateways[0]!.pid;
    world.pids.add(pid);
    // The CLI's start was serve's own: serve spawned it and owns it.
    expect(status.gateways[0]).toMatchObject({ state: 'ready', owner: 'lobsterpot' });

    const stopped = await lobsterpot(world, ['stop', 'alpha', '--json']);
    expect(stopped.code).toBe(0);
    expect(isAlive(pid)).toBe(false);
    // Serve's restart policy would have started it again within 1–2 s.
    await stays('alpha stopped', async () => (await listListeners(new Set([world.basePort]))).length === 0, 5000);
    const after = JSON.parse((await lobsterpot(world, ['status', 'alpha', '--json'])).out) as {
      gateways: { state: string; pid: number | null }[];
    };
    expect(after.gateways[0]).toMatchObject({ state: 'stopped', pid: null });
  });

  it('defect 4: history credited a CLI command sent through a running serve to serve ("a person (serve)")', async () => {
    // The start and the stop above went through serve's control socket: they are the CLI's, by its own word.
    const report = JSON.parse((await lobsterpot(world, ['history', 'alpha', '--json'])).out) as {
      entries: { state: string; cause?: { kind: string; by: string | null } | null }[];
    };
    const people = report.entries.filter((e) => e.cause?.kind === 'person');
    expect(people.map((e) => e.state)).toEqual(expect.arrayContaining(['starting', 'stopping', 'stopped']));
    expect(new Set(people.map((e) => e.cause?.by))).toEqual(new Set(['cli']));
    const record = JSON.parse(readFileSync(join(world.dataDir, 'runs', 'alpha.json'), 'utf8')) as {
      intent: { wanted: string; by: string; from: string | null };
    };
    expect(record.intent).toMatchObject({ wanted: 'stopped', by: 'cli' });
  });
});
