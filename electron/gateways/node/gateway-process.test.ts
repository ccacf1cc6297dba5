import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/node/clock.ts';
import { GatewayProcess, type GatewayDeps, type ProcessStatus } from './gateway-process.ts';
import { FakeProcesses, type FakeChild } from './testing.ts';
import type { HealthProbe, StartupProbe } from './probes.ts';
import { Reconciler } from './reconciler.ts';
import { emptyRecord } from '../common/record.ts';

class Harness {
  readonly clock = new FakeClock();
  readonly processes = new FakeProcesses(this.clock, { firstPid: 1000 });
  throwOnChange = false;
  readonly states: string[] = [];
  /** Every status the process reported with a change, as it was at that moment. */
  readonly reported: ProcessStatus[] = [];
  /** Each start phase seen, as `name detail @ms since the harness began`. */
  readonly phases: string[] = [];
  readonly #began = this.clock.now();
  restartOnCrash = true;
  /** The reconcile step's jitter: none, the delays are the policy's own. */
  random = () => 0.5;
  graceMs = 30_000;

  /** In-memory children: each spawn makes one; the test decides when it answers /readyz and how it exits. */
  get children(): FakeChild[] {
    return this.processes.children;
  }
  /** Resolves the spawn when called; by default spawns resolve at once. */
  set holdSpawn(hold: Promise<void> | null) {
    this.processes.hold = hold;
  }
  set onSpawn(onSpawn: (child: FakeChild) => void) {
    this.processes.onSpawn = onSpawn;
  }

  readonly deps: GatewayDeps = {
    clock: this.clock,
    ...this.processes.effects,
    probe: async (): Promise<HealthProbe> => {
      const child = this.children.at(-1);
      return child?.alive && !child.hung
        ? { live: true, ready: child.ready, failing: child.ready ? [] : ['startup'] }
        : { live: false, ready: null, failing: [] };
    },
    footprintListeners: async () => [],
    describeProcess: async () => 'process state T (stopped)',
  };

  readonly gateway = new GatewayProcess(this.deps, {
    profile: 'alpha',
    terms: { port: () => 41000, graceMs: () => this.graceMs },
    // The restart after a crash is the reconcile step's decision (reconciler.ts), as in a profile's runtime.
    decide: (pending) => this.reconciler.observe({}, pending),
    reports: {
      changed: (process) => {
        this.reported.push(process.status);
        if (this.states.at(-1) !== process.state) this.states.push(process.state);
        const phase = process.status.phase;
        const seen = phase
          ? `${phase.name}${phase.detail ? ` ${phase.detail}` : ''} @${phase.since - this.#began}`
          : null;
        if (seen && this.phases.at(-1) !== seen) this.phases.push(seen);
        if (this.throwOnChange) throw new Error('a subscriber failed');
      },
      error: () => {},
    },
  });

  readonly reconciler: Reconciler = new Reconciler(
    emptyRecord('alpha', 41000),
    { gateway: this.gateway, clock: this.clock },
    {
      spec: () => ({ intent: null, restartOnCrash: this.restartOnCrash, autostart: false }),
      stopping: () => false,
      look: () => ({ process: this.gateway.status }),
      alive: () => false,
    },
    { publish: () => {}, onError: () => {} },
    { random: () => this.random() },
  );
}

/** When a fake child starts answering /readyz 200, in fake-clock time. */
const READY_AFTER_MS = 1000;

