import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { moveToBackup, moveToTrash } from './disposal.ts';

const roots: string[] = [];
const saved = { HOME: process.env.HOME, XDG_DATA_HOME: process.env.XDG_DATA_HOME };
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A temporary HOME with one profile's state dir in it. */
function homeWithProfile(name: string) {
  const root = mkdtempSync(join(tmpdir(), 'lp-disposal-'));
  roots.push(root);
  const home = join(root, 'home');
  const stateDir = join(home, `.openclaw-${name}`);
  mkdirSync(join(stateDir, 'workspace'), { recursive: true });
  writeFileSync(join(stateDir, 'openclaw.json'), '{"gateway":{"port":21400}}');
  return { root, home, stateDir };
}

describe('moveToBackup', () => {
  it('moves a state dir into a dated folder, a second one of the same second beside it', async () => {
    const now = new Date('2026-11-29T11:00:43.123Z');
    const first = homeWithProfile('alpha');
    const backups = join(first.root, 'backups');
    const target = await moveToBackup(first.stateDir, backups, now);
    expect(target).toBe(join(backups, 'openclaw-alpha-20261129-110043'));
    expect(existsSync(first.stateDir)).toBe(false);
    expect(readFileSync(join(target, 'openclaw.json'), 'utf8')).toContain('21400');

    mkdirSync(first.stateDir);
    writeFileSync(join(first.stateDir, 'openclaw.json'), '{}');
    expect(await moveToBackup(first.stateDir, backups, now)).toBe(`${target}-2`);
    expect(readdirSync(backups).sort()).toEqual(['openclaw-alpha-20261129-110043', 'openclaw-alpha-20261129-110043-2']);
  });
});

describe('moveToTrash', () => {
  it('hands the state dir to the injected trash (Electron passes shell.trashItem)', async () => {
    const { root, stateDir } = homeWithProfile('beta');
    const trashed: string[] = [];
    const where = await moveToTrash(stateDir, async (path) => {
      trashed.push(path);
      rmSync(path, { recursive: true });
    });
    expect(trashed).toEqual([stateDir]);
    expect(where).toMatch(/trash|Recycle Bin/);
    expect(readdirSync(join(root, 'home'))).toEqual([]);
  });

  it('refuses a missing state dir, and one the trash left in place', async () => {
    const { root, stateDir } = homeWithProfile('gamma');
    await expect(moveToTrash(join(root, 'home', '.openclaw-none'), async () => {})).rejects.toThrow(/ENOENT/);
    await expect(moveToTrash(stateDir, async () => {})).rejects.toThrow(/still there/);
    expect(existsSync(stateDir)).toBe(true);
  });

  it.runIf(process.platform === 'linux')(
    'uses the trash package, into $XDG_DATA_HOME/Trash and never the real trash',
    async () => {
      const { root, home, stateDir } = homeWithProfile('delta');
      // The package reads both when it first loads (here, at the first trash): the item is on HOME's device.
      process.env.HOME = home;
      process.env.XDG_DATA_HOME = join(root, 'data');
      await moveToTrash(stateDir);
      expect(existsSync(stateDir)).toBe(false);
      const trash = join(root, 'data', 'Trash');
      const [item] = readdirSync(join(trash, 'files'));
      expect(readFileSync(join(trash, 'files', item as string, 'openclaw.json'), 'utf8')).toContain('21400');
      const info = readFileSync(join(trash, 'info', `${item}.trashinfo`), 'utf8');
      expect(info).toContain(`Path=${encodeURI(stateDir)}`);
    },
  );
});
