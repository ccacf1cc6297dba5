// Is there anywhere for the tray icon to show? On Linux a tray icon is a StatusNotifierItem, shown only while a
// StatusNotifierWatcher owns its D-Bus name: stock GNOME has none until the AppIndicator extension is enabled.
export const WATCHER = 'org.kde.StatusNotifierWatcher';

/** Runs a command with a deadline and gives its stdout, or null when it cannot run or fails. */
export type RunCommand = (command: string, args: string[]) => Promise<string | null>;

/** Each D-Bus client that may be installed, with how it prints the answer to NameHasOwner. */
const ASKERS: { command: string; args: string[]; owned: RegExp; unowned: RegExp }[] = [
  {
    command: 'gdbus',
    args: [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.DBus',
      '--object-path',
      '/org/freedesktop/DBus',
      '--method',
      'org.freedesktop.DBus.NameHasOwner',
      WATCHER,
    ],
    owned: /\(true,?\)/,
    unowned: /\(false,?\)/,
  },
  {
    command: 'dbus-send',
    args: [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      `string:${WATCHER}`,
    ],
    owned: /boolean true/,
    unowned: /boolean false/,
  },
];

/**
 * True when the tray icon has a host; false only when the session bus says no watcher runs on a desktop that has no
 * older (XEmbed) tray either — GNOME, or any Wayland session; true when it cannot be told (no D-Bus client, no session
 * bus): the window's Quit stays there either way.
 */
export async function hasTrayHost(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  run: RunCommand,
): Promise<boolean> {
  if (platform !== 'linux') return true;
  const noXEmbedTray = /gnome/i.test(env.XDG_CURRENT_DESKTOP ?? '') || env.XDG_SESSION_TYPE === 'wayland';
  if (!noXEmbedTray) return true;
  for (const asker of ASKERS) {
    const answer = await run(asker.command, asker.args);
    if (answer === null) continue;
    if (asker.owned.test(answer)) return true;
    if (asker.unowned.test(answer)) return false;
  }
  return true;
}
