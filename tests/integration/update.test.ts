// Issue 25, updates are the supervisor's job: real 2026.9.6 gateways moved onto another install as a canary and then
// one at a time, and a canary rolled back onto the install it ran when the new one cannot become ready.
// The "other install" is the pinned OpenClaw reached through another path (a symlinked package folder), which the
// rollout treats as any install of a person's own prefix. The broken install is a tiny fake whose entry exits 1 at
// once: a fault the real OpenClaw cannot be made to show on demand (this is its only use here).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { REAL_OPENCLAW, World } from './world.ts';

describe.skipIf(process.platform !== 'linux')('OpenClaw updates with real gateways (2026.9.6)', () => {
  let world: World;
  let manager: Manager;
  let installs: string;
  let other: string;
  let broken: string;

  beforeAll(async () => {
    installs = mkdtempSync(join(tmpdir(), 'lp-installs-'));
    // Another install of the pinned version: its package folder through a symlink of its own.
    mkdirSync(join(installs, 'other', 'node_modules'), { recursive: true });
    symlinkSync(dirname(REAL_OPENCLAW), join(installs, 'other', 'node_modules', 'openclaw'));
    other = join(installs, 'other', 'node_modules', 'openclaw', 'openclaw.mjs');
    // The fault: an install whose gateway exits 1 at start.
    const brokenDir = join(installs, 'broken', 'node_modules', 'openclaw');
    mkdirSync(brokenDir, { recursive: true });
    writeFileSync(join(brokenDir, 'package.json'), JSON.stringify({ name: 'openclaw', version: '2026.99.1' }));
    writeFileSync(
      join(brokenDir, 'openclaw.mjs'),
      "console.error('Error: this OpenClaw cannot start (a fake broken install)'); process.exit(1);\n",
    );
    broken = join(brokenDir, 'openclaw.mjs');

    world = await World.create();
    manager = await world.manager({ timing: { restartPolicy: { initialDelayMs: 50, maxDelayMs: 400 } } });
    await manager.execute('profiles.create', { name: 'alpha', port: world.basePort });
    await manager.execute('profiles.create', { name: 'beta', port: world.basePort + 200 });
    const started = await Promise.all(['alpha', 'beta'].map((name) => manager.execute('gateway.start', { name })));
    for (const s of started) expect(s.state, s.reason ?? '').toBe('ready');
  }, 240_000);

  afterAll(async () => {
    await world?.dispose();
    rmSync(installs, { recursive: true, force: true });
  });

  it('canary ready on the other install: the other one follows, and versions says who runs which', async () => {
    const dry = await manager.execute('openclaw.update', { target: other, dryRun: true });
    expect(dry.plan.map((p) => p.profile)).toEqual(['alpha', 'beta']);
    expect(dry.canary).toBeNull();
    expect(manager.snapshot().settings.profiles.alpha?.openclawRuntime ?? null).toBeNull();

    const pidsBefore = manager.snapshot().gateways.map((g) => g.pid);
    const report = await manager.execute('openclaw.update', { target: other });
    console.log(`update: canary ${report.canary?.tookMs} ms, rolled ${report.rolled.map((s) => s.tookMs)} ms`);
    expect(report.canary).toMatchObject({ profile: 'alpha', ok: true, state: 'ready', to: other });
    expect(report.rolled).toMatchObject([{ profile: 'beta', ok: true, state: 'ready' }]);
    expect(report.rolledBack).toBeNull();
    const after = manager.snapshot().gateways;
    expect(after.map((g) => g.pid)).not.toEqual(pidsBefore);
    expect(after.every((g) => g.state === 'ready')).toBe(true);

    const versions = await manager.execute('openclaw.versions', {});
    expect(versions.installs.find((i) => i.path === other)).toMatchObject({
      source: 'profile',
      profiles: ['alpha', 'beta'],
    });
    expect(versions.installs.find((i) => i.source === 'located')?.profiles).toEqual([]);
    const history = await manager.execute('history.get', { name: 'alpha' });
    expect(history.entries.find((e) => e.cause?.kind === 'update')?.reason).toBe(
      `restarting on OpenClaw 2026.9.6 (${other})`,
    );
  }, 240_000);

  it('canary not ready on a broken install: rolled back onto the install it ran, the roll stops before beta', async () => {
    const betaPid = manager.snapshot().gateways.find((g) => g.profile === 'beta')?.pid;
    const report = await manager.execute('openclaw.update', { target: broken });
    console.log(
      `update to a broken install: canary ${report.canary?.tookMs} ms, rollback ${report.rolledBack?.tookMs} ms`,
    );
    expect(report.canary).toMatchObject({ profile: 'alpha', ok: false });
    expect(report.canary?.reason).toMatch(/cannot start|exit/);
    expect(report.rolledBack).toMatchObject({ profile: 'alpha', ok: true, state: 'ready', to: other });
    expect(report.notTried).toEqual(['beta']);
    expect(report.message).toMatch(/^The canary alpha did not come back ready on OpenClaw 2026\.99\.1/);
    const now = manager.snapshot();
    expect(now.settings.profiles.alpha?.openclawRuntime).toBe(other);
    expect(now.gateways.find((g) => g.profile === 'beta')?.pid).toBe(betaPid);
    const history = await manager.execute('history.get', { name: 'alpha' });
    expect(history.entries.filter((e) => e.cause?.kind === 'rollback').at(-1)?.reason).toMatch(
      new RegExp(`^not ready on the new OpenClaw \\(.*\\): back on ${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    );
  }, 240_000);

  it('back onto the located OpenClaw by its version: the flag is cleared', async () => {
    const report = await manager.execute('openclaw.update', { target: '2026.9.6', profiles: ['alpha'] });
    expect(report.canary).toMatchObject({ profile: 'alpha', ok: true, state: 'ready', to: REAL_OPENCLAW });
    expect(manager.snapshot().settings.profiles.alpha?.openclawRuntime).toBeNull();
  }, 240_000);
});
