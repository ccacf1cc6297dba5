// Issue 25, OpenClaw's supervisor contract: a supervisor that stays (here a watching Manager, as in the app and
// `serve`) runs the real gateway with OPENCLAW_SUPERVISOR_MODE=external on a runtime that says it supports the
// restart hand-off, and turns the restart OpenClaw wants into one restart of its own, on the config's port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import type { GatewayStatus } from '../../electron/contract/contract.ts';
import type { HistoryEntry } from '../../electron/gateways/common/history.ts';
import { gatewayEnv } from '../../electron/gateways/node/env.ts';
import { HANDOFF_PENDING } from '../../electron/gateways/node/gateway-process.ts';
import { signalGroup } from '../../electron/platform/node/processes.ts';
import { healthChecksOf, healthScript } from '../../electron/fleet/common/export-model.ts';
import { REAL_OPENCLAW, World } from './world.ts';

const environOf = (pid: number) =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );

/** The history from the restart after `readyAt` on (a loaded machine may show a degraded moment before it). */
function restartOf(entries: HistoryEntry[], readyAt: number | null) {
  const later = entries.filter((e) => e.at >= (readyAt ?? 0));
  // No crash, and nothing of the restart policy's, anywhere since.
  expect(later.filter((e) => e.cause?.kind === 'crash' || e.cause?.kind === 'policy')).toEqual([]);
  return later.slice(later.findIndex((e) => e.state === 'restarting'));
}

const healthz = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );

describe.skipIf(process.platform !== 'linux')('restart hand-offs with the real gateway (2026.9.6)', () => {
  let world: World;
  let manager: Manager;
  const status = () => manager.snapshot().gateways.find((g) => g.profile === 'alpha') as GatewayStatus;
  /** The distinct pids alpha's gateway has had, in order (every process this supervisor spawned for it). */
  const pids = () => [
    ...new Set(
      world.events.flatMap((e) =>
        e.type === 'gateway-state' && e.status.profile === 'alpha' && e.status.pid !== null ? [e.status.pid] : [],
      ),
    ),
  ];

  beforeAll(async () => {
    world = await World.create();
    manager = await world.manager({
      face: { watch: true, origin: 'serve' },
      timing: { watchIntervalMs: 600_000 },
    });
    // The probe is never waited for by a start (one before its answer runs in the in-process mode): the test waits.
    await world.until('the hand-off probe', () => manager.environment.handoff, 90_000);
    await manager.execute('profiles.create', { name: 'alpha', port: world.basePort });
    const started = await manager.execute('gateway.start', { name: 'alpha' });
    expect(started.state, started.reason ?? '').toBe('ready');
  });

  afterAll(async () => {
    await manager?.execute('gateway.stop', { name: 'alpha' }).catch(() => undefined);
    await world?.dispose();
  });

  it('probes the runtime and runs the gateway as an external supervisor’s child', () => {
    expect(manager.environment.handoff).toMatchObject({ supported: true, protocolVersion: 1 });
    const env = environOf(status().pid as number);
    expect(env.OPENCLAW_SUPERVISOR_MODE).toBe('external');
    expect(env.OPENCLAW_NO_RESPAWN).toBeUndefined();
  });

  it('a new base port saved on a running gateway: one restart by Lobsterpot, on the new port, OpenClaw’s cause in the history', async () => {
    const before = status();
    const newPort = world.basePort + 200;
    const update = await manager.execute('profiles.update', { name: 'alpha', port: newPort });
    // OpenClaw hands the restart over itself: no "restart to apply" is offered on top of it.
    expect(update.restartNeeded).toBe(false);
    await world.until(
      'alpha ready on the new port',
      () => status().state === 'ready' && status().port === newPort && status().pid !== before.pid,
      120_000,
    );
    expect(pids()).toEqual([before.pid, status().pid]);
    expect(status().restarts).toBe(before.restarts + 1);
    expect(status().lastExit).toMatchObject({ code: 0, signal: null });
    expect(status().pendingRestart).toBeNull();
    expect(await healthz(newPort)).toBe(true);
    expect(await healthz(before.port)).toBe(false);
    const { entries } = await manager.execute('history.get', { name: 'alpha', limit: 50 });
    const since = restartOf(entries, before.readyAt);
    expect(since.map((e) => [e.state, e.cause?.kind, e.cause?.by])).toEqual([
      ['restarting', 'openclaw', HANDOFF_PENDING],
      ['starting', 'openclaw', 'OpenClaw asked for a restart (a config change: config reload: gateway.port)'],
      ['ready', 'health', 'probe'],
    ]);
  });

  it('`openclaw gateway restart` typed by a person: one restart by Lobsterpot, and the person’s command sees it come back', async () => {
    const before = status();
    // As a person types it: the real CLI, their environment (no supervisor mode), the pinned Node.
    const cli = spawn(process.execPath, [REAL_OPENCLAW, '--profile', 'alpha', 'gateway', 'restart', '--json'], {
      env: gatewayEnv(process.env, { home: world.home, nodeDir: dirname(process.execPath) }),
      cwd: world.home,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    world.pids.add(cli.pid as number);
    let out = '';
    cli.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    signalGroup(cli.pid as number, 'SIGKILL');
    expect(code, out).toBe(0);
    await world.until('alpha ready again', () => status().state === 'ready' && status().pid !== before.pid, 120_000);
    expect(pids().slice(-2)).toEqual([before.pid, status().pid]);
    expect(status().port).toBe(before.port);
    const { entries } = await manager.execute('history.get', { name: 'alpha', limit: 50 });
    const since = restartOf(entries, before.readyAt);
    expect(since.map((e) => [e.state, e.cause?.kind])).toEqual([
      ['restarting', 'openclaw'],
      ['starting', 'openclaw'],
      ['ready', 'health'],
    ]);
    expect(since[1]?.cause?.by).toMatch(/^OpenClaw asked for a restart \(openclaw gateway restart: /);
  });

  it('the exported health checks (Compose healthcheck, Kubernetes exec probes) pass against the real gateway', async () => {
    const port = status().port;
    const run = (script: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' });
        world.pids.add(child.pid as number);
        child.once('exit', resolve);
      });
    const checks = healthChecksOf('2026.9.6');
    expect(checks.started.path).toBe('/startupz');
    expect(await run(healthScript(checks.started, port))).toBe(0);
    expect(await run(healthScript(checks.live, port))).toBe(0);
    // The older versions' check (/readyz) holds on this one too; nothing listening fails it.
    expect(await run(healthScript(healthChecksOf('2026.4.27').started, port))).toBe(0);
    expect(await run(healthScript(checks.started, world.basePort + 100))).toBe(1);
  });
});
