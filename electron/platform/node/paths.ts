// Where things live: OpenClaw's homes and state dirs, and Lobsterpot's own data dir.
import { homedir, platform as osPlatform } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROFILE } from '../../profiles/common/names.ts';

/** OpenClaw's `~`: `OPENCLAW_HOME` > `HOME` > the OS home. */
export function openclawHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.OPENCLAW_HOME || env.HOME || homedir();
}

export function stateDirOf(home: string, profile: string): string {
  return profile === DEFAULT_PROFILE ? join(home, '.openclaw') : join(home, `.openclaw-${profile}`);
}

export function configPathOf(home: string, profile: string): string {
  return join(stateDirOf(home, profile), 'openclaw.json');
}

/** Lobsterpot's settings, logs and run records: `LOBSTERPOT_HOME`, else the platform's config folder. */
export function lobsterpotDataDir(env: NodeJS.ProcessEnv = process.env, platform = osPlatform()): string {
  if (env.LOBSTERPOT_HOME) return env.LOBSTERPOT_HOME;
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Lobsterpot');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Lobsterpot');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'lobsterpot');
}

/** OS service names of a profile's gateway (OPENCLAW.md, Profiles). */
export function serviceNamesOf(profile: string) {
  const isDefault = profile === DEFAULT_PROFILE;
  return {
    systemdUnit: isDefault ? 'openclaw-gateway.service' : `openclaw-gateway-${profile}.service`,
    launchdLabel: isDefault ? 'ai.openclaw.gateway' : `ai.openclaw.${profile}`,
    windowsTask: isDefault ? 'OpenClaw Gateway' : `OpenClaw Gateway (${profile})`,
  };
}
