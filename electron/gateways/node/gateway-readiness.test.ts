import { describe, expect, it } from 'vitest';
import type { StartupProbe } from './probes.ts';
import { Harness, READY_AFTER_MS } from './process-harness.ts';

describe('GatewayProcess', () => {
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
});
