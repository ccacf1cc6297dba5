// Profile discovery: the default `~/.openclaw` and every `~/.openclaw-<name>`, each set up (it has its config) or not.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Whether a state dir without a config is a profile at all: the default one is not when it holds only leftovers. */
async function isProfileWithoutConfig(name: string, stateDir: string): Promise<boolean> {
  if (name !== DEFAULT_PROFILE) return true;
  const entries = await readdir(stateDir).catch(() => []);
  return !entries.every(isLeftover);
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
    if (!isDir) continue;
    const stateDir = stateDirOf(home, name);
    const configPath = configPathOf(home, name);
    const configured = await isFile(configPath);
    if (configured || (await isProfileWithoutConfig(name, stateDir)))
      found.push({ name, stateDir, configPath, configured });
  }
  return found.sort((a, b) =>
    a.name === DEFAULT_PROFILE ? -1 : b.name === DEFAULT_PROFILE ? 1 : a.name.localeCompare(b.name),
  );
}
