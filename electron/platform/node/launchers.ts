// Looks for the launchers of a profile's gateway (platform/common/launchers.ts says where), and at linger before a
// detached serve. The OS is injected (file checks, commands), so other platforms are tested with fakes.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import {
  launcherPlaces,
  lingerWarning,
  type FoundLauncher,
  type LauncherDirs,
  type LauncherPlace,
} from '../common/launchers.ts';

/** A command's output (null when it could not run or failed). */
export type Run = (command: string, args: string[]) => Promise<string | null>;

export const runQuietly: Run = (command, args) =>
  new Promise((resolve) =>
    execFile(command, args, { timeout: 5000, windowsHide: true }, (error, stdout) =>
      resolve(error && !stdout ? null : String(stdout)),
    ),
  );

export interface LauncherOS extends LauncherDirs {
  exists(path: string): boolean;
  run: Run;
}

export const thisOS = (home: string, env: NodeJS.ProcessEnv): LauncherOS => ({
  platform: process.platform,
  home,
  appData: env.APPDATA ?? null,
  exists: existsSync,
  run: runQuietly,
});

/** `systemctl is-enabled`'s word for a unit (`enabled`, `disabled`, `static`…), or null when it cannot say. */
async function enabledWord(os: LauncherOS, place: LauncherPlace): Promise<string | null> {
  const args = [...(place.kind === 'systemd-user' ? ['--user'] : []), 'is-enabled', place.name];
  const out = await os.run('systemctl', args);
  const word = out?.trim().split('\n')[0]?.trim() ?? '';
  return /^[a-z-]+$/.test(word) ? word : null;
}

/** Whether `schtasks /Query /TN <name>` knows the task. */
async function taskExists(os: LauncherOS, name: string): Promise<boolean> {
  const out = await os.run('schtasks', ['/Query', '/TN', name, '/FO', 'LIST']);
  return out !== null && out.includes(name);
}

/** The launchers of `profile`'s gateway that exist on this machine. */
export async function findLaunchers(profile: string, os: LauncherOS): Promise<FoundLauncher[]> {
  const found: FoundLauncher[] = [];
  for (const place of launcherPlaces(profile, os)) {
    if (place.path === null) {
      if (await taskExists(os, place.name)) found.push(place);
      continue;
    }
    if (!os.exists(place.path)) continue;
    // The same unit in two system folders is one launcher: the first one found (systemd's own order) counts.
    if (found.some((f) => f.kind === place.kind && f.name === place.name)) continue;
    const systemd = place.kind === 'systemd-user' || place.kind === 'systemd-system';
    found.push({ ...place, enabled: systemd ? await enabledWord(os, place) : null });
  }
  return found;
}

/** The linger warning for a `serve --detach` run from an ssh session, or null. */
export async function detachLingerWarning(
  env: NodeJS.ProcessEnv,
  os: Pick<LauncherOS, 'platform' | 'run'> = { platform: process.platform, run: runQuietly },
): Promise<string | null> {
  const ssh = Boolean(env.SSH_CONNECTION || env.SSH_CLIENT || env.SSH_TTY);
  if (os.platform !== 'linux' || !ssh) return null;
  const user = env.USER || env.LOGNAME || userInfo().username;
  const out = await os.run('loginctl', ['show-user', user, '--property=Linger', '--value']);
  return lingerWarning({ platform: os.platform, ssh, linger: out?.trim() || null, user });
}
