// Issue 25, drain-aware restart, against a real OpenClaw gateway: the active work is OpenClaw's own restart
// preflight, and `restart --safe` restarts an idle gateway at once.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LobsterpotError, type GatewayStatus } from '../../electron/contract/contract.ts';
import { withRpc, type RestartPreflight } from '../../electron/gateways/node/probes.ts';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { lobsterpot } from './cli.ts';
import { World } from './world.ts';

describe('restart when idle (real gateway)', () => {
  let world: World;
  let manager: Manager;
  const status = (name: string) => manager.snapshot().gateways.find((g) => g.profile === name) as GatewayStatus;
  const token = () => {
    const alpha = manager.snapshot().profiles.find((p) => p.name === 'alpha')!;
    return readFileSync(alpha.configPath, 'utf8').match(/"token":\s*"([^"]+)"/)?.[1] ?? null;
  };

  beforeAll(async () => {
    world = await World.create();
    manager = await world.manager();
    await manager.execute('profiles.create', { name: 'alpha' });
    await manager.execute('gateway.start', { name: 'alpha' });
  });
  afterAll(() => world?.dispose());

  const preflight = () =>
    withRpc(status('alpha').port, token(), (rpc) => rpc.call<RestartPreflight>('gateway.restart.preflight', {}, 2000));

  it('an idle gateway just started reads as idle: its own post-ready steps are not work (it read as busy)', async () => {
    const raw = await preflight();
    const read = await manager.execute('gateway.activeWork', { name: 'alpha' });
    console.log('preflight right after ready:', JSON.stringify(raw), JSON.stringify(read));
    expect(raw.counts).toBeTypeOf('object');
    expect(read).toMatchObject({ profile: 'alpha', activeWork: null, error: null });
  });

  it('a request in flight is active work: a safe restart bounded below it is refused and stops nothing; a longer one waits it out', async () => {
    const pid = status('alpha').pid;
    // agent.wait on a run that does not exist is held until its timeout: work a stop would interrupt. Long enough to
    // outlast the refused restart, whose config check (OpenClaw's `config validate`) takes 10–15 s cold here.
    const holdMs = 40_000;
    const { refused, restarted, held } = await withRpc(
      status('alpha').port,
      token(),
      async (rpc) => {
        const held = rpc
          .call('agent.wait', { runId: 'lobsterpot-drain-test', timeoutMs: holdMs }, holdMs + 10_000)
          .then(
            () => 'answered',
            (error: Error) => error.message,
          );
        const read = await world.until(
          'the held request to show',
          async () => {
            const answer = await manager.execute('gateway.activeWork', { name: 'alpha' });
            return answer.activeWork ? answer : null;
          },
          5000,
        );
        expect(read.activeWork).toMatch(/ws:agent\.wait/);
        const refused = await manager
          .execute('gateway.restart', { name: 'alpha', whenIdle: { waitSeconds: 1 } })
          .catch((error: unknown) => error);
        expect(status('alpha')).toMatchObject({ state: 'ready', pid });
        const restarted = await manager.execute('gateway.restart', { name: 'alpha', whenIdle: { waitSeconds: 120 } });
        return { refused, restarted, held: await held };
      },
      { admin: true },
    );
    console.log(`safe restart waited ${restarted.waitedMs} ms for: ${restarted.activeWork}; the held request: ${held}`);
    expect(refused).toBeInstanceOf(LobsterpotError);
    expect((refused as LobsterpotError).code).toBe('refused');
    expect((refused as Error).message).toMatch(
      /^alpha: not restarted, it keeps running: after waiting 1 s it still reports active work: .*ws:agent\.wait/,
    );
    // The request ended with the gateway's own answer, not by the restart closing its connection.
    expect(held).not.toMatch(/connection closed/);
    expect(restarted).toMatchObject({ state: 'ready', activeWork: expect.stringMatching(/ws:agent\.wait/) });
    expect(restarted.waitedMs).toBeGreaterThan(0);
    expect(restarted.pid).not.toBe(pid);
  });

  it('`lobsterpot restart alpha --safe` on an idle gateway restarts at once', async () => {
    await world.until(
      'alpha idle',
      async () => (await manager.execute('gateway.activeWork', { name: 'alpha' })).activeWork === null,
      20_000,
    );
    const before = status('alpha').pid;
    const started = Date.now();
    const run = await lobsterpot(world, ['restart', 'alpha', '--safe', '--wait', '60', '--json']);
    console.log(`safe restart of an idle gateway through the CLI: ${Date.now() - started} ms`);
    expect(run.code).toBe(0);
    const [result] = (JSON.parse(run.out) as { results: { state: string; reason: string | null }[] }).results;
    expect(result).toMatchObject({ state: 'ready', reason: 'no active work: restarted at once' });
    await manager.refresh();
    expect(status('alpha').pid).not.toBe(before);
  });
});
