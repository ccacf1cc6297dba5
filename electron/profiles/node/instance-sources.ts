// Where an instance set up by environment (OPENCLAW_CONFIG_PATH + OPENCLAW_STATE_DIR) shows itself besides its config
// file: the lock a running gateway holds (it names both paths), the environment of a running gateway, and the unit of
// an OS service written by hand. Each is read defensively: a source that cannot be read names nothing.
import { readFile, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { InstanceSource } from '../../contract/contract.ts';
import { readLocksOfStateDir, readSharedLocks } from '../../gateways/node/locks.ts';
import { isOpenClawGatewayArgv } from '../../gateways/node/adoption.ts';
import { parseProcCmdline } from '../../platform/node/processes.ts';

/** A config and the state dir some source says it runs with. */
export interface ExplicitPairing {
  configPath: string;
  stateDir: string;
  foundBy: Exclude<InstanceSource, 'config-folder' | 'added'>;
}

/** The two variables of an environment, when it names them (`~` left for the caller to expand). */
export function instanceVariables(env: Readonly<Record<string, string | undefined>>): {
  configPath: string | null;
  stateDir: string | null;
} {
  return { configPath: env.OPENCLAW_CONFIG_PATH || null, stateDir: env.OPENCLAW_STATE_DIR || null };
}

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}${sep}`);

/**
 * The locks in these state dirs, and those in the OS's shared temp folder (every HOME's) that name a path under `home`:
 * each names its config and state dir.
 */
export async function pairingsFromLocks(stateDirs: readonly string[], home: string): Promise<ExplicitPairing[]> {
  const shared = (await readSharedLocks()).filter(
    (lock) => (lock.stateDir && inside(lock.stateDir, home)) || (lock.configPath && inside(lock.configPath, home)),
  );
  const locks = [...(await Promise.all(stateDirs.map((dir) => readLocksOfStateDir(dir)))).flat(), ...shared];
  return locks.flatMap((lock) =>
    lock.configPath && lock.stateDir
      ? [{ configPath: lock.configPath, stateDir: lock.stateDir, foundBy: 'lock' as const }]
      : [],
  );
}

/** `Environment=` lines of a systemd unit: each may hold several assignments, quoted or not. */
export function systemdEnvironment(unit: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of unit.split(/\r?\n/)) {
    const match = /^\s*Environment\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    for (const part of (match[1] as string).matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
      const assignment = (part[1] ?? part[2] ?? '').replace(/\\(.)/g, '$1');
      const at = assignment.indexOf('=');
      if (at > 0) env[assignment.slice(0, at)] = assignment.slice(at + 1);
    }
  }
  return env;
}

/** `EnvironmentVariables` of a launchd plist (XML), as far as the two variables go. */
export function launchdEnvironment(plist: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['OPENCLAW_CONFIG_PATH', 'OPENCLAW_STATE_DIR']) {
    const match = new RegExp(`<key>${key}</key>\\s*<string>([^<]*)</string>`).exec(plist);
    if (match) env[key] = (match[1] as string).replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  return env;
}

/** Units and agents of OS services written by hand that start a gateway with both variables. */
export async function pairingsFromServices(home: string, env: NodeJS.ProcessEnv): Promise<ExplicitPairing[]> {
  const places = [
    {
      dir: join(env.XDG_CONFIG_HOME || join(home, '.config'), 'systemd', 'user'),
      ext: '.service',
      read: systemdEnvironment,
    },
    { dir: join(home, 'Library', 'LaunchAgents'), ext: '.plist', read: launchdEnvironment },
  ];
  const found: ExplicitPairing[] = [];
  for (const { dir, ext, read } of places) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(ext))) {
      const text = await readFile(join(dir, name), 'utf8').catch(() => '');
      if (!text.includes('OPENCLAW_CONFIG_PATH')) continue;
      const { configPath, stateDir } = instanceVariables(read(text));
      if (configPath && stateDir) found.push({ configPath, stateDir, foundBy: 'service' });
    }
  }
  return found;
}

/** Reads a process's environment (Linux: /proc; elsewhere no other process's environment is readable). */
async function environOf(pid: string): Promise<Record<string, string> | null> {
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => null);
  if (raw === null) return null;
  const env: Record<string, string> = {};
  for (const entry of raw.split('\0')) {
    const at = entry.indexOf('=');
    if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return env;
}

/**
 * Running gateways of this home started with the variables (Linux, this user's processes): a gateway whose config lies anywhere,
 * whose state dir Lobsterpot could not guess. The lock in that state dir then names the config, if the variable does not.
 */
export async function pairingsFromProcesses(
  home: string,
  platform: NodeJS.Platform = process.platform,
): Promise<ExplicitPairing[]> {
  if (platform !== 'linux') return [];
  const found: ExplicitPairing[] = [];
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((e) => /^\d+$/.test(e));
  // Read side by side: one at a time costs a millisecond per process on a busy host.
  const cmdlines = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')));
  const gateways = pids.filter((_, i) => cmdlines[i] && isOpenClawGatewayArgv(parseProcCmdline(cmdlines[i] as string)));
  for (const pid of gateways) {
    const env = await environOf(pid);
    // Another account's, or another OpenClaw home's (a test's, say): not this home's instance.
    if (!env || (env.OPENCLAW_HOME || env.HOME) !== home) continue;
    const { configPath, stateDir } = instanceVariables(env);
    if (!stateDir) continue;
    if (configPath) found.push({ configPath, stateDir, foundBy: 'process' });
    else
      for (const lock of await readLocksOfStateDir(stateDir))
        if (lock.configPath) found.push({ configPath: lock.configPath, stateDir, foundBy: 'process' });
  }
  return found;
}
