// What a HOME holds that is not a set-up profile: no gateway is needed, the real CLI in-process reads a real folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main.ts';

describe('profiles that are not set up', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lp-discovery-'));
    const home = join(root, 'home');
    // The older layout of the seed documents: ~/.openclaw holds only named profiles' workspaces, no config.
    mkdirSync(join(home, '.openclaw', 'workspace-rescue'), { recursive: true });
    mkdirSync(join(home, '.openclaw', 'workspace-main'), { recursive: true });
    // A named profile's folder without a config.
    mkdirSync(join(home, '.openclaw-empty'), { recursive: true });
    mkdirSync(join(root, 'data'), { recursive: true });
    writeFileSync(join(root, 'data', 'settings.json'), JSON.stringify({ basePortStart: 21000 }));
    env = { ...process.env, HOME: home, OPENCLAW_HOME: home, LOBSTERPOT_HOME: join(root, 'data') };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const cli = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await run(
      args,
      (t) => (out += `${t}\n`),
      (t) => (err += `${t}\n`),
      env,
    );
    return { code, out, err };
  };

  it('a ~/.openclaw of named workspaces only is no "default" profile, and start --all exits 0 (it exited non-zero)', async () => {
    const list = await cli(['list', '--json']);
    expect(list.code).toBe(0);
    const profiles = (
      JSON.parse(list.out) as { profiles: { name: string; configured: boolean; configError: string }[] }
    ).profiles;
    expect(profiles.map((p) => p.name)).toEqual(['empty']);
    expect(profiles[0]).toMatchObject({ configured: false, configError: expect.stringMatching(/^not set up/) });
    const start = await cli(['start', '--all', '--json']);
    expect(start.code).toBe(0);
    expect(JSON.parse(start.out)).toEqual({ results: [] });
  });

  it('starting a folder that is not set up is refused with what to do, never a crash', async () => {
    const start = await cli(['start', 'empty']);
    expect(start.code).toBe(3);
    expect(start.out + start.err).toMatch(/not set up: the folder has no openclaw.json/);
  });
});
