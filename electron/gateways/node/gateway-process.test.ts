import { describe, expect, it } from 'vitest';
import type { HealthProbe } from './probes.ts';
import { Harness, READY_AFTER_MS } from './process-harness.ts';

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

  it('carries restarts and the last exit over from a run record', () => {
    const h = new Harness();
    const lastExit = { code: null, signal: 'SIGKILL', meaning: 'killed (SIGKILL)', at: 5 };
    h.gateway.restore({ restarts: 4, lastExit });
    expect(h.gateway.status).toMatchObject({ restarts: 4, lastExit });
  });
});
