// Everything besides Lobsterpot that would also start a profile's gateway: systemd user and system units (and the
// legacy names older builds installed), the macOS app's LaunchAgent, a Windows Scheduled Task and the Startup-folder
// entry OpenClaw falls back to. Where each would be, and the warning with its fix. Pure: the node part looks.
import { openclawHint } from '../../openclaw/common/hint.ts';
import { DEFAULT_PROFILE } from '../../profiles/common/names.ts';

export type LauncherKind = 'systemd-user' | 'systemd-system' | 'launchd' | 'schtasks' | 'startup-folder';

/** One place a launcher of the profile's gateway would be: a file, or (Windows) a Scheduled Task's name. */
export interface LauncherPlace {
  kind: LauncherKind;
  /** The unit, label, task or file name. */
  name: string;
  /** The file to look for; null for a Scheduled Task (asked of `schtasks`). */
  path: string | null;
  /** A name older builds installed (`openclaw-<profile>`, `clawdbot-gateway`, `moltbot-gateway`). */
  legacy: boolean;
}

export interface LauncherDirs {
  platform: string;
  home: string;
  /** `%APPDATA%` on Windows (the Startup folder is under it). */
  appData?: string | null;
}

const join = (sep: string, ...parts: string[]) => parts.join(sep);
const SYSTEM_UNIT_DIRS = ['/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

/** Every place a launcher of `profile`'s gateway would be on this platform (names as OpenClaw gives them). */
export function launcherPlaces(profile: string, dirs: LauncherDirs): LauncherPlace[] {
  const isDefault = profile === DEFAULT_PROFILE;
  if (dirs.platform === 'linux') {
    const units = [
      { name: isDefault ? 'openclaw-gateway.service' : `openclaw-gateway-${profile}.service`, legacy: false },
      ...(isDefault ? ['clawdbot-gateway.service', 'moltbot-gateway.service'] : [`openclaw-${profile}.service`]).map(
        (name) => ({ name, legacy: true }),
      ),
    ];
    const user = join('/', dirs.home, '.config', 'systemd', 'user');
    return units.flatMap(({ name, legacy }) => [
      { kind: 'systemd-user' as const, name, path: join('/', user, name), legacy },
      ...SYSTEM_UNIT_DIRS.map((dir) => ({ kind: 'systemd-system' as const, name, path: join('/', dir, name), legacy })),
    ]);
  }
  if (dirs.platform === 'darwin') {
    const label = isDefault ? 'ai.openclaw.gateway' : `ai.openclaw.${profile}`;
    const path = join('/', dirs.home, 'Library', 'LaunchAgents', `${label}.plist`);
    return [{ kind: 'launchd', name: label, path, legacy: false }];
  }
  if (dirs.platform === 'win32') {
    const task = isDefault ? 'OpenClaw Gateway' : `OpenClaw Gateway (${profile})`;
    const appData = dirs.appData ?? join('\\', dirs.home, 'AppData', 'Roaming');
    const startup = join('\\', appData, 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup');
    // OpenClaw's Startup-folder fallback (when creating the task is denied): `<task>.cmd`, or `.vbs` when hidden.
    const file = task.replace(/[<>:"/\\|?*]/g, '_');
    return [
      { kind: 'schtasks', name: task, path: null, legacy: false },
      ...['cmd', 'vbs'].map((ext) => ({
        kind: 'startup-folder' as const,
        name: `${file}.${ext}`,
        path: join('\\', startup, `${file}.${ext}`),
        legacy: false,
      })),
    ];
  }
  return [];
}

/** A launcher found, with whether it would start the gateway on its own (an enabled unit, a loaded agent…). */
export interface FoundLauncher extends LauncherPlace {
  /** `systemctl is-enabled`'s word, or null when not asked. */
  enabled?: string | null;
}

export interface LauncherWarning {
  kind: 'competing-launcher';
  severity: 'warning';
  profiles: string[];
  message: string;
  fix: string;
}

const profileArgs = (profile: string) => (profile === DEFAULT_PROFILE ? '' : `--profile ${profile} `);

function fixOf(profile: string, launcher: FoundLauncher): string {
  const owner = `If the service should run it instead, hand ${profile} over to it in Manage.`;
  switch (launcher.kind) {
    case 'systemd-user':
      return launcher.legacy
        ? `Remove it: \`systemctl --user disable --now ${launcher.name}\`, then delete ${launcher.path} (\`${openclawHint(`${profileArgs(profile)}doctor`)}\` offers the same cleanup).`
        : `If Lobsterpot runs ${profile}: \`${openclawHint(`${profileArgs(profile)}gateway uninstall`)}\` (or \`systemctl --user disable --now ${launcher.name}\`). ${owner}`;
    case 'systemd-system':
      return `A system unit starts it for every boot: \`sudo systemctl disable --now ${launcher.name}\` if Lobsterpot runs ${profile}, or remove ${launcher.path}.`;
    case 'launchd':
      return `If Lobsterpot runs ${profile}: \`${openclawHint(`${profileArgs(profile)}gateway uninstall`)}\` (or \`launchctl bootout gui/$(id -u)/${launcher.name}\` and delete ${launcher.path}). ${owner}`;
    case 'schtasks':
      return `If Lobsterpot runs ${profile}: \`${openclawHint(`${profileArgs(profile)}gateway uninstall`)}\` (or \`schtasks /Delete /TN "${launcher.name}" /F\`). ${owner}`;
    case 'startup-folder':
      return `Delete ${launcher.path} if Lobsterpot runs ${profile} (\`${openclawHint(`${profileArgs(profile)}gateway uninstall`)}\` removes it too).`;
  }
}

const WHAT: Record<LauncherKind, string> = {
  'systemd-user': 'a systemd user unit',
  'systemd-system': 'a systemd system unit',
  launchd: 'a LaunchAgent (the macOS app’s)',
  schtasks: 'a Scheduled Task',
  'startup-folder': 'a Startup-folder entry',
};

/** One warning per launcher found: it would also start `profile`'s gateway, beside Lobsterpot. */
export function launcherWarnings(profile: string, found: readonly FoundLauncher[]): LauncherWarning[] {
  return found
    .filter((l) => l.kind !== 'systemd-user' || l.enabled !== 'disabled')
    .map((launcher) => ({
      kind: 'competing-launcher',
      severity: 'warning',
      profiles: [profile],
      message: `${WHAT[launcher.kind]} would also start ${profile}'s gateway: ${launcher.name}${launcher.legacy ? ' (a legacy name)' : ''}${launcher.enabled ? `, ${launcher.enabled}` : ''}${launcher.path ? ` (${launcher.path})` : ''}`,
      fix: fixOf(profile, launcher),
    }));
}

/**
 * Before `serve --detach` in an ssh session on Linux: without linger, systemd may end the user's processes at the last
 * logout, taking serve and its gateways with it. `linger` is `loginctl show-user`'s `Linger` (null: unknown).
 */
export function lingerWarning(facts: {
  platform: string;
  ssh: boolean;
  linger: string | null;
  user: string;
}): string | null {
  if (facts.platform !== 'linux' || !facts.ssh || facts.linger !== 'no') return null;
  return `linger is off for ${facts.user}: when the last session of ${facts.user} ends (this ssh login), systemd may stop its processes, and serve and its gateways with them. Run \`loginctl enable-linger ${facts.user}\` once (as root: \`sudo loginctl enable-linger ${facts.user}\`).`;
}
