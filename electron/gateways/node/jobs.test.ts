import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock, sleep } from '../../platform/node/clock.ts';
import { FakeProcesses } from './testing.ts';
import { GatewayProcess } from './gateway-process.ts';
import { ProfileSupervisor, type JobChecks, type SupervisorHooks } from './jobs.ts';

/**
 * A profile with fake processes on a fake clock: a spawn takes 50 ms, a process is ready 300 ms after it starts and
 * exits 100 ms after SIGTERM (at once on SIGKILL). `live` is every process that exists, tracked or not.
 */
class World {
  readonly clock = new FakeClock();
  readonly processes = new FakeProcesses(this.clock, { spawnMs: 50, termExitMs: 100 });
  intents: string[] = [];
  readonly gateway: GatewayProcess;
  readonly supervisor: ProfileSupervisor;

  get live() {
    return this.processes.live;
  }
  get maxLive() {
    return this.processes.maxLive;
  }
  get spawns() {
    return this.processes.spawns;
  }

  /** A test may answer the checks or record the intent its own way. */
  constructor({ intend, ...checks }: Partial<JobChecks & Pick<SupervisorHooks, 'intend'>> = {}) {
    const clock = this.clock;
    this.gateway = new GatewayProcess(
      {
        clock,
        ...this.processes.effects,
        probe: async () => {
          const child = this.processes.find(this.gateway.pid);
          const live = child?.alive === true;
          return { live, ready: live && clock.now() - child.born >= 300, failing: [] };
        },
        footprintListeners: async () => [],
      },
      {
        profile: 'alpha',
        terms: { port: () => 41000, graceMs: () => 1000 },
        reports: { changed: () => {} },
      },
    );
    this.supervisor = new ProfileSupervisor(this.gateway, {
      checks: {
        preflight: async () => {
          await sleep(clock, 10);
          return this.gateway.isActive ? 'running' : 'spawn';
        },
        checkRestart: async () => {},
        activeWork: async () => ({ work: null, error: null }),
        ...checks,
      },
      clock,
      beforeStop: async () => {},
      lock: async () => async () => {},
      intend: intend ?? (async (wanted) => void this.intents.push(wanted)),
    });
  }

  /** Processes that exist but that the supervisor does not track: orphans. */
  untracked(): number[] {
    return [...this.live.keys()].filter((pid) => pid !== this.gateway.pid);
  }
}

type Command =
  | { kind: 'start' }
  | { kind: 'stop'; force: boolean }
  | { kind: 'restart' }
  | { kind: 'crash' }
  | { kind: 'wait'; ms: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.constant<Command>({ kind: 'start' }),
  fc.boolean().map<Command>((force) => ({ kind: 'stop', force })),
  fc.constant<Command>({ kind: 'restart' }),
  fc.constant<Command>({ kind: 'crash' }),
  fc.integer({ min: 0, max: 400 }).map<Command>((ms) => ({ kind: 'wait', ms })),
);

describe('ProfileSupervisor', () => {
  it('never has two gateway processes, nor one it does not track, under any interleaving of commands', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 25 }), async (commands) => {
        const world = new World();
        const pending: Promise<unknown>[] = [];
        for (const command of commands) {
          if (command.kind === 'start') pending.push(world.supervisor.start());
          else if (command.kind === 'stop') pending.push(world.supervisor.stop(command.force));
          else if (command.kind === 'restart') pending.push(world.supervisor.restart());
          else if (command.kind === 'crash')
            for (const exit of world.live.values()) exit({ code: null, signal: 'SIGKILL' });
          else await world.clock.advance(command.ms);
          expect(world.live.size).toBeLessThanOrEqual(1);
        }
        // Let everything settle (restarts back off up to seconds), then nothing may be left untracked.
        for (let i = 0; i < 20 && world.supervisor.busy; i++) await world.clock.advance(1000);
        await Promise.allSettled(pending);
        expect(world.maxLive).toBeLessThanOrEqual(1);
        expect(world.untracked()).toEqual([]);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('joins 50 concurrent starts into one spawn (50 gateway.start commands spawned 50 gateways)', async () => {
    const world = new World();
    const starts = Array.from({ length: 50 }, () => world.supervisor.start());
    await world.clock.advance(1000);
    const results = await Promise.all(starts);
    expect(world.spawns).toBe(1);
    expect(new Set(results.map((r) => r.state))).toEqual(new Set(['ready']));
  });

  it('stops the child a running start spawned (a stop during a spawn left an orphan gateway)', async () => {
    const world = new World();
    const start = world.supervisor.start();
    await world.clock.advance(30); // inside the 50 ms spawn
    const stop = world.supervisor.stop(false);
    await world.clock.advance(2000);
    await Promise.all([start, stop]);
    expect(world.spawns).toBeLessThanOrEqual(1);
    expect(world.live.size).toBe(0);
    expect(world.gateway.state).toBe('stopped');
  });

  it('restart during a start leaves one tracked gateway (restart during a start left an orphan)', async () => {
    const world = new World();
    const start = world.supervisor.start();
    await world.clock.advance(55);
    const restart = world.supervisor.restart();
    await world.clock.advance(3000);
    await Promise.all([start, restart]);
    expect(world.live.size).toBe(1);
    expect(world.untracked()).toEqual([]);
    expect(world.gateway.state).toBe('ready');
  });

  it('refuses a restart before stopping anything when the config is broken', async () => {
    const world = new World({
      checkRestart: async () => {
        throw new Error('alpha: not restarted, it keeps running: gateway.port: expected a number');
      },
    });
    const start = world.supervisor.start();
    await world.clock.advance(1000);
    await start;
    const pid = world.gateway.pid;
    await expect(world.supervisor.restart()).rejects.toThrow(/keeps running/);
    expect(world.gateway.pid).toBe(pid);
    expect(world.live.has(pid as number)).toBe(true);
    expect(world.gateway.state).toBe('ready');
  });

  it('records a person stopping before the signal, and a start as running', async () => {
    const world = new World();
    const start = world.supervisor.start();
    await world.clock.advance(1000);
    await start;
    const stop = world.supervisor.stop(false);
    await world.clock.advance(1000);
    await stop;
    expect(world.intents).toEqual(['running', 'stopped']);
  });
});

