// The seeds' manual layout on disk (as OpenClaw's own onboard writes it under OPENCLAW_CONFIG_PATH and
// OPENCLAW_STATE_DIR): ~/.openclaw/{main,rescue}.json with their .bak, state dirs ~/.openclaw-{main,rescue}.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzePorts } from '../../ports/common/conflicts.ts';
import { footprintOf, type PortProfile } from '../../ports/common/ports.ts';
import { freeName, instanceCommand, nameStemOf, stateDirFromConfig } from './instances.ts';
import { launchdEnvironment, systemdEnvironment } from './instance-sources.ts';
import { writeAddedInstances } from './instance-store.ts';
import { ProfileRegistry, type ProfileRecord } from './registry.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
const tempRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'lp-instances-'));
  roots.push(root);
  return root;
};

/** What `onboard` writes for one instance: the config beside the others, its state dir with agents and workspace. */
function onboarded(home: string, name: string, port: number, stateDir = join(home, `.openclaw-${name}`)) {
  mkdirSync(join(stateDir, 'agents', 'main', 'sessions'), { recursive: true });
  mkdirSync(join(stateDir, 'workspace'), { recursive: true });
  mkdirSync(join(home, '.openclaw'), { recursive: true });
  const config = {
    agents: {
      defaults: { workspace: join(stateDir, 'workspace') },
      entries: {
        main: { workspace: join(stateDir, 'workspace'), agentDir: join(stateDir, 'agents', 'main', 'agent') },
      },
    },
    gateway: { mode: 'local', port, bind: 'loopback', auth: { mode: 'token', token: `t-${name}` } },
  };
  writeFileSync(join(home, '.openclaw', `${name}.json`), JSON.stringify(config));
  writeFileSync(join(home, '.openclaw', `${name}.json.bak`), JSON.stringify(config));
}

const portProfile = (p: ProfileRecord): PortProfile => ({
  name: p.name,
  layout: p.layout ?? 'profile',
  port: p.config?.port ?? null,
  stateDir: p.stateDir,
  configPath: p.configPath,
  workspace: p.config?.workspace ?? null,
});

async function scan(home: string, dataDir?: string) {
  const registry = new ProfileRegistry(home, { env: {}, processes: false, ...(dataDir ? { dataDir } : {}) });
  await registry.scan();
  return registry;
}

