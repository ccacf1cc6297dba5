// Issue 20, defect 6: Ctrl-C on `npm start` once left both gateways running, with `run/supervisor.json` and
// `control.sock` behind, after ~20 minutes of use ending in a rolling restart. Ctrl-C is SIGINT to serve's process group
// (as a terminal sends it to its foreground job), in each situation once, in order, with real gateways. After each:
// nothing the quit rule says to stop still runs (README.md › Stop it with Ctrl-C; electron/supervisor/common/quit.ts),
// the gateways it says to leave run with the same pid, serve says which it left and why, and no claim file is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../electron/contract/contract.ts';
import { isAlive, signalGroup } from '../../electron/platform/node/processes.ts';
import { listListeners } from '../../electron/platform/node/sockets.ts';
import { endpointOf } from '../../electron/supervisor/node/control.ts';
import { BIN, lobsterpot } from './cli.ts';
import { Client } from './serve-harness.ts';
import { World, freePortBlock } from './world.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PROFILES = ['alpha', 'beta'];
/** How long one Ctrl-C may take to end serve (a gateway's stop is at most its grace, 10 s in a test world). */
const QUIT_MS = 60_000;

interface Run {
  child: ChildProcess;
  out: string;
  exit: { code: number | null; signal: string | null } | null;
}

