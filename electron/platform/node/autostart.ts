// Launch at login on Linux: an XDG autostart .desktop file, written and removed here (macOS and Windows use Electron's
// login item API; main's LoginItemService decides which command the entry runs).
import { mkdir, readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../platform/node/fs-atomic.ts';

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'autostart', 'lobsterpot.desktop');
}

/** Desktop Entry `Exec` quoting: arguments with spaces or specials in double quotes, with `"`, `` ` ``, `$`, `\` escaped. */
function quoteExec(arg: string): string {
  if (!/[\s"'\\`$<>|&;()*?#~]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The file's content: `$APPIMAGE` when packaged as an AppImage (the mounted path changes every run), else the executable. */
export function autostartEntry(options: { executable: string; appImage?: string | null; args?: string[] }): string {
  const exec = [options.appImage || options.executable, ...(options.args ?? ['--autostart'])].map(quoteExec).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Lobsterpot',
    'Comment=Runs your OpenClaw gateways side by side',
    `Exec=${exec}`,
    'Icon=lobsterpot-app', // the deb's icon, named after its executable
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function setLinuxAutostart(
  enabled: boolean,
  options: { executable: string; appImage?: string | null; args?: string[]; env?: NodeJS.ProcessEnv },
): Promise<string> {
  const file = autostartFile(options.env);
  if (enabled) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, autostartEntry(options));
  } else await rm(file, { force: true });
  return file;
}

/**
 * What the autostart file says now, or null when there is none (the person deleted it, or it was never written):
 * `Hidden=true` or `X-GNOME-Autostart-enabled=false` is the desktop's own "off" switch, which Lobsterpot respects.
 */
export async function readLinuxAutostart(env: NodeJS.ProcessEnv = process.env): Promise<{ enabled: boolean } | null> {
  let text: string;
  try {
    text = await readFile(autostartFile(env), 'utf8');
  } catch {
    return null;
  }
  const key = (name: string) => new RegExp(`^${name}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1]?.toLowerCase();
  return { enabled: key('Hidden') !== 'true' && key('X-GNOME-Autostart-enabled') !== 'false' };
}
