// Launch at login, right on each OS: macOS registers the app itself and reports `wasOpenedAtLogin`; Windows runs the
// executable with `--autostart`; Linux has no API, so an XDG autostart entry runs `$APPIMAGE` or the executable.
// The OS's own switch (Login Items, Task Manager's Startup apps, a deleted or disabled autostart file) wins at start.
import type { LoginItemSettings, LoginItemSettingsOptions, Settings as LoginItemRequest } from 'electron';

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
  /** On Windows it is asked about this executable and its arguments (`path`, `args`), as it was registered. */
  getLoginItemSettings(
    options?: LoginItemSettingsOptions,
  ): Pick<LoginItemSettings, 'openAtLogin' | 'wasOpenedAtLogin' | 'status'> &
    Partial<Pick<LoginItemSettings, 'executableWillLaunchAtLogin'>>;
  /** The XDG autostart entry as the desktop sees it now; null when there is none. */
  readXdgAutostart(): Promise<{ enabled: boolean } | null>;
  /**
   * Whether the kernel keeps unprivileged user namespaces from an AppImage's Chromium sandbox (Ubuntu 24.04's
   * `kernel.apparmor_restrict_unprivileged_userns`): an AppImage started at login would then abort, unseen.
   */
  userNamespacesRestricted?: () => boolean;
  /** Writes (or removes) the XDG autostart entry running this command; returns its file. */
  writeXdgAutostart(enabled: boolean, command: { executable: string; args: string[] }): Promise<string>;
}

/**
 * Every start runs the profiles flagged "start with Lobsterpot", as `serve` does (login detection is unreliable on
 * macOS, and a person who opens the app expects them up); only the window depends on login: none then, unless `--show`.
 */
export function launchPlan(openedAtLogin: boolean, argv: readonly string[]) {
  return { startFlagged: true, showWindow: !openedAtLogin || argv.includes('--show') };
}

export type LoginItemOutcome = { ok: true } | { ok: false; reason: string };

/** The command that starts this app at login: the app's own binary once packaged, `electron <app path>` before. */
export function launchCommand(
  platform: Pick<LoginItemPlatform, 'platform' | 'isPackaged' | 'execPath' | 'appPath' | 'env'>,
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

  /** Whether this run was started by the login item (then no window opens unless `--show`). */
  openedAtLogin(): boolean {
    const p = this.#platform;
    if (p.platform === 'darwin') return p.getLoginItemSettings().wasOpenedAtLogin || p.argv.includes(AUTOSTART_ARG);
    return p.argv.includes(AUTOSTART_ARG);
  }

  /** Whether the OS would start Lobsterpot at the next login, by its own switch; 'pending' while macOS asks for approval. */
  async osState(): Promise<boolean | 'pending'> {
    const p = this.#platform;
    switch (p.platform) {
      case 'darwin': {
        const settings = p.getLoginItemSettings();
        return settings.status === 'requires-approval' ? 'pending' : settings.openAtLogin;
      }
      case 'win32': {
        // Task Manager's "Disabled" keeps the Run key but deactivates it: executableWillLaunchAtLogin reads both.
        const { executable, args } = launchCommand(p);
        return p.getLoginItemSettings({ path: executable, args }).executableWillLaunchAtLogin === true;
      }
      case 'linux':
        return (await p.readXdgAutostart())?.enabled === true;
      default:
        return false;
    }
  }

  /**
   * At start: the OS's state decides the setting (the person may have switched it off there, or deleted the entry),
   * and only an entry the OS still has enabled is rewritten (the executable may have moved). Returns the setting.
   */
  async reconcile(launchAtLogin: boolean): Promise<{ launchAtLogin: boolean; outcome: LoginItemOutcome | null }> {
    let state: boolean | 'pending';
    try {
      state = await this.osState();
    } catch (error) {
      this.#applied = launchAtLogin;
      return {
        launchAtLogin,
        outcome: { ok: false, reason: `Launch at login could not be read: ${(error as Error).message}` },
      };
    }
    this.#applied = state !== false;
    if (state === 'pending') return { launchAtLogin: true, outcome: approvalNeeded };
    if (!state) return { launchAtLogin: false, outcome: null };
    // macOS keeps the bundle itself registered; Windows and Linux name a path, which is written again.
    const outcome = this.#platform.platform === 'darwin' ? null : await this.apply(true);
    return { launchAtLogin: true, outcome };
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
          if (enabled && p.getLoginItemSettings().status === 'requires-approval') return approvalNeeded;
          return { ok: true };
        }
        case 'win32': {
          const { executable, args } = launchCommand(p);
          // `enabled` is Electron's default true: written only when the person turned it on (here or in the OS).
          p.setLoginItemSettings({
            openAtLogin: enabled,
            path: executable,
            args,
            ...(enabled ? { enabled: true } : {}),
          });
          return { ok: true };
        }
        case 'linux':
          if (enabled && p.env.APPIMAGE && p.userNamespacesRestricted?.()) return appImageAtLogin;
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

const approvalNeeded: LoginItemOutcome = {
  ok: false,
  reason: 'macOS asks you to allow Lobsterpot in System Settings › General › Login Items.',
};

const appImageAtLogin: LoginItemOutcome = {
  ok: false,
  reason:
    'The AppImage cannot start at login here: AppArmor keeps its sandbox from starting (Ubuntu 24.04 and later). Install the deb instead, which brings an AppArmor profile.',
};
