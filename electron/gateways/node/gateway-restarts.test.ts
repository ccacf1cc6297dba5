import { describe, expect, it } from 'vitest';
import { GatewayProcess } from './gateway-process.ts';
import { Reconciler } from './reconciler.ts';
import { emptyRecord } from '../common/record.ts';
import { Harness, READY_AFTER_MS } from './process-harness.ts';

describe('GatewayProcess', () => {
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
