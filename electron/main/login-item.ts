// Launch at login, right on each OS: macOS registers the app itself and reports `wasOpenedAtLogin`; Windows runs the
// executable with `--autostart`; Linux has no API, so an XDG autostart entry runs `$APPIMAGE` or the executable.
import type { LoginItemSettings, Settings as LoginItemRequest } from 'electron';

export const AUTOSTART_ARG = '--autostart';

export interface LoginItemPlatform {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** `process.execPath`: the packaged app, or Electron itself in development. */
  execPath: string;
  /** `app.getAppPath()`: what Electron must be given in development to run this app and not its default one. */
  appPath: string;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  setLoginItemSettings(settings: LoginItemRequest): void;
  getLoginItemSettings(): Pick<LoginItemSettings, 'openAtLogin' | 'wasOpenedAtLogin' | 'status'>;
  /** Writes (or removes) the XDG autostart entry running this command; returns its file. */
  writeXdgAutostart(enabled: boolean, command: { executable: string; args: string[] }): Promise<string>;
}

/** At login: only the profiles flagged "start with Lobsterpot", and no window unless `--show`; else the window. */
export function launchPlan(openedAtLogin: boolean, argv: readonly string[]) {
  return { startFlagged: openedAtLogin, showWindow: !openedAtLogin || argv.includes('--show') };
}

export type LoginItemOutcome = { ok: true } | { ok: false; reason: string };

/** The command that starts this app at login: the app's own binary once packaged, `electron <app path>` before. */
export function launchCommand(
  platform: Omit<LoginItemPlatform, 'setLoginItemSettings' | 'getLoginItemSettings' | 'writeXdgAutostart'>,
) {
  const appImage = platform.platform === 'linux' ? platform.env.APPIMAGE : undefined;
  if (appImage) return { executable: appImage, args: [AUTOSTART_ARG] };
  if (platform.isPackaged) return { executable: platform.execPath, args: [AUTOSTART_ARG] };
  return { executable: platform.execPath, args: [platform.appPath, AUTOSTART_ARG] };
}

export class LoginItemService {
  readonly #platform: LoginItemPlatform;
  #applied: boolean | null = null;

  constructor(platform: LoginItemPlatform) {
    this.#platform = platform;
  }

  /** Whether this run was started by the login item (then only the flagged profiles start, without a window). */
  openedAtLogin(): boolean {
    const p = this.#platform;
    if (p.platform === 'darwin') return p.getLoginItemSettings().wasOpenedAtLogin || p.argv.includes(AUTOSTART_ARG);
    return p.argv.includes(AUTOSTART_ARG);
  }

  /**
   * Follows the setting, level-triggered: applies it at startup when on (the executable may have moved since) and on
   * every change, whoever changed it (window, tray, another client); null when there was nothing to do.
   */
  async follow(launchAtLogin: boolean): Promise<LoginItemOutcome | null> {
    if (launchAtLogin === this.#applied || (this.#applied === null && !launchAtLogin)) {
      this.#applied = launchAtLogin;
      return null;
    }
    this.#applied = launchAtLogin;
    return this.apply(launchAtLogin);
  }

  async apply(enabled: boolean): Promise<LoginItemOutcome> {
    const p = this.#platform;
    try {
      switch (p.platform) {
        case 'darwin': {
          p.setLoginItemSettings({ openAtLogin: enabled });
          if (enabled && p.getLoginItemSettings().status === 'requires-approval') {
            return {
              ok: false,
              reason: 'macOS asks you to allow Lobsterpot in System Settings › General › Login Items.',
            };
          }
          return { ok: true };
        }
        case 'win32': {
          const { executable, args } = launchCommand(p);
          p.setLoginItemSettings({ openAtLogin: enabled, path: executable, args });
          return { ok: true };
        }
        case 'linux':
          await p.writeXdgAutostart(enabled, launchCommand(p));
          return { ok: true };
        default:
          return { ok: false, reason: `Launch at login is not supported on ${p.platform}.` };
      }
    } catch (error) {
      return {
        ok: false,
        reason: `Launch at login could not be ${enabled ? 'set' : 'removed'}: ${(error as Error).message}`,
      };
    }
  }
}