describe('GatewayProcess', () => {
  it('looks at once when the starting gateway prints something, instead of at the next poll', async () => {
    const h = new Harness();
    // Ready between two polls (they run every 200 ms), and says so in its log.
    h.onSpawn = (child) =>
      h.clock.setTimeout(() => {
        child.ready = true;
        h.gateway.nudge();
      }, 1050);
    const started = h.gateway.start();
    await h.clock.advance(1050);
    expect(h.gateway.state).toBe('ready');
    expect((await started).state).toBe('ready');
  });

  it('probes once more after a nudge that came while a probe was on its way', async () => {
    const h = new Harness();
    let answer!: (probe: HealthProbe) => void;
    let probes = 0;
    h.deps.probe = () => {
      probes++;
      return new Promise((resolve) => (answer = resolve));
    };
    const started = h.gateway.start();
    await h.clock.advance(200);
    expect(probes).toBe(1);
    h.gateway.nudge(); // the ready line arrives while the first probe is still out
    answer({ live: true, ready: false, failing: ['startup'] });
    await h.clock.advance(0);
    expect(probes).toBe(2);
    answer({ live: true, ready: true, failing: [] });
    await h.clock.advance(0);
    expect((await started).state).toBe('ready');
  });

  it('ignores a nudge unless it is starting', async () => {
    const h = new Harness();
    h.gateway.nudge();
    expect(h.clock.pending()).toEqual([]);
  });

  it('is ready once /readyz answers 200', async () => {
    const h = new Harness();
    h.onSpawn = (child) => h.clock.setTimeout(() => (child.ready = true), READY_AFTER_MS);
    const started = h.gateway.start();
    await h.clock.advance(READY_AFTER_MS + 500);
    expect((await started).state).toBe('ready');
    expect(h.states).toEqual(['starting', 'ready']);
  });

  it('restarts a crashed gateway with backoff and gives up after 5 starts that never reach ready', async () => {
    const h = new Harness();
    const spawnedAt: number[] = [];
    h.onSpawn = (child) => {
      spawnedAt.push(h.clock.now());
      child.output.push('Error: boom');
      h.clock.setTimeout(() => child.exit({ code: 1, signal: null }), 100);
    };
    const started = h.gateway.start();
    await h.clock.advance(120_000);
    const status = await started;
    expect(status.state).toBe('crash-looping');
    expect(status.reason).toMatch(
      /exited 5 times in a row before becoming ready; last: failed \(exit 1\): Error: boom/,
    );
    expect(spawnedAt).toHaveLength(5);
    const gaps = spawnedAt.slice(1).map((at, i) => at - (spawnedAt[i] ?? 0) - 100);
    expect(gaps).toEqual([1000, 2000, 4000, 8000]);
    expect(status.restarts).toBe(4);
    // No more automatic starts until the user retries.
    await h.clock.advance(600_000);
    expect(h.children).toHaveLength(5);
  });

  it('keeps the jitter within ±20 %', async () => {
    for (const random of [0, 1]) {
      const h = new Harness();
      h.random = () => random;
      h.onSpawn = (child) => h.clock.setTimeout(() => child.exit({ code: 1, signal: null }), 0);
      void h.gateway.start();
      await h.clock.advance(0);
      expect(h.gateway.status.nextRestartAt! - h.clock.now()).toBe(random ? 1200 : 800);
    }
  });

  it('restarts a ready gateway that was killed, and resets the backoff after 60 s of ready', async () => {
    const h = new Harness();
    h.onSpawn = (child) => h.clock.setTimeout(() => (child.ready = true), READY_AFTER_MS);
    void h.gateway.start();
    await h.clock.advance(2000);
    expect(h.gateway.state).toBe('ready');
    h.children[0]?.exit({ code: null, signal: 'SIGKILL' });
    await h.clock.advance(0);
    expect(h.gateway.state).toBe('restarting');
    expect(h.gateway.status.lastExit?.meaning).toBe('killed (SIGKILL)');
    expect(h.gateway.status.nextRestartAt! - h.clock.now()).toBe(1000);
    await h.clock.advance(3000);
    expect(h.gateway.state).toBe('ready');
    await h.clock.advance(61_000);
    h.children[1]?.exit({ code: null, signal: 'SIGKILL' });
    await h.clock.advance(0);
    // Ready for a while: the backoff starts again, and this first restart is at once.
    expect(h.children).toHaveLength(3);
    expect(h.gateway.status.restarts).toBe(2);
  });

  it('First restart at once: a crash after a while of ready restarts at once, the backoff applies from the second crash in a row', async () => {
    const h = new Harness();
    h.onSpawn = (child) => h.clock.setTimeout(() => (child.ready = true), READY_AFTER_MS);
    void h.gateway.start();
    await h.clock.advance(61_000 + READY_AFTER_MS);
    expect(h.gateway.state).toBe('ready');
    h.children[0]?.exit({ code: null, signal: 'SIGKILL' });
    await h.clock.advance(0);
    expect(h.children).toHaveLength(2); // no wait at all: the new process is there
    expect(h.gateway.state).toBe('starting');
    // The second crash in a row (ready for less than 60 s): 1 s, then 2 s, 4 s…
    const delays: number[] = [];
    for (let crash = 1; crash <= 3; crash++) {
      await h.clock.advance(2000);
      h.children.at(-1)?.exit({ code: null, signal: 'SIGKILL' });
      await h.clock.advance(0);
      delays.push(h.gateway.status.nextRestartAt! - h.clock.now());
      await h.clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([1000, 2000, 4000]);
  });

  it('does not retry a config error (78) or a port in use, and quotes the gateway', async () => {
    const h = new Harness();
    h.onSpawn = (child) => {
      child.output.push('Missing config. Run `openclaw --profile alpha setup` or set gateway.mode=local.');
      h.clock.setTimeout(() => child.exit({ code: 78, signal: null }), 800);
    };
    const status = h.gateway.start();
    await h.clock.advance(60_000);
    expect(await status).toMatchObject({ state: 'config-error', reason: expect.stringMatching(/^Missing config/) });
    expect(h.children).toHaveLength(1);

    const p = new Harness();
    p.onSpawn = (child) => {
      child.output.push(
        'Gateway failed to start: another gateway instance is already listening on ws://127.0.0.1:41000 | EADDRINUSE',
      );
      p.clock.setTimeout(() => child.exit({ code: 1, signal: null }), 14_000);
    };
    const blocked = p.gateway.start();
    await p.clock.advance(60_000);
    expect((await blocked).state).toBe('port-blocked');
    expect(p.children).toHaveLength(1);
  });

  it('stays stopped after a crash when restart on crash is off', async () => {
    const h = new Harness();
    h.restartOnCrash = false;
    h.onSpawn = (child) => h.clock.setTimeout(() => child.exit({ code: 3, signal: null }), 100);
    const status = h.gateway.start();
    await h.clock.advance(10_000);
    expect(await status).toMatchObject({ state: 'stopped', reason: 'exited: exit 3' });
  });

  it('stops with SIGTERM, and kills the group after the grace period', async () => {
    const h = new Harness();
    h.graceMs = 5000;
    h.onSpawn = (child) => (child.ready = true);
    void h.gateway.start();
    await h.clock.advance(500);
    const stopped = h.gateway.stop();
    await h.clock.advance(4999);
    expect(h.children[0]?.signals).toEqual(['SIGTERM']);
    await h.clock.advance(1);
    await stopped;
    expect(h.children[0]?.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(h.gateway.status).toMatchObject({ state: 'stopped', reason: 'did not stop within 5 s; killed', pid: null });
    expect(h.children).toHaveLength(1); // a stop is never followed by a restart
  });

  it('force stop skips the grace period', async () => {
    const h = new Harness();
    h.onSpawn = (child) => (child.ready = true);
    void h.gateway.start();
    await h.clock.advance(500);
    const stopped = h.gateway.stop({ force: true });
    await h.clock.advance(0);
    await stopped;
    expect(h.children[0]?.signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('a stop told to hurry (a second Ctrl-C) kills at once, and a later stop has no grace', async () => {
    const h = new Harness();
    h.onSpawn = (child) => (child.ready = true);
    void h.gateway.start();
    await h.clock.advance(500);
    const stopped = h.gateway.stop();
    await h.clock.advance(100);
    expect(h.children[0]?.signals).toEqual(['SIGTERM']);
    h.gateway.hurry();
    await h.clock.advance(0);
    await stopped;
    expect(h.children[0]?.signals).toEqual(['SIGTERM', 'SIGKILL']);
    void h.gateway.start();
    await h.clock.advance(500);
    const again = h.gateway.stop();
    await h.clock.advance(0);
    await again;
    expect(h.children[1]?.signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('gives up on a gateway that is not ready after 90 s, warning at 30 s', async () => {
    const h = new Harness();
    h.restartOnCrash = false;
    void h.gateway.start();
    await h.clock.advance(31_000);
    expect(h.gateway.status.reason).toMatch(/^not ready after 3\d s; failing: startup/);
    await h.clock.advance(60_000);
    expect(h.gateway.status).toMatchObject({
      state: 'stopped',
      reason: expect.stringMatching(/exited: not ready after 90 s/),
    });
  });

  it('watches an adopted gateway and sees it die', async () => {
    const h = new Harness();
    await h.deps.spawn(); // a process that "someone else" started
    const child = h.children[0]!;
    child.ready = true;
    h.gateway.adopt(child.pid, { owner: 'external', group: false, startedAt: null, ready: true });
    expect(h.gateway.state).toBe('external');
    child.alive = false;
    await h.clock.advance(2500);
    expect(h.gateway.status).toMatchObject({ state: 'stopped', pid: null });
  });

  it('a stop was published with a stale owner: the stopped state is reported with no owner, whoever had the gateway', async () => {
    // A person's stop while a crashed gateway of ours waits out its backoff: nothing runs, the stop ends it.
    const h = new Harness();
    h.onSpawn = (child) => h.clock.setTimeout(() => child.exit({ code: 1, signal: null }), 100);
    void h.gateway.start();
    await h.clock.advance(150);
    await h.reconciler.settled();
    expect(h.gateway.state).toBe('restarting');
    await h.gateway.stop();
    // An adopted foreign gateway that dies.
    const other = new Harness();
    await other.deps.spawn();
    const child = other.children[0]!;
    child.ready = true;
    other.gateway.adopt(child.pid, { owner: 'external', group: false, startedAt: null, ready: true });
    child.alive = false;
    await other.clock.advance(2500);
    for (const reported of [h.reported, other.reported])
      expect(reported.filter((s) => s.state === 'stopped').map((s) => s.owner)).toEqual([null]);
  });

  it('stops the child a spawn on its way produces (stop during a spawn left an orphan gateway)', async () => {
    const h = new Harness();
    let release!: () => void;
    h.holdSpawn = new Promise((resolve) => (release = resolve));
    h.graceMs = 1000;
    void h.gateway.start();
    await h.clock.advance(0);
    const stopped = h.gateway.stop();
    release();
    await h.clock.advance(6000);
    await stopped;
    expect(h.children).toHaveLength(1);
    expect(h.children[0]?.alive).toBe(false);
    expect(h.gateway.status).toMatchObject({ state: 'stopped', pid: null });
  });

  it('marks a live gateway that stops answering unresponsive, with the evidence (a SIGSTOPped gateway read starting forever)', async () => {
    const h = new Harness();
    h.onSpawn = (child) => (child.ready = true);
    void h.gateway.start();
    await h.clock.advance(500);
    expect(h.gateway.state).toBe('ready');
    h.children[0]!.hung = true;
    await h.clock.advance(25_000);
    expect(h.gateway.status).toMatchObject({ state: 'unresponsive', pid: h.children[0]!.pid });
    expect(h.gateway.status.reason).toMatch(/has not answered on port 41000 for 2\d s; process state T \(stopped\)/);
    expect(h.children[0]?.signals).toEqual([]); // never killed for it
    h.children[0]!.hung = false;
    await h.clock.advance(2500);
    expect(h.gateway.state).toBe('ready');
  });

  it('an adopted gateway that never answers becomes unresponsive, not starting forever', async () => {
    const h = new Harness();
    await h.deps.spawn();
    const child = h.children[0]!;
    child.hung = true;
    h.gateway.adopt(child.pid, {
      owner: 'lobsterpot',
      group: true,
      startedAt: h.clock.now() - 3_600_000,
      ready: false,
    });
    await h.clock.advance(25_000);
    expect(h.gateway.state).toBe('unresponsive');
    expect(child.signals).toEqual([]);
  });

  it('keeps restarting when a subscriber throws (a throwing subscriber left a gateway in restarting for good)', async () => {
    const h = new Harness();
    h.onSpawn = (child) => (child.ready = true);
    void h.gateway.start();
    await h.clock.advance(500);
    h.throwOnChange = true;
    h.children[0]?.exit({ code: null, signal: 'SIGKILL' });
    await h.clock.advance(3000);
    expect(h.children).toHaveLength(2);
    expect(h.gateway.state).toBe('ready');
  });

  it('asks again before a scheduled restart: a gateway stopped meanwhile is not started again', async () => {
    const h = new Harness();
    h.onSpawn = (child) => (child.ready = true);
    void h.gateway.start();
    await h.clock.advance(500);
    h.children[0]?.exit({ code: null, signal: 'SIGKILL' });
    await h.clock.advance(0);
    expect(h.gateway.state).toBe('restarting');
    h.restartOnCrash = false; // a person stopped it from elsewhere (the CLI), recorded as intent
    await h.clock.advance(3000);
    expect(h.children).toHaveLength(1);
    expect(h.gateway.state).toBe('stopped');
  });

  it('carries restarts and the last exit over from a run record', () => {
    const h = new Harness();
    const lastExit = { code: null, signal: 'SIGKILL', meaning: 'killed (SIGKILL)', at: 5 };
    h.gateway.restore({ restarts: 4, lastExit });
    expect(h.gateway.status).toMatchObject({ restarts: 4, lastExit });
  });

  describe('start phases', () => {
    it('a start with nothing but a spinner: it shows spawned, starting up (what /startupz waits for), then ready, each with its time', async () => {
      const h = new Harness();
      let startup: StartupProbe | null = null;
      let startupAsked = 0;
      h.deps.startup = async () => {
        startupAsked++;
        return startup;
      };
      let listening = false;
      const probe = h.deps.probe;
      h.deps.probe = async (port) => (listening ? probe(port) : { live: false, ready: null, failing: [] });
      const started = h.gateway.start();
      await h.clock.advance(400);
      expect(startupAsked).toBe(0); // nothing listens yet: /startupz is not asked
      startup = { status: 'starting', pendingReason: 'startup-sidecars' };
      listening = true;
      await h.clock.advance(200);
      startup = { status: 'started', pendingReason: null };
      await h.clock.advance(200);
      h.children[0]!.ready = true;
      await h.clock.advance(200);
      expect((await started).state).toBe('ready');
      expect(h.phases).toEqual([
        'spawned @0',
        'starting-up startup-sidecars @600',
        'starting-up waiting for startup @600',
        'ready in 1.0 s @1000',
      ]);
      // After ready /startupz is never asked again: it costs only while a start is on its way.
      const asked = startupAsked;
      await h.clock.advance(10_000);
      expect(startupAsked).toBe(asked);
    });

    it('asks a version without /startupz once, then shows listening until ready', async () => {
      const h = new Harness();
      let startupAsked = 0;
      h.deps.startup = async () => {
        startupAsked++;
        return null;
      };
      const started = h.gateway.start();
      await h.clock.advance(600);
      expect(h.gateway.status.phase).toMatchObject({ name: 'listening' });
      h.children[0]!.ready = true;
      await h.clock.advance(READY_AFTER_MS);
      expect((await started).state).toBe('ready');
      expect(startupAsked).toBe(1);
    });

    it('has no phase once the gateway stops or crashes', async () => {
      const h = new Harness();
      h.onSpawn = (child) => h.clock.setTimeout(() => (child.ready = true), 300);
      await Promise.all([h.gateway.start(), h.clock.advance(1000)]);
      expect(h.gateway.status.phase?.name).toBe('ready');
      h.children[0]!.exit({ code: 1, signal: null });
      await h.clock.advance(0);
      expect(h.gateway.status.phase).toBeNull();
    });
  });

  describe('crash reasons', () => {
    it('after kill -9 the crash reason quotes no unrelated log lines and says who killed it', async () => {
      const h = new Harness();
      h.restartOnCrash = false;
      h.onSpawn = (child) => {
        child.output.push(
          '2026-11-29T10:00:00.000+00:00 [plugins] Error: optional plugin foo could not load (ignored)',
          '2026-11-29T10:00:01.000+00:00 [gateway] ready',
          '2026-11-29T10:00:02.000+00:00 [heartbeat] started',
        );
        h.clock.setTimeout(() => (child.ready = true), 300);
      };
      await Promise.all([h.gateway.start(), h.clock.advance(1000)]);
      h.children[0]!.exit({ code: null, signal: 'SIGKILL' }); // kill -9 from a shell, not from Lobsterpot
      await h.clock.advance(0);
      expect(h.gateway.state).toBe('stopped');
      expect(h.gateway.status.reason).toBe(
        'exited: killed (SIGKILL), not by Lobsterpot (another process or the OS, e.g. out of memory)',
      );
    });

    it("quotes the gateway's own last lines when they explain a failed exit, and not older ones", async () => {
      const h = new Harness();
      h.restartOnCrash = false;
      h.onSpawn = (child) => {
        child.output.push(
          '[plugins] Error: an old, unrelated error',
          ...Array.from({ length: 30 }, (_, i) => `[gateway] line ${i}`),
          '[gateway] Error: database is locked',
        );
        h.clock.setTimeout(() => (child.ready = true), 300);
      };
      await Promise.all([h.gateway.start(), h.clock.advance(1000)]);
      h.children[0]!.exit({ code: 1, signal: null });
      await h.clock.advance(0);
      expect(h.gateway.status.reason).toBe('exited: failed (exit 1): [gateway] Error: database is locked');
    });

    it('a start killed for slowness names Lobsterpot as the killer', async () => {
      const h = new Harness();
      h.restartOnCrash = false;
      const started = h.gateway.start();
      await h.clock.advance(95_000);
      const status = await started;
      expect(status.reason).toMatch(/^exited: not ready after 90 s/);
    });
  });
});

describe('OpenClaw restart hand-offs (external mode)', () => {
  /** A gateway whose clean exits are looked up in `handoffs` (pid → cause), as profile-runtime.ts wires it. */
  function handoffHarness(handoffs: Map<number, string>, intent: 'running' | 'stopped' = 'running', external = true) {
    const h = new Harness();
    h.onSpawn = (child) => h.clock.setTimeout(() => (child.ready = true), READY_AFTER_MS);
    const taken: number[] = [];
    const states: string[] = [];
    const gateway: GatewayProcess = new GatewayProcess(h.deps, {
      profile: 'alpha',
      terms: { port: () => 41000, graceMs: () => 30_000 },
      decide: (pending) => reconciler.observe({}, pending),
      handoffs: {
        take: async (pid) => {
          taken.push(pid);
          return handoffs.get(pid) ?? null;
        },
        handsOff: () => external,
      },
      reports: {
        changed: (process) => {
          if (states.at(-1) !== process.state) states.push(process.state);
        },
      },
    });
    const author = { by: 'cli', from: null, at: 0 };
    const reconciler: Reconciler = new Reconciler(
      emptyRecord('alpha', 41000),
      { gateway, clock: h.clock },
      {
        spec: () => ({ intent: { wanted: intent, author }, restartOnCrash: false, autostart: false }),
        stopping: () => false,
        look: () => ({ process: gateway.status }),
        alive: () => false,
      },
      { publish: () => {}, onError: () => {} },
      { random: () => 0.5 },
    );
    return { h, gateway, taken, states };
  }

  it('restarts at once, without the restart-on-crash flag, when the exit was a hand-off OpenClaw left', async () => {
    const handoffs = new Map([[1000, 'OpenClaw asked for a restart (a config change: config reload: gateway.port)']]);
    const { h, gateway, taken, states } = handoffHarness(handoffs);
    await Promise.all([gateway.start(), h.clock.advance(READY_AFTER_MS + 500)]);
    h.children[0]?.exit({ code: 0, signal: null });
    await h.clock.advance(0);
    expect(taken).toEqual([1000]);
    expect(gateway.handoff).toMatch(/gateway\.port/);
    await h.clock.advance(READY_AFTER_MS + 500);
    expect(h.children.map((c) => c.pid)).toEqual([1000, 1001]);
    expect(gateway.state).toBe('ready');
    expect(gateway.status.restarts).toBe(1);
    expect(states).toEqual(['starting', 'ready', 'restarting', 'starting', 'ready']);
  });

  it('treats a clean exit with no hand-off as before: stopped, with its exit', async () => {
    const { h, gateway, taken } = handoffHarness(new Map());
    await Promise.all([gateway.start(), h.clock.advance(READY_AFTER_MS + 500)]);
    h.children[0]?.exit({ code: 0, signal: null });
    await h.clock.advance(0);
    expect(taken).toEqual([1000]);
    expect(h.children).toHaveLength(1);
    expect(gateway.state).toBe('stopped');
    expect(gateway.status.reason).toBe('exited: clean stop (exit 0)');
  });

  it('never looks for a hand-off of a gateway not in external mode: its clean exit is only that', async () => {
    const { h, gateway, taken, states } = handoffHarness(new Map([[1000, 'x']]), 'running', false);
    await Promise.all([gateway.start(), h.clock.advance(READY_AFTER_MS + 500)]);
    h.children[0]?.exit({ code: 0, signal: null });
    await h.clock.advance(0);
    expect(taken).toEqual([]);
    expect(states).toEqual(['starting', 'ready', 'stopped']);
  });

  it('never looks for a hand-off after a failure or a signal', async () => {
    const { h, gateway, taken } = handoffHarness(new Map([[1000, 'x']]));
    await Promise.all([gateway.start(), h.clock.advance(READY_AFTER_MS + 500)]);
    h.children[0]?.exit({ code: 1, signal: null });
    await h.clock.advance(0);
    expect(taken).toEqual([]);
  });

  it('does not restart against a person’s stop, and says why', async () => {
    const { h, gateway } = handoffHarness(new Map([[1000, 'OpenClaw asked for a restart (x)']]), 'stopped');
    await Promise.all([gateway.start(), h.clock.advance(READY_AFTER_MS + 500)]);
    h.children[0]?.exit({ code: 0, signal: null });
    await h.clock.advance(0);
    expect(h.children).toHaveLength(1);
    expect(gateway.state).toBe('stopped');
    expect(gateway.status.reason).toMatch(/not restarted: it is meant to be stopped$/);
  });
});
