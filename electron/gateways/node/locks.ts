// OpenClaw's gateway lock files: the way to map a running gateway to its pid and real port. The format and place
// are 2026.9.6's (`<state>/tmp/openclaw-<uid>/gateway.*.lock`, JSON padded with whitespace); other versions may
// differ, so everything here is read defensively.
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface GatewayLock {
  pid: number;
  port: number | null;
  configPath: string | null;
  stateDir: string | null;
  createdAt: string | null;
  /** The owner's start time as OpenClaw read it (Linux: boot ticks; see `ProcessFacts`): tells a reused pid apart. */
  startTime: number | null;
  file: string;
}

export function parseLock(text: string, file: string): GatewayLock | null {
  let value: unknown;
  try {
    value = JSON.parse(text.trim());
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const lock = value as Record<string, unknown>;
  if (typeof lock.pid !== 'number' || !Number.isInteger(lock.pid) || lock.pid <= 0) return null;
  return {
    pid: lock.pid,
    port: typeof lock.port === 'number' ? lock.port : null,
    configPath: typeof lock.configPath === 'string' ? lock.configPath : null,
    stateDir: typeof lock.stateDir === 'string' ? lock.stateDir : null,
    createdAt: typeof lock.createdAt === 'string' ? lock.createdAt : null,
    startTime: typeof lock.startTime === 'number' && Number.isFinite(lock.startTime) ? lock.startTime : null,
    file,
  };
}

async function locksIn(dir: string): Promise<GatewayLock[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const locks: GatewayLock[] = [];
  for (const name of names) {
    if (!/^gateway\..*lock$/.test(name)) continue;
    try {
      const lock = parseLock(await readFile(join(dir, name), 'utf8'), join(dir, name));
      if (lock) locks.push(lock);
    } catch {
      // vanished between readdir and read: the gateway stopped
    }
  }
  return locks;
}

/** The locks in a state dir's own folders (its tmp folders, then the state dir itself). */
export async function readLocksOfStateDir(stateDir: string): Promise<GatewayLock[]> {
  const found: GatewayLock[] = [];
  let tmpDirs: string[] = [];
  try {
    tmpDirs = (await readdir(join(stateDir, 'tmp'))).map((name) => join(stateDir, 'tmp', name));
  } catch {
    // no tmp folder yet
  }
  for (const dir of [...tmpDirs, stateDir]) found.push(...(await locksIn(dir)));
  return found;
}

/** The locks in the OS's temp folder, where other OpenClaw versions keep them (each names its state dir). */
export function readSharedLocks(): Promise<GatewayLock[]> {
  return locksIn(join(tmpdir(), `openclaw-${process.getuid?.() ?? 0}`));
}

/** Locks that belong to this state dir: in its tmp folders, or in the OS temp folder naming this state dir. */
export async function readGatewayLocks(stateDir: string, configPath: string): Promise<GatewayLock[]> {
  const found = await readLocksOfStateDir(stateDir);
  const shared = await readSharedLocks();
  found.push(
    ...shared.filter(
      (lock) =>
        (lock.stateDir && resolve(lock.stateDir) === resolve(stateDir)) ||
        (lock.configPath && resolve(lock.configPath) === resolve(configPath)),
    ),
  );
  const byPid = new Map<number, GatewayLock>();
  for (const lock of found) if (!byPid.has(lock.pid)) byPid.set(lock.pid, lock);
  return [...byPid.values()];
}
