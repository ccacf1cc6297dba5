// Profile discovery: the default `~/.openclaw` and every `~/.openclaw-<name>`, each set up (it has its config) or not.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_PROFILE, nameSyntaxError } from '../common/names.ts';
import { configPathOf, stateDirOf } from '../../platform/node/paths.ts';

// Disposal of a deleted profile lives in disposal.ts; re-exported for the callers that import it from here.
export { moveToBackup, moveToTrash } from './disposal.ts';

export interface DiscoveredProfile {
  name: string;
  stateDir: string;
  configPath: string;
  /** Its `openclaw.json` exists. A folder without it is "not set up": listed, never started, never an error. */
  configured: boolean;
}

/**
 * What `~/.openclaw` holds when only named profiles were ever set up: their workspaces (`workspace-<name>`, the
 * layout of older OpenClaw and of the seed documents), logs and temp files, and the desktop's own clutter.
 */
const isLeftover = (entry: string) =>
  entry.startsWith('workspace-') || ['logs', 'tmp', '.DS_Store', 'Thumbs.db', 'desktop.ini'].includes(entry);

const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** The paths of instances set up by environment: their state dirs and config folders are not profiles. */
export interface InstancePaths {
  stateDir: string;
  configPath: string;
}

/** The file names an instance's config leaves beside it: the config and OpenClaw's backups of it. */
const isInstanceFile = (entry: string, instances: readonly InstancePaths[]) =>
  instances.some((i) => {
    const config = basename(i.configPath);
    return entry === config || (entry.startsWith(`${config}.bak`) && dirname(i.configPath) !== i.stateDir);
  });

/**
 * Whether a state dir without a config is a profile at all: not when it is an instance's state dir, nor the default
 * one when it holds only leftovers and the configs of instances set up by environment (the seeds' manual layout).
 */
async function isProfileWithoutConfig(
  name: string,
  stateDir: string,
  instances: readonly InstancePaths[],
): Promise<boolean> {
  if (instances.some((i) => resolve(i.stateDir) === resolve(stateDir))) return false;
  if (name !== DEFAULT_PROFILE) return true;
  const entries = await readdir(stateDir).catch(() => []);
  return !entries.every((entry) => isLeftover(entry) || isInstanceFile(entry, instances));
}

/** The profile folders of `home`; with `instances`, the folders that are only theirs are left out. */
export async function discoverProfiles(
  home: string,
  instances: readonly InstancePaths[] = [],
): Promise<DiscoveredProfile[]> {
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
    if (!isDir) continue;
    const stateDir = stateDirOf(home, name);
    const configPath = configPathOf(home, name);
    const configured = await isFile(configPath);
    if (configured || (await isProfileWithoutConfig(name, stateDir, instances)))
      found.push({ name, stateDir, configPath, configured });
  }
  return found.sort((a, b) =>
    a.name === DEFAULT_PROFILE ? -1 : b.name === DEFAULT_PROFILE ? 1 : a.name.localeCompare(b.name),
  );
}
