// Profile discovery (the default `~/.openclaw` and every `~/.openclaw-<name>`) and disposal of a deleted profile.
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DEFAULT_PROFILE, nameSyntaxError } from '../common/names.ts';
import { configPathOf, stateDirOf } from './paths.ts';

export interface DiscoveredProfile {
  name: string;
  stateDir: string;
  configPath: string;
}

export async function discoverProfiles(home: string): Promise<DiscoveredProfile[]> {
  let entries: string[];
  try {
    entries = await readdir(home);
  } catch {
    return [];
  }
  const found: DiscoveredProfile[] = [];
  for (const entry of entries) {
    const name =
      entry === '.openclaw'
        ? DEFAULT_PROFILE
        : entry.startsWith('.openclaw-')
          ? entry.slice('.openclaw-'.length)
          : null;
    if (name === null || (name !== DEFAULT_PROFILE && nameSyntaxError(name) !== null)) continue;
    if (name !== DEFAULT_PROFILE && name.toLowerCase() === DEFAULT_PROFILE) continue;
    const isDir = await stat(join(home, entry)).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (isDir) found.push({ name, stateDir: stateDirOf(home, name), configPath: configPathOf(home, name) });
  }
  return found.sort((a, b) =>
    a.name === DEFAULT_PROFILE ? -1 : b.name === DEFAULT_PROFILE ? 1 : a.name.localeCompare(b.name),
  );
}

const stamp = (date: Date) => date.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');

async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    await rm(from, { recursive: true, force: true });
  }
}

/** Moves a state dir into a dated backup folder; never a silent `rm -rf`. */
export async function moveToBackup(stateDir: string, backupsDir: string, now = new Date()): Promise<string> {
  await mkdir(backupsDir, { recursive: true });
  const target = join(backupsDir, `${basename(stateDir).replace(/^\./, '')}-${stamp(now)}`);
  await move(stateDir, target);
  return target;
}

/** Moves a state dir to the user's trash (freedesktop.org layout on Linux, ~/.Trash on macOS). */
export async function moveToTrash(
  stateDir: string,
  env: NodeJS.ProcessEnv,
  home: string,
  now = new Date(),
): Promise<string> {
  const name = `${basename(stateDir)}-${stamp(now)}`;
  if (process.platform === 'darwin') {
    const target = join(home, '.Trash', name);
    await mkdir(join(home, '.Trash'), { recursive: true });
    await move(stateDir, target);
    return target;
  }
  if (process.platform === 'win32')
    throw new Error('the trash is not supported on Windows yet; choose a backup instead');
  const trash = join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'Trash');
  await mkdir(join(trash, 'files'), { recursive: true });
  await mkdir(join(trash, 'info'), { recursive: true });
  const info = `[Trash Info]\nPath=${encodeURI(stateDir)}\nDeletionDate=${now.toISOString().replace(/\..*$/, '')}\n`;
  await writeFile(join(trash, 'info', `${name}.trashinfo`), info);
  const target = join(trash, 'files', name);
  await move(stateDir, target);
  return target;
}
