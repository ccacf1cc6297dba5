// Issue 20, defect 7: `lobsterpot restart --all` started gateways that were stopped, and `stop --all` recorded a
// person's "stopped" for every profile, while the window's Restart all / Stop all act on the running ones only. The
// real command, as a separate process, against one real gateway beside a profile that is set up and stopped.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lobsterpot } from './cli.ts';
import { World } from './world.ts';

describe('--all means what the window’s buttons mean: the running gateways, through the fleet’s commands', () => {
  let world: World;
  const json = async (args: string[]) => {
    const result = await lobsterpot(world, [...args, '--json']);
    return { ...result, value: JSON.parse(result.out || 'null') as Record<string, unknown> };
  };
  const gatewayOf = async (name: string) =>
    ((await json(['status', name])).value.gateways as { state: string; pid: number | null }[])[0];
  /** What a person asked for, as the run record keeps it (null: nobody asked). */
  const intentOf = (name: string) => {
    const file = join(world.dataDir, 'runs', `${name}.json`);
    if (!existsSync(file)) return null;
    const record = JSON.parse(readFileSync(file, 'utf8')) as { intent?: { wanted: string } | null };
    return record.intent?.wanted ?? null;
  };

  beforeAll(async () => {
    world = await World.create();
    const created = await lobsterpot(world, ['create', 'alpha', '--port', String(world.basePort)]);
    expect(created, created.err).toMatchObject({ code: 0 });
    // beta is set up (it could start) and stopped: nobody asked for it.
    const dir = join(world.home, '.openclaw-beta');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'openclaw.json'),
      JSON.stringify({ gateway: { mode: 'local', port: world.basePort + 240, bind: 'loopback' } }, null, 2),
    );
    const started = await json(['start', 'alpha']);
    expect(started.value, started.err).toMatchObject({ results: [{ profile: 'alpha', ok: true, state: 'ready' }] });
    const alpha = await gatewayOf('alpha');
    if (alpha?.pid) world.pids.add(alpha.pid);
    // A first start on a busy machine takes most of the default hook timeout.
  }, 300_000);

  afterAll(async () => {
    for (const name of ['alpha', 'beta']) {
      const pid = world ? (await gatewayOf(name).catch(() => undefined))?.pid : null;
      if (pid) world.pids.add(pid);
    }
    await world?.dispose();
  });

  it('defect 7: `restart --all` started gateways that were stopped: it restarts the running one, beta stays stopped', async () => {
    const before = (await gatewayOf('alpha'))?.pid;
    const restarted = await json(['restart', '--all']);
    expect(restarted.code, restarted.err).toBe(0);
    expect(restarted.value).toMatchObject({ restarted: [{ profile: 'alpha', state: 'ready' }], failed: [] });
    const alpha = await gatewayOf('alpha');
    if (alpha?.pid) world.pids.add(alpha.pid);
    expect(alpha).toMatchObject({ state: 'ready' });
    expect(alpha?.pid).not.toBe(before);
    const beta = await gatewayOf('beta');
    if (beta?.pid) world.pids.add(beta.pid);
    expect(beta).toMatchObject({ state: 'stopped', pid: null });
    expect(intentOf('beta')).not.toBe('running');
  });

  it('defect 7: `stop --all` recorded a person’s "stopped" for every profile: it stops the running one and records only that', async () => {
    const stopped = await json(['stop', '--all']);
    expect(stopped.code, stopped.err).toBe(0);
    expect(stopped.value).toEqual({
      results: [{ profile: 'alpha', ok: true, refused: false, state: 'stopped', reason: null }],
    });
    expect(intentOf('alpha')).toBe('stopped');
    expect(intentOf('beta')).toBeNull();
    expect(await gatewayOf('alpha')).toMatchObject({ state: 'stopped', pid: null });
  });
});