describe('a command with its author (issue 25: the rescue bot is recorded as mcp (rescue))', () => {
  it('records who asked with the intent, and names them while the job runs', async () => {
    const asked: (string | null)[] = [];
    const authors: (string | null)[] = [];
    const world = new World({
      intend: async (_wanted, by) => {
        asked.push(by);
        authors.push(world.supervisor.author);
      },
    });
    const stop = world.supervisor.stop(false, 'mcp (rescue)');
    await stop;
    const start = world.supervisor.start();
    while (world.supervisor.busy) await world.clock.advance(50);
    await start;
    expect(asked).toEqual(['mcp (rescue)', null]);
    expect(authors).toEqual(['mcp (rescue)', null]);
    expect(world.supervisor.author).toBeNull();
  });
});

describe('a restart when idle (issue 25: drain-aware restart, `restart --safe`)', () => {
  /** A world whose gateway reports active work until `idleAt` on its fake clock. */
  function busyUntil(idleAt: () => number) {
    const world: World = new World({
      activeWork: async () => ({
        work: world.clock.now() < idleAt() ? '1 active gateway request(s): ws:agent' : null,
        error: null,
      }),
    });
    return world;
  }
  async function started(world: World) {
    const start = world.supervisor.start();
    await world.clock.advance(1000);
    await start;
    return world.gateway.pid as number;
  }

  it('waits until the work ends, then restarts, and says what it waited for', async () => {
    let idleAt = Number.POSITIVE_INFINITY;
    const world = busyUntil(() => idleAt);
    const pid = await started(world);
    idleAt = world.clock.now() + 3000;
    const restart = world.supervisor.restart(null, { timeoutMs: 60_000 });
    await world.clock.advance(2500);
    expect(world.gateway.pid).toBe(pid); // still waiting: nothing was stopped
    await world.clock.advance(5000);
    const result = await restart;
    expect(result).toMatchObject({ activeWork: '1 active gateway request(s): ws:agent', waitedMs: 3000 });
    expect(result.status.state).toBe('ready');
    expect(world.gateway.pid).not.toBe(pid);
  });

  it('still busy at the bound: refused, and the gateway keeps running (a timed-out safe restart restarted anyway)', async () => {
    const world = busyUntil(() => Number.POSITIVE_INFINITY);
    const pid = await started(world);
    const restart = world.supervisor.restart(null, { timeoutMs: 5000 }).catch((error: unknown) => error);
    await world.clock.advance(6000);
    const error = await restart;
    expect((error as Error).message).toMatch(/^alpha: not restarted, it keeps running: after waiting 5 s it still/);
    expect(world.gateway.pid).toBe(pid);
    expect(world.live.has(pid)).toBe(true);
    expect(world.spawns).toBe(1);
  });

  it('a stop during the wait cancels it: the gateway stays stopped', async () => {
    const world = busyUntil(() => Number.POSITIVE_INFINITY);
    await started(world);
    const restart = world.supervisor.restart(null, { timeoutMs: 60_000 });
    await world.clock.advance(1500);
    const stop = world.supervisor.stop(false);
    await world.clock.advance(3000);
    const [restarted] = await Promise.all([restart, stop]);
    // Nothing to say of a wait that was cancelled (the window said it "waited until the work ended").
    expect(restarted).toMatchObject({ activeWork: null, waitedMs: null });
    expect(world.gateway.state).toBe('stopped');
    expect(world.live.size).toBe(0);
    expect(world.spawns).toBe(1);
  });

  it('an idle gateway restarts at once; an immediate restart reports the work its stop drained', async () => {
    let idleAt = 0;
    const world = busyUntil(() => idleAt);
    await started(world);
    const safe = world.supervisor.restart(null, { timeoutMs: 60_000 });
    await world.clock.advance(1000);
    expect(await safe).toMatchObject({ activeWork: null, waitedMs: 0 });
    idleAt = Number.POSITIVE_INFINITY;
    const now = world.supervisor.restart();
    await world.clock.advance(2000);
    expect(await now).toMatchObject({ activeWork: '1 active gateway request(s): ws:agent', waitedMs: null });
    expect(world.spawns).toBe(3);
  });
});