describe('Ctrl-C on serve (defect 6: it left both gateways running, with run/supervisor.json and control.sock)', () => {
  let world: World;
  const groups = new Set<number>();
  const basePorts = new Map<string, number>();

  /** `lobsterpot serve`, or `npm start` (npm → scripts/start.ts → serve, each forwarding its SIGINT), as its own job. */
  const launch = async (how: 'serve' | 'npm start'): Promise<Run> => {
    const port = String(await freePortBlock(10));
    const [command, args] =
      how === 'serve' ? [process.execPath, [BIN, 'serve', '--port', port]] : ['npm', ['start', '--', '--port', port]];
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, HOME: world.home, LOBSTERPOT_HOME: world.dataDir },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    groups.add(child.pid as number);
    const run: Run = { child, out: '', exit: null };
    child.stdout?.on('data', (chunk: Buffer) => (run.out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (run.out += chunk.toString()));
    child.once('exit', (code, signal) => (run.exit = { code, signal }));
    return run;
  };
  const urlOf = (run: Run) =>
    world.until('the server URL', () => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(run.out)?.[0] ?? null, 90_000);

  const connect = async (url: string): Promise<Client> => {
    const { host, searchParams } = new URL(url);
    const ws = new WebSocket(`ws://${host}/api`, {
      headers: { cookie: `lobsterpot_token=${searchParams.get('token')}` },
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const window = new Client(ws);
    // Every gateway serve shows is ended by the test's cleanup, whatever happens.
    ws.on('message', () => {
      for (const event of window.events.splice(0)) {
        if (event.type === 'gateway-state' && event.status.pid !== null) world.pids.add(event.status.pid);
        seen.push(event);
      }
    });
    return window;
  };
  const seen: { type: string; status?: GatewayStatus }[] = [];
  const gateways = async (window: Client) => {
    const reply = await window.call('state.snapshot', {});
    return (reply.result as { gateways: GatewayStatus[] }).gateways;
  };

  const ctrlC = async (run: Run) => {
    signalGroup(run.child.pid as number, 'SIGINT');
    await world.until('serve to end after Ctrl-C', () => run.exit, QUIT_MS);
  };

  /** Who listens on each profile's base port now. */
  const listening = async () => {
    const ports = new Set(basePorts.values());
    return (await listListeners(ports)).filter((l) => l.pid !== null);
  };

  /**
   * The rule's check: every gateway still listening is one that ran before this serve (same pid) and is named as left,
   * "started before this server"; every other gateway process serve showed is gone; no claim file remains.
   */
  const checkAfter = async (run: Run, before: Map<string, number>) => {
    expect(existsSync(join(world.dataDir, 'run', 'supervisor.json')), run.out).toBe(false);
    expect(existsSync(endpointOf(world.dataDir)), run.out).toBe(false);
    const pidsBefore = new Set(before.values());
    for (const listener of await listening())
      expect(pidsBefore.has(listener.pid as number), `pid ${listener.pid} on ${listener.port}\n${run.out}`).toBe(true);
    for (const event of seen) {
      const pid = event.status?.pid;
      if (pid && !pidsBefore.has(pid))
        expect(isAlive(pid), `pid ${pid} (${event.status?.profile})\n${run.out}`).toBe(false);
    }
    const left = [...before].filter(([, pid]) => isAlive(pid)).map(([name]) => name);
    if (left.length) expect(run.out).toContain(`leaving ${left.join(', ')} running: started before this server`);
    else expect(run.out).not.toContain('leaving');
    seen.length = 0;
  };

  /** The gateways running now (by the CLI, no supervisor), by profile. */
  const runningNow = async () => {
    const status = JSON.parse((await lobsterpot(world, ['status', '--json'])).out) as { gateways: GatewayStatus[] };
    return new Map(status.gateways.filter((g) => g.pid !== null).map((g) => [g.profile, g.pid as number]));
  };

  beforeAll(async () => {
    world = await World.create();
    const manager = await world.manager();
    for (const name of PROFILES) await manager.execute('profiles.create', { name });
    for (const profile of manager.snapshot().profiles) basePorts.set(profile.name, profile.effectivePort);
    await manager.close({ leave: true });
  });

  afterAll(async () => {
    for (const pid of groups) signalGroup(pid, 'SIGKILL');
    for (const pid of world?.pids ?? []) signalGroup(pid, 'SIGCONT');
    await world?.dispose();
  });

  it('while serve itself starts (claimed, not serving yet): it ends and leaves no claim file', async () => {
    const run = await launch('serve');
    await world.until('the claim', () => existsSync(join(world.dataDir, 'run', 'supervisor.json')) || run.exit, 30_000);
    await ctrlC(run);
    await checkAfter(run, new Map());
  });

  it('while its gateways start (flagged "start with Lobsterpot"), a window connected: it stops what it spawned', async () => {
    for (const name of PROFILES) await lobsterpot(world, ['flags', name, '--autostart', 'on']);
    const run = await launch('serve');
    const window = await connect(await urlOf(run));
    await window.waitFor(
      'a gateway spawned',
      () => seen.find((e) => e.status?.state === 'starting' && e.status.pid !== null),
      60_000,
    );
    await ctrlC(run);
    await window.close();
    for (const name of PROFILES) await lobsterpot(world, ['flags', name, '--autostart', 'off']);
    await checkAfter(run, new Map());
  });

  it('after adoption (started by the CLI with no supervisor): it leaves them running and says why', async () => {
    const started = await lobsterpot(world, ['start', '--all', '--json']);
    expect(started.code, started.err).toBe(0);
    const before = await runningNow();
    for (const pid of before.values()) world.pids.add(pid);
    expect([...before.keys()]).toEqual(PROFILES);
    const run = await launch('serve');
    const window = await connect(await urlOf(run));
    await window.waitFor(
      'both adopted',
      async () => (await gateways(window)).every((g) => g.pid === before.get(g.profile)),
      30_000,
    );
    await ctrlC(run);
    await checkAfter(run, before);
    expect(run.out).toContain('leaving alpha, beta running: started before this server');
  });

  it('during a rolling restart of adopted gateways, a window connected: the one it restarted is stopped', async () => {
    const before = await runningNow();
    expect([...before.keys()]).toEqual(PROFILES);
    const run = await launch('serve');
    const window = await connect(await urlOf(run));
    await window.waitFor(
      'both adopted',
      async () => (await gateways(window)).every((g) => g.pid === before.get(g.profile)),
      30_000,
    );
    window.ws.send(JSON.stringify({ id: 1000, command: 'gateway.restartAll', args: { rolling: true } }));
    // Ctrl-C while the first restart stops the old process: what that restart would spawn is this server's.
    await window.waitFor('a restart stopping', () => seen.find((e) => e.status?.state === 'stopping'), 60_000);
    await ctrlC(run);
    await window.close();
    await checkAfter(run, before);
  });

  it('through npm start, a second Ctrl-C while a gateway will not stop: stopped at once, nothing left behind', async () => {
    const before = await runningNow();
    const name = PROFILES.find((profile) => !before.has(profile)) ?? 'alpha';
    if (before.has(name)) {
      expect((await lobsterpot(world, ['stop', name])).code).toBe(0);
      before.delete(name);
    }
    const run = await launch('npm start');
    const window = await connect(await urlOf(run));
    const reply = await window.call('gateway.start', { name }, 120_000);
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    const pid = (await gateways(window)).find((g) => g.profile === name)?.pid as number;
    // A gateway that does not end on SIGTERM for now (stopped): the graceful stop would wait out its whole grace.
    signalGroup(pid, 'SIGSTOP');
    signalGroup(run.child.pid as number, 'SIGINT');
    // The second press comes once the stop waits out the grace (well after the first press's forwarded signals).
    await window.waitFor(
      'the stop waiting',
      () => seen.find((e) => e.status?.profile === name && e.status.state === 'stopping') ?? run.exit,
      30_000,
    );
    await ctrlC(run);
    await window.close();
    await checkAfter(run, before);
    expect(run.out).toMatch(/stopping the gateways at once/);
  });
});
