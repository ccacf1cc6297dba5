// Disposal of a deleted profile's state dir: into the platform's trash or a dated backup folder, never a silent
// `rm -rf`. The trash is the `trash` package under plain Node; the Electron main process passes `shell.trashItem`.
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Moves one path to the platform's trash; resolves once it is there. `shell.trashItem` has this shape. */
export type TrashItem = (path: string) => Promise<void>;

/** The `trash` package (freedesktop.org trash on Linux, the Finder's on macOS, the Recycle Bin on Windows). */
export const trashPackage: TrashItem = async (path) => {
  // Loaded on first use: it reads XDG_DATA_HOME and HOME once, when it loads.
  const { default: trash } = await import('trash');
  await trash(path, { glob: false });
};

const stamp = (date: Date) => date.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');

/** A rename, or a copy and remove across file systems. */
export async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    await rm(from, { recursive: true, force: true });
  }
}

/** Moves a state dir into a dated backup folder and returns where it went. */
export async function moveToBackup(stateDir: string, backupsDir: string, now = new Date()): Promise<string> {
  await mkdir(backupsDir, { recursive: true });
  const base = join(backupsDir, `${basename(stateDir).replace(/^\./, '')}-${stamp(now)}`);
  // Two deletes of one name within a second each keep their own backup.
  let target = base;
  for (let n = 2; existsSync(target); n++) target = `${base}-${n}`;
  await move(stateDir, target);
  return target;
}

/**
 * Moves a state dir to the platform's trash and says so. The path must exist and be gone afterwards: the `trash`
 * package ignores a missing path silently, and a person must never be told a profile was trashed when it was not.
 */
export async function moveToTrash(stateDir: string, trashItem: TrashItem = trashPackage): Promise<string> {
  await lstat(stateDir);
  await trashItem(stateDir);
  if (existsSync(stateDir)) throw new Error(`${stateDir} is still there after moving it to the trash`);
  return process.platform === 'win32' ? 'the Recycle Bin' : 'the trash';
}
