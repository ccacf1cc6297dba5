// The bench's real gateways: a throwaway HOME of the pinned OpenClaw, driven by Lobsterpot's Manager and, side by side,
// by the OpenClaw CLI the way a user without Lobsterpot would; and the independent watchers the rows time them with.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { dirname, join } from 'node:path';
import type { GatewayStatus } from '../electron/contract/contract.ts';
import type { Manager } from '../electron/supervisor/node/manager.ts';
import { gatewayEnv } from '../electron/gateways/node/env.ts';
import { profileArgs } from '../electron/openclaw/node/openclaw-cli.ts';
import { isAlive, processesInGroup, signalGroup } from '../electron/platform/node/processes.ts';
import { REAL_OPENCLAW, World } from '../tests/integration/world.ts';
import { runOpenClaw } from './lib.ts';

export class Fleet {
  readonly world: World;
  readonly manager: Manager;
  readonly names: string[] = [];
  /** Gateways started by the CLI way (detached, each its own group), ended by group when the run ends. */
  readonly cliPids = new Set<number>();

  private constructor(world: World, manager: Manager) {
    this.world = world;
    this.manager = manager;
  }

  static async create(log: (line: string) => void): Promise<Fleet> {
    const world = await World.create({ stopGraceMs: 10_000 });
    const fleet = new Fleet(world, await world.manager());
    log(`  HOME ${world.home}, ports from ${world.basePort}`);
    return fleet;
  }

  async addProfiles(count: number): Promise<string[]> {
    const added: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `bench${this.names.length + 1}`;
      // Spaced well apart so the footprints never clash.
      await this.manager.execute('profiles.create', { name, port: this.world.basePort + 200 * this.names.length });
      this.names.push(name);
      added.push(name);
    }
    return added;
  }

  port(name: string): number {
    const status = this.manager.snapshot().gateways.find((g) => g.profile === name);
    if (!status) throw new Error(`no gateway ${name}`);
    return status.port;
  }

  async startAll(names: string[]): Promise<void> {
    const statuses = await Promise.all(names.map((name) => this.manager.execute('gateway.start', { name })));
    for (const status of statuses) {
      if (status.state !== 'ready')
        throw new Error(`${status.profile} did not start: ${status.state} ${status.reason}`);
    }
  }

  async stopAll(names: string[]): Promise<void> {
    await Promise.all(names.map((name) => this.manager.execute('gateway.stop', { name })));
  }

  /**
   * The CLI way: `openclaw gateway run` in the background, then `openclaw health` until it answers. Also returns how
   * long after /readyz first said 200 the loop noticed.
   */
  async cliStart(name: string): Promise<{ pid: number; detectionMs: number }> {
    const watcher = watchReadyz(this.port(name));
    const logFd = openSync(join(this.world.dataDir, `cli-${name}.log`), 'a');
    const child = spawn(process.execPath, [REAL_OPENCLAW, ...profileArgs(name), 'gateway', 'run'], {
      cwd: this.world.home,
      env: gatewayEnv(process.env, { home: this.world.home, nodeDir: dirname(process.execPath) }),
      stdio: ['ignore', logFd, logFd],
      detached: true,
    });
    closeSync(logFd);
    child.unref();
    const pid = child.pid as number;
    this.cliPids.add(pid);
    for (;;) {
      const run = await runOpenClaw(this.world.home, name, ['health', '--json', '--timeout', '2000']);
      if (run.code === 0) {
        const noticed = performance.now();
        return { pid, detectionMs: noticed - (await watcher.first) };
      }
      if (!isAlive(pid)) {
        watcher.stop();
        throw new Error(`the CLI-started gateway ${name} exited`);
      }
    }
  }

  /** The CLI way to stop a foreground gateway (`gateway stop` manages services only): SIGTERM, then `openclaw health` until it stops answering. */
  async cliStop(name: string, pid: number): Promise<void> {
    process.kill(pid, 'SIGTERM');
    for (;;) {
      const run = await runOpenClaw(this.world.home, name, ['health', '--json', '--timeout', '2000']);
      if (run.code !== 0) break;
    }
    await this.world.until(`${name} to exit`, () => !isAlive(pid), 30_000);
    this.cliPids.delete(pid);
  }

  async dispose(): Promise<void> {
    for (const pid of this.cliPids) signalGroup(pid, 'SIGKILL');
    for (const pid of this.cliPids) {
      await this.world
        .until(`group ${pid} to end`, async () => !isAlive(pid) && (await processesInGroup(pid)).length === 0, 10_000)
        .catch(() => undefined);
    }
    await this.world.dispose();
  }
}

/** A poller independent of Lobsterpot: its own sockets, every 20 ms, notes when /readyz first says 200. */
export function watchReadyz(port: number): { first: Promise<number>; stop(): void } {
  const agent = new Agent({ keepAlive: false });
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const first = new Promise<number>((resolve) => {
    const poll = () => {
      if (stopped) return;
      const req = get({ host: '127.0.0.1', port, path: '/readyz', agent, timeout: 5000 }, (res) => {
        res.resume();
        if (res.statusCode === 200 && !stopped) {
          stopped = true;
          resolve(performance.now());
        }
      });
      req.on('error', () => undefined);
      req.on('timeout', () => req.destroy());
      timer = setTimeout(poll, 20);
    };
    poll();
  });
  return {
    first,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** The time of the Manager's first `gateway-state` event for `name` that `matches`, from now on. */
export function nextState(
  manager: Manager,
  name: string,
  matches: (status: GatewayStatus) => boolean,
  timeoutMs = 120_000,
): Promise<{ at: number; status: GatewayStatus }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching state of ${name} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const off = manager.on((event) => {
      if (event.type !== 'gateway-state' || event.status.profile !== name || !matches(event.status)) return;
      clearTimeout(timer);
      off();
      resolve({ at: performance.now(), status: event.status });
    });
  });
}
