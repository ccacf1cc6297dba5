// A test world: its own HOME, its own Lobsterpot data dir, its own block of ports, and a record of every gateway
// process it started, so that cleanup ends them by process group even when a test fails.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Manager, type ManagerOptions } from '../../electron/supervisor/node/manager.ts';
import { isAlive, processesInGroup, signalGroup } from '../../electron/platform/node/processes.ts';
import { listListeners } from '../../electron/platform/node/sockets.ts';
import type { LobsterpotEvent } from '../../electron/contract/contract.ts';

export const REAL_OPENCLAW = join(
  import.meta.dirname,
  '..',
  '..',
  '.cache',
  'openclaw',
  'node_modules',
  'openclaw',
  'openclaw.mjs',
);
export const FAKE_OPENCLAW = join(import.meta.dirname, '..', 'fixtures', 'fake-openclaw.mjs');

/** The kernel's ephemeral ports (outgoing connections and `listen(0)` take them): a block there may be taken any time. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux: its usual range
  }
  return [32768, 60999];
}

/**
 * A base with `size` free ports above it and 500 below (where suggestions may go), away from OpenClaw's defaults
 * (18789–19111) and from the ephemeral range, where a port found free now may be taken by a connection a moment later.
 */
export async function freePortBlock(size = 1500): Promise<number> {
  const taken = (await listListeners()).map((l) => l.port);
  const [low, high] = ephemeralRange();
  const spans = [
    [19700, low],
    [high + 1, 65_000],
  ].filter(([from, to]) => (to as number) - (from as number) >= size + 500) as [number, number][];
  for (let attempt = 0; attempt < 200 && spans.length; attempt++) {
    const [from, to] = spans[Math.floor(Math.random() * spans.length)] as [number, number];
    const base = from + 500 + Math.floor((Math.random() * (to - from - 500 - size)) / 10) * 10;
    if (!taken.some((port) => port >= base - 500 && port < base + size)) return base;
  }
  throw new Error('no free port block');
}

export class World {
  readonly home: string;
  readonly dataDir: string;
  readonly basePort: number;
  readonly pids = new Set<number>();
  readonly events: LobsterpotEvent[] = [];
  readonly managers: Manager[] = [];

  private constructor(root: string, basePort: number) {
    this.home = join(root, 'home');
    this.dataDir = join(root, 'lobsterpot');
    this.basePort = basePort;
    mkdirSync(this.home, { recursive: true });
    mkdirSync(this.dataDir, { recursive: true });
  }

  static async create(settings: Record<string, unknown> = {}): Promise<World> {
    const world = new World(mkdtempSync(join(tmpdir(), 'lp-world-')), await freePortBlock());
    writeFileSync(
      join(world.dataDir, 'settings.json'),
      JSON.stringify({
        openclawPath: REAL_OPENCLAW,
        nodePath: process.execPath,
        basePortStart: world.basePort,
        stopGraceMs: 10_000,
        ...settings,
      }),
    );
    return world;
  }

  async manager(options: Omit<ManagerOptions, 'place'> = {}): Promise<Manager> {
    const manager = await Manager.open({
      ...options,
      place: { home: this.home, dataDir: this.dataDir, env: { ...process.env, HOME: this.home } },
    });
    manager.on((event) => {
      this.events.push(event);
      if (event.type === 'gateway-state' && event.status.pid !== null) this.pids.add(event.status.pid);
    });
    for (const gateway of manager.snapshot().gateways) if (gateway.pid !== null) this.pids.add(gateway.pid);
    this.managers.push(manager);
    return manager;
  }

  /** Waits for a condition, polling, with a deadline; never a fixed sleep. */
  async until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value as NonNullable<T>;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Ends every process group this world started, then removes its folders. */
  async dispose(): Promise<void> {
    for (const manager of this.managers) await manager.close({ leave: true }).catch(() => undefined);
    for (const pid of this.pids) signalGroup(pid, 'SIGKILL');
    for (const pid of this.pids) {
      await this.until(
        `group ${pid} to end`,
        async () => !isAlive(pid) && (await processesInGroup(pid)).length === 0,
        10_000,
      ).catch(() => undefined);
    }
    rmSync(join(this.home, '..'), { recursive: true, force: true });
  }
}
