// The Manager's commands for isolation, history, the watchdog and restores, on a home of config files only.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LobsterpotEvent } from '../../contract/contract.ts';
import { FakeClock } from '../../platform/node/clock.ts';
import { Manager } from './manager.ts';

describe('Manager: audit, history, watchdog, restore', () => {
  let manager: Manager | null = null;
  afterEach(() => manager?.close({ leave: true }));

  const open = async (
    configs: Record<string, unknown>,
    env: NodeJS.ProcessEnv = {},
    clock?: FakeClock,
    watchdogIntervalMs?: number,
  ) => {
    const root = mkdtempSync(join(tmpdir(), 'lp-manager-peer-'));
    // A person wanted `a` running (recorded by an earlier supervisor): the watchdog's business.
    mkdirSync(join(root, 'data', 'runs'), { recursive: true });
    writeFileSync(
      join(root, 'data', 'runs', 'a.json'),
      JSON.stringify({ intent: { wanted: 'running', at: 1, by: 'cli' } }),
    );
    const home = join(root, 'home');
    for (const [name, config] of Object.entries(configs)) {
      mkdirSync(join(home, `.openclaw-${name}`), { recursive: true });
      writeFileSync(join(home, `.openclaw-${name}`, 'openclaw.json'), JSON.stringify(config));
    }
    const events: LobsterpotEvent[] = [];
    manager = await Manager.open({
      place: { home, dataDir: join(root, 'data'), env: { HOME: home, ...env } },
      timing: { ...(clock ? { clock } : {}), ...(watchdogIntervalMs ? { watchdogIntervalMs } : {}) },
      openclaw: {
        locate: async () => ({ openclaw: null, node: null, problem: 'OpenClaw was not found.', fix: 'Install it.' }),
      },
    });
    manager.on((event) => events.push(event));
    return { manager, events, home };
  };
  const gateway = (port: number, telegram?: unknown) => ({
    gateway: { mode: 'local', port, auth: { mode: 'token', token: `t${port}` } },
    ...(telegram ? { channels: { telegram } } : {}),
  });

  it('keeps the audit in the snapshot from the start, and audit.run says whether an error exists', async () => {
    const { manager } = await open(
      { a: gateway(21000, { botToken: '1:x' }), b: gateway(21200, { botToken: '1:x' }), c: gateway(21400) },
      { OPENCLAW_GATEWAY_PORT: '19999' },
    );
    expect(manager.snapshot().audit?.map((f) => [f.kind, f.severity, f.profiles.join()])).toEqual([
      ['shared-credential', 'error', 'a,b'],
      ['env-override', 'warning', 'a,b,c'],
    ]);
    const report = await manager.execute('audit.run', {});
    expect(report).toMatchObject({ hasErrors: true });
    expect(JSON.stringify(report)).not.toContain('1:x');
  });

  it('answers history, watchdog and restart-all on profiles that never ran', async () => {
    const { manager } = await open({ a: gateway(21000) });
    expect(await manager.execute('history.get', { name: 'a' })).toMatchObject({
      profile: 'a',
      entries: [],
      uptime24h: { ratio: null, unknownMs: 86_400_000 },
      outages: [],
    });
    expect(await manager.execute('watchdog.acknowledge', { name: 'a' })).toEqual({ profile: 'a', acknowledged: false });
    expect(await manager.execute('gateway.restartAll', {})).toEqual({
      rolling: true,
      restarted: [],
      failed: [],
      notTried: [],
    });
    const status = manager.snapshot().gateways[0];
    expect(status).toMatchObject({
      supervisor: null,
      watchdog: null,
      doctor: { offered: false, last: null },
      versions: { running: null, installed: null, restartToUpdate: false },
    });
  });

  it('refuses a restore onto an existing profile before anything runs', async () => {
    const { manager, home } = await open({ a: gateway(21000) });
    writeFileSync(join(home, 'x.tar.gz'), '');
    await expect(manager.execute('profiles.restore', { archive: join(home, 'x.tar.gz'), name: 'a' })).rejects.toThrow(
      /name 'a' is already a profile/,
    );
    await expect(manager.execute('gateway.doctor', { name: 'a' })).rejects.toThrow(/not a config error from exit 78/);
  });

  it('warns when a gateway meant to run is not ready for the set time, shows it in the status, until acknowledged', async () => {
    const clock = new FakeClock(0);
    // The watchdog looks once a minute on the test's clock.
    const { manager, events } = await open({ a: gateway(21000), b: gateway(21200) }, {}, clock, 60_000);
    await manager.execute('settings.update', { watchdogAfterMs: 60_000 });
    const warnings = () => events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
    for (let minute = 0; minute <= 3; minute++) await clock.advance(60_000);
    // Not ready since the supervisor opened (its first look, at 0, still under the default 2 min).
    expect(warnings()).toEqual([
      'a is meant to run but has not been ready for 2 min (now stopped)',
      'a is meant to run but has not been ready for 4 min (now stopped)',
    ]);
    const status = () => manager.snapshot().gateways.find((g) => g.profile === 'a');
    expect(status()?.watchdog).toMatchObject({ since: 0, alerts: 2, acknowledged: false });
    expect(manager.snapshot().gateways.find((g) => g.profile === 'b')?.watchdog).toBeNull();
    expect(await manager.execute('watchdog.acknowledge', { name: 'a' })).toEqual({ profile: 'a', acknowledged: true });
    expect(status()?.watchdog?.acknowledged).toBe(true);
    await clock.advance(3_600_000);
    expect(warnings()).toHaveLength(2);
  });
});