describe("instances set up by environment (the seeds' manual layout)", () => {
  it('lists main and rescue as instances on their real ports, with no phantom default (it listed a config-error default and both on hash ports)', async () => {
    const home = tempRoot();
    onboarded(home, 'main', 24789);
    onboarded(home, 'rescue', 25789);
    const registry = await scan(home);
    expect(registry.all().map((p) => [p.name, p.layout, p.configured, p.configError, p.config?.port])).toEqual([
      ['main', 'env', true, null, 24789],
      ['rescue', 'env', true, null, 25789],
    ]);
    expect(registry.find('main')).toMatchObject({
      configPath: join(home, '.openclaw', 'main.json'),
      stateDir: join(home, '.openclaw-main'),
      instance: { foundBy: ['config-folder'], stateDirFrom: 'agentDir' },
    });
    expect(registry.find('default')).toBeUndefined();
  });

  it('finds no clash between them (it reported an error: hash ports 23592 and 23532, 60 apart)', async () => {
    const home = tempRoot();
    onboarded(home, 'main', 24789);
    onboarded(home, 'rescue', 25789);
    const findings = analyzePorts((await scan(home)).all().map(portProfile), [], { home });
    expect(findings).toEqual([]);
  });

  it('gives an instance without gateway.port the default 18789, never a profile hash port, and no dev rule', () => {
    for (const name of ['main', 'dev'])
      expect(
        footprintOf({ name, layout: 'env', port: null, stateDir: '/s', configPath: '/c', workspace: null }),
      ).toMatchObject({
        base: 18789,
        source: 'default',
      });
  });

  it('pairs a config with its state dir by agentDir, else by a workspace named workspace, else by the folder name', async () => {
    expect(stateDirFromConfig({ agents: { entries: { a: { agentDir: '/s/x/agents/a/agent' } } } }, '/h')).toEqual({
      stateDir: '/s/x',
      from: 'agentDir',
    });
    expect(stateDirFromConfig({ agents: { list: [{ workspace: '~/bots/ops/workspace' }] } }, '/h')).toEqual({
      stateDir: '/h/bots/ops',
      from: 'workspace',
    });
    // The seeds' older workspaces (~/.openclaw/workspace-<name>) say nothing about the state dir.
    expect(stateDirFromConfig({ agents: { defaults: { workspace: '/h/.openclaw/workspace-ops' } } }, '/h')).toBeNull();
    const home = tempRoot();
    mkdirSync(join(home, '.openclaw-ops'), { recursive: true });
    mkdirSync(join(home, '.openclaw'), { recursive: true });
    writeFileSync(join(home, '.openclaw', 'ops.json'), JSON.stringify({ gateway: { mode: 'local', port: 26000 } }));
    // A state file of OpenClaw's, not a config.
    writeFileSync(join(home, '.openclaw', 'keys.json'), JSON.stringify({ keys: [] }));
    const registry = await scan(home);
    const instances = registry.all().filter((p) => p.layout === 'env');
    expect(instances.map((p) => [p.name, p.stateDir, p.instance?.stateDirFrom])).toEqual([
      ['ops', join(home, '.openclaw-ops'), 'folder-name'],
    ]);
  });

  it('shows a config no state dir pairs with as not set up, with what to run', async () => {
    const home = tempRoot();
    mkdirSync(join(home, '.openclaw'), { recursive: true });
    writeFileSync(join(home, '.openclaw', 'lost.json'), JSON.stringify({ gateway: { mode: 'local', port: 26000 } }));
    const [lost] = (await scan(home)).all();
    expect(lost).toMatchObject({ name: 'lost', layout: 'env', configured: false });
    expect(lost?.configError).toMatch(/lobsterpot add --config .*lost\.json --state-dir DIR/);
  });

  it('names an instance apart from a profile of the same name, and from the reserved names', async () => {
    expect(nameStemOf('/h/.openclaw/My Bot.json', '/x')).toBe('My-Bot');
    expect(nameStemOf('/srv/b/openclaw.json', '/h/.openclaw-team')).toBe('team');
    expect(freeName('main', ['main'])).toBe('main-env');
    expect(freeName('main', ['main', 'MAIN-env'])).toBe('main-env2');
    expect(freeName('default', [])).toBe('default-env');
    expect(freeName('dev', [])).toBe('dev-env');
  });

  it('is an error when an instance shares a profile state dir, and the fix says how to give it its own', async () => {
    const home = tempRoot();
    onboarded(home, 'main', 24789);
    writeFileSync(
      join(home, '.openclaw-main', 'openclaw.json'),
      JSON.stringify({ gateway: { mode: 'local', port: 26789 } }),
    );
    const registry = await scan(home);
    expect(registry.all().map((p) => [p.name, p.layout])).toEqual([
      ['main', 'profile'],
      ['main-env', 'env'],
    ]);
    const shared = analyzePorts(registry.all().map(portProfile), [], { home }).filter(
      (f) => f.kind === 'shared-state-dir',
    );
    expect(shared).toEqual([
      expect.objectContaining({
        severity: 'error',
        profiles: ['main', 'main-env'],
        message: `main and main-env share the state dir ${join(home, '.openclaw-main')}`,
        fix: expect.stringContaining(`lobsterpot add --config ${join(home, '.openclaw', 'main.json')} --state-dir DIR`),
      }),
    ]);
  });

  it('is an error when two instances share one config path (two state dirs, one file: OpenClaw starts both)', async () => {
    const home = tempRoot();
    const data = tempRoot();
    onboarded(home, 'main', 24789);
    mkdirSync(join(home, 'elsewhere'));
    await writeAddedInstances(data, [
      { name: 'twin', configPath: join(home, '.openclaw', 'main.json'), stateDir: join(home, 'elsewhere') },
    ]);
    const registry = await scan(home, data);
    expect(registry.all().map((p) => [p.name, p.stateDir])).toEqual([
      ['main', join(home, '.openclaw-main')],
      ['twin', join(home, 'elsewhere')],
    ]);
    const findings = analyzePorts(registry.all().map(portProfile), [], { home }).filter((f) => f.severity === 'error');
    expect(findings.map((f) => [f.kind, f.profiles])).toContainEqual(['shared-config', ['main', 'twin']]);
    expect(findings.find((f) => f.kind === 'shared-config')?.fix).toMatch(/a config of its own/);
  });

  it('reads the two variables from a systemd unit and a launchd agent written by hand', () => {
    expect(
      systemdEnvironment(
        '[Service]\nEnvironment=OPENCLAW_CONFIG_PATH=/h/.openclaw/a.json "OPENCLAW_STATE_DIR=/h/state a"\nExecStart=x',
      ),
    ).toEqual({ OPENCLAW_CONFIG_PATH: '/h/.openclaw/a.json', OPENCLAW_STATE_DIR: '/h/state a' });
    expect(
      launchdEnvironment(
        '<dict><key>OPENCLAW_STATE_DIR</key>\n<string>/h/s</string><key>OPENCLAW_CONFIG_PATH</key><string>/h/c.json</string></dict>',
      ),
    ).toEqual({ OPENCLAW_CONFIG_PATH: '/h/c.json', OPENCLAW_STATE_DIR: '/h/s' });
  });

  it('finds an instance whose lock names its config and state dir, wherever the config lies', async () => {
    const home = tempRoot();
    const stateDir = join(home, '.openclaw-ops');
    mkdirSync(join(stateDir, 'tmp', 'openclaw-0'), { recursive: true });
    mkdirSync(join(home, 'bots'));
    const configPath = join(home, 'bots', 'ops.json');
    writeFileSync(configPath, JSON.stringify({ gateway: { mode: 'local', port: 27000 } }));
    const lock = { pid: 999_999, configPath, stateDir, port: 27000, startTime: 1 };
    writeFileSync(join(stateDir, 'tmp', 'openclaw-0', 'gateway.state.lock'), JSON.stringify(lock));
    const registry = await scan(home);
    expect(registry.all().map((p) => [p.name, p.layout, p.configPath, p.stateDir, p.instance?.stateDirFrom])).toEqual([
      ['ops', 'env', configPath, stateDir, 'lock'],
    ]);
  });
});

describe('the command line that runs an instance by hand', () => {
  it('named a bare `openclaw gateway`, which is not on PATH here: it runs `lobsterpot openclaw gateway`, paths quoted', () => {
    expect(instanceCommand({ configPath: '/h/.openclaw/main.json', stateDir: '/h/.openclaw-main' })).toBe(
      'OPENCLAW_CONFIG_PATH=/h/.openclaw/main.json OPENCLAW_STATE_DIR=/h/.openclaw-main lobsterpot openclaw gateway',
    );
    expect(instanceCommand({ configPath: "/h/my bots/it's.json", stateDir: '/h/state a' })).toBe(
      `OPENCLAW_CONFIG_PATH='/h/my bots/it'\\''s.json' OPENCLAW_STATE_DIR='/h/state a' lobsterpot openclaw gateway`,
    );
  });
});
