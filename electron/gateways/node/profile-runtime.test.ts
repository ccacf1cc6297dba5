import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/node/clock.ts';
import type { ProfileConfig } from '../../profiles/node/config.ts';
import { ProfileRuntime, type RuntimeDeps } from './profile-runtime.ts';
import type { ProfileRecord } from '../../profiles/node/registry.ts';

const config = (port: number): ProfileConfig => ({
  mode: 'local',
  port,
  bind: 'loopback',
  token: 'secret-token',
  workspace: null,
  pinnedCdpUrl: null,
  browserProfiles: [],
  canvasPort: null,
  mcpSandboxPort: null,
});

/** OpenClaw's CLI as an older version answers `dashboard`: no such verb. */
const cliCalls: { profile: string; args: string[]; env: unknown }[] = [];
const olderCli = {
  run: async (profile: string, args: string[], options: { env?: unknown }) => {
    cliCalls.push({ profile, args, env: options.env });
    return { code: 1, stdout: '', stderr: "error: unknown command 'dashboard'", timedOut: false };
  },
};

/** A runtime watching a gateway of its own on port 42000, without any effect run (the clock never moves). */
function runtime() {
  const profile: ProfileRecord = {
    name: 'alpha',
    stateDir: '/home/me/.openclaw-alpha',
    configPath: '/home/me/.openclaw-alpha/openclaw.json',
    configured: true,
    config: config(42000),
    configError: null,
    configMtime: 0,
  };
  const context = {
    host: { home: '/home/me', dataDir: '/home/me/data', env: {}, origin: 'cli' },
    clock: new FakeClock(),
    store: {
      settings: { get: () => ({ stopGraceMs: 1000 }), flagsOf: () => ({ restartOnCrash: true }) },
      records: { note: () => undefined, update: async () => undefined, cached: () => ({ history: [], doctor: null }) },
    },
    openclaw: { environment: () => ({ openclaw: null, node: null, problem: null, fix: null }), cli: () => olderCli },
    report: { changed: () => undefined, emit: () => undefined, log: () => undefined, watchdog: () => null },
  } as unknown as RuntimeDeps;
  const r = new ProfileRuntime(profile, context);
  r.observe({ runningPort: 42000 });
  r.gateway.adopt(4242, { owner: 'lobsterpot', group: true, startedAt: 0, ready: true });
  return r;
}

describe('ProfileRuntime', () => {
  it('After saving a new port on a running gateway it shows restart to apply, not degraded: the old port is probed', () => {
    const r = runtime();
    expect(r.status().pendingRestart).toBeNull();
    r.profile.config = config(42100); // the saved change; a hot reload keeps the gateway on 42000
    expect(r.status()).toMatchObject({ state: 'ready', port: 42000, pendingRestart: 'port 42100 (runs on 42000)' });
    r.profile.config = config(42000); // changed back: nothing to apply
    expect(r.status().pendingRestart).toBeNull();
  });

  it('asks OpenClaw’s dashboard on the running port; the token in the fragment where it gives no pairing', async () => {
    const r = runtime();
    r.profile.config = config(42100); // saved, not applied: the gateway still answers on 42000
    expect(await r.dashboard()).toEqual({
      url: 'http://127.0.0.1:42000/',
      token: 'secret-token',
      openUrl: 'http://127.0.0.1:42000/#token=secret-token',
      expiresAt: null,
      how: 'token',
    });
    expect(cliCalls.at(-1)).toEqual({
      profile: 'alpha',
      args: ['dashboard', '--json', '--no-open'],
      env: { OPENCLAW_GATEWAY_PORT: '42000' },
    });
    expect(JSON.stringify(r.status())).not.toContain('secret-token');
  });
});
