import { describe, expect, it } from 'vitest';
import { gatewayEnv, SUPERVISOR_MARKERS } from './env.ts';

describe('gateway environment', () => {
  const parent = {
    PATH: '/usr/bin',
    HOME: '/home/real',
    LANG: 'C.UTF-8',
    LC_ALL: 'C',
    XDG_RUNTIME_DIR: '/run/user/1',
    OPENCLAW_STATE_DIR: '/elsewhere',
    OPENCLAW_CONFIG_PATH: '/elsewhere/openclaw.json',
    OPENCLAW_GATEWAY_PORT: '1234',
    OPENCLAW_GATEWAY_TOKEN: 'secret',
    OPENCLAW_SYSTEMD_UNIT: 'x',
    OPENCLAW_SERVICE_MARKER: 'x',
    AWS_SECRET_ACCESS_KEY: 'nope',
    ...Object.fromEntries(SUPERVISOR_MARKERS.map((name) => [name, 'x'])),
  };

  it('drops every OPENCLAW_* variable, supervisor marker and unknown variable', () => {
    const env = gatewayEnv(parent, { home: '/tmp/h', nodeDir: '/opt/node24/bin', pathSeparator: ':' });
    expect(env).toEqual({
      PATH: '/opt/node24/bin:/usr/bin',
      HOME: '/tmp/h',
      LANG: 'C.UTF-8',
      LC_ALL: 'C',
      XDG_RUNTIME_DIR: '/run/user/1',
      OPENCLAW_NO_RESPAWN: '1',
      NO_COLOR: '1',
      OPENCLAW_DISABLE_BONJOUR: '1',
    });
  });

  it('declares Lobsterpot the external supervisor only when asked, and then leaves restarts to fresh processes', () => {
    const env = gatewayEnv(
      { ...parent, OPENCLAW_SUPERVISOR_MODE: 'systemd' },
      { home: '/tmp/h', supervisorMode: 'external' },
    );
    expect(env.OPENCLAW_SUPERVISOR_MODE).toBe('external');
    // OPENCLAW_NO_RESPAWN would keep OpenClaw's restarts in-process, on the old port, with no hand-off.
    expect(env.OPENCLAW_NO_RESPAWN).toBeUndefined();
    expect(
      gatewayEnv({ ...parent, OPENCLAW_SUPERVISOR_MODE: 'external' }, { home: '/tmp/h' }).OPENCLAW_SUPERVISOR_MODE,
    ).toBeUndefined();
  });
});
