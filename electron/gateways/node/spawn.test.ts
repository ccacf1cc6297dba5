import { describe, expect, it } from 'vitest';
import { gatewayArgv, spawnEnv, type SpawnRequest } from './spawn.ts';

describe('spawning an instance set up by environment', () => {
  const request = (profile: SpawnRequest['profile']): SpawnRequest => ({
    profile,
    nodePath: '/opt/node/bin/node',
    openclawPath: '/opt/openclaw/openclaw.mjs',
    home: '/home/me',
    parentEnv: {
      PATH: '/usr/bin',
      OPENCLAW_STATE_DIR: '/inherited',
      OPENCLAW_CONFIG_PATH: '/inherited.json',
      OPENCLAW_PROFILE: 'other',
      OPENCLAW_GATEWAY_PORT: '1234',
    },
    logFile: '/tmp/x.log',
  });
  const instance = { configPath: '/home/me/.openclaw/main.json', stateDir: '/home/me/.openclaw-main' };

  it('runs `gateway run` with no --profile, and with exactly its own two variables of the inherited kind', () => {
    expect(gatewayArgv(request(instance))).toEqual(['/opt/openclaw/openclaw.mjs', 'gateway', 'run']);
    const env = spawnEnv(request(instance), false);
    expect(env.OPENCLAW_CONFIG_PATH).toBe(instance.configPath);
    expect(env.OPENCLAW_STATE_DIR).toBe(instance.stateDir);
    // Nothing else of the parent's OpenClaw variables: only Lobsterpot's own supervision flags beside the two.
    expect(
      Object.keys(env)
        .filter((k) => k.startsWith('OPENCLAW_'))
        .sort(),
    ).toEqual(['OPENCLAW_CONFIG_PATH', 'OPENCLAW_DISABLE_BONJOUR', 'OPENCLAW_NO_RESPAWN', 'OPENCLAW_STATE_DIR']);
  });

  it('runs a profile with --profile and neither variable', () => {
    expect(gatewayArgv(request('main'))).toEqual(['/opt/openclaw/openclaw.mjs', '--profile', 'main', 'gateway', 'run']);
    const env = spawnEnv(request('main'), false);
    expect(env.OPENCLAW_CONFIG_PATH).toBeUndefined();
    expect(env.OPENCLAW_STATE_DIR).toBeUndefined();
  });
});
