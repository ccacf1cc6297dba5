import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverProfiles } from './profiles.ts';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A temporary HOME holding the given files (a path ending in `/` is a folder). */
function homeWith(paths: string[]): string {
  const home = mkdtempSync(join(tmpdir(), 'lp-profiles-'));
  homes.push(home);
  for (const path of paths) {
    if (path.endsWith('/')) mkdirSync(join(home, path), { recursive: true });
    else {
      mkdirSync(join(home, path, '..'), { recursive: true });
      writeFileSync(join(home, path), '{}');
    }
  }
  return home;
}

const summary = async (home: string) =>
  (await discoverProfiles(home)).map(({ name, configured }) => ({ name, configured }));

describe('discoverProfiles', () => {
  it('finds the default and the named profiles, each with its state dir and config path', async () => {
    const home = homeWith([
      '.openclaw/openclaw.json',
      '.openclaw-rescue/openclaw.json',
      '.openclaw-main/openclaw.json',
    ]);
    expect(await discoverProfiles(home)).toEqual([
      {
        name: 'default',
        stateDir: join(home, '.openclaw'),
        configPath: join(home, '.openclaw', 'openclaw.json'),
        configured: true,
      },
      {
        name: 'main',
        stateDir: join(home, '.openclaw-main'),
        configPath: join(home, '.openclaw-main', 'openclaw.json'),
        configured: true,
      },
      {
        name: 'rescue',
        stateDir: join(home, '.openclaw-rescue'),
        configPath: join(home, '.openclaw-rescue', 'openclaw.json'),
        configured: true,
      },
    ]);
  });

  it("does not take a ~/.openclaw that holds only named profiles' workspaces for a default profile", async () => {
    const home = homeWith([
      '.openclaw/workspace-rescue/AGENTS.md',
      '.openclaw/workspace-main/',
      '.openclaw/logs/',
      '.openclaw/tmp/',
      '.openclaw-rescue/openclaw.json',
      '.openclaw-main/openclaw.json',
    ]);
    expect(await summary(home)).toEqual([
      { name: 'main', configured: true },
      { name: 'rescue', configured: true },
    ]);
    expect(await summary(homeWith(['.openclaw/']))).toEqual([]);
  });

  it('lists any other folder without a config as not set up, never as an error', async () => {
    const home = homeWith([
      '.openclaw/workspace/',
      '.openclaw-half/workspace/AGENTS.md',
      '.openclaw-empty/',
      '.openclaw-ok/openclaw.json',
    ]);
    expect(await summary(home)).toEqual([
      { name: 'default', configured: false },
      { name: 'empty', configured: false },
      { name: 'half', configured: false },
      { name: 'ok', configured: true },
    ]);
  });

  it('skips what cannot be a profile: bad names, `default` spelled as a name, files, a config that is a folder', async () => {
    const home = homeWith([
      '.openclaw-bad name/openclaw.json',
      '.openclaw-Default/openclaw.json',
      '.openclaw-_x/openclaw.json',
      '.openclaw-file',
      '.openclaw-odd/openclaw.json/',
    ]);
    expect(await summary(home)).toEqual([{ name: 'odd', configured: false }]);
    expect(await discoverProfiles(join(home, 'missing'))).toEqual([]);
  });
});
