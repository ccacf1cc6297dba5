// What the desktop shell does differently per OS and between a packaged build and a development run, decided here so
// that a Node test can ask every platform the same question.
import type { MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { GatewayStatus } from '../contract/contract.ts';
import type { Aggregate, TrayItem } from '../tray/common/tray.ts';

export interface Runtime {
  platform: NodeJS.Platform;
  isPackaged: boolean;
}

/** Windows notifications and taskbar grouping need the installer's AppUserModelId, which electron-builder sets to appId. */
export const APP_USER_MODEL_ID = 'ai.lobsterpot.app';

/** Set only by the Electron end-to-end tests; a packaged build never exposes its internals. */
export const TEST_HOOKS_ENV = 'LOBSTERPOT_E2E_HOOKS';

/** What the end-to-end tests reach in the main process (`globalThis.lobsterpotTest`), only when testHooksEnabled. */
export interface TestHooks {
  trayModel(): readonly TrayItem[];
  trayState(): Aggregate | null;
  /** Clicks a tray menu item by its label path, through the click handler a person's click runs. */
  clickTray(path: string[]): void;
  gateways(): Pick<GatewayStatus, 'profile' | 'state' | 'pid'>[];
}

export const testHooksEnabled = (runtime: Runtime, env: NodeJS.ProcessEnv): boolean =>
  !runtime.isPackaged && env[TEST_HOOKS_ENV] === '1';

/**
 * Chromium's profile (caches, local storage, the single-instance lock) in a folder of its own inside Lobsterpot's data
 * dir: settings and logs never mix with it, and each data dir (each test) gets its own lock.
 */
export const electronUserData = (dataDir: string): string => join(dataDir, 'electron');

/**
 * The tray image: a template image on macOS (the menu bar tints it; `@2x` is picked up), an ICO on Windows (16 and 32
 * px in one file, so the taskbar's DPI picks its size), a coloured PNG on Linux.
 */
export const trayIconFile = (state: Aggregate, platform: NodeJS.Platform): string =>
  platform === 'darwin'
    ? `tray-${state}Template.png`
    : platform === 'win32'
      ? `tray-${state}.ico`
      : `tray-${state}.png`;

/**
 * A click on the icon itself opens the window on Windows (what people expect) and on Linux (Electron reports an
 * indicator's activation as a click; GNOME's AppIndicator extension sends one); macOS opens the menu.
 */
export const trayClickOpensWindow = (platform: NodeJS.Platform): boolean => platform !== 'darwin';

/** Windows cuts a tray tooltip at 128 UTF-16 units (NOTIFYICONDATA's szTip): longer ones end in an ellipsis here. */
export const TRAY_TOOLTIP_MAX = 127;

export function trayTooltipFor(platform: NodeJS.Platform, text: string): string {
  if (platform !== 'win32' || text.length <= TRAY_TOOLTIP_MAX) return text;
  return `${text.slice(0, TRAY_TOOLTIP_MAX - 1).trimEnd()}…`;
}

/** An `LSUIElement` app is not activated by a window's focus(): on macOS the app itself is brought forward. */
export const stealsFocus = (platform: NodeJS.Platform): boolean => platform === 'darwin';

/**
 * What closing the window does: with a tray to come back through, nothing (the first time, the person is told that
 * Lobsterpot keeps running there); with no tray host (stock GNOME), the app quits, after the quit policy.
 */
export function afterWindowClosed(trayHost: boolean, toldBefore: boolean): 'quit' | 'tell' | 'nothing' {
  if (!trayHost) return 'quit';
  return toldBefore ? 'nothing' : 'tell';
}

export const KEEPS_RUNNING = 'Lobsterpot keeps running in the tray, with your gateways; quit it from the tray menu.';

/**
 * The application menu: on macOS the app and Edit menus (copy and paste need them); on Windows and Linux a Lobsterpot
 * menu with Close window and Quit, so the window always offers a way out (GNOME may show no tray at all); a View menu
 * with reload and DevTools only in development.
 */
export function applicationMenu(runtime: Runtime, trayHost = true): MenuItemConstructorOptions[] {
  const development: MenuItemConstructorOptions[] = runtime.isPackaged ? [] : [{ role: 'viewMenu' }];
  if (runtime.platform === 'darwin') {
    return [{ role: 'appMenu' }, { role: 'editMenu' }, ...development, { role: 'windowMenu' }];
  }
  const lobsterpot: MenuItemConstructorOptions = {
    label: '&Lobsterpot',
    submenu: [
      {
        role: 'close',
        label: trayHost ? 'Close window (Lobsterpot keeps running in the tray)' : 'Close window and quit',
      },
      { type: 'separator' },
      { role: 'quit', label: 'Quit Lobsterpot', accelerator: 'CmdOrCtrl+Q' },
    ],
  };
  return [lobsterpot, { role: 'editMenu' }, ...development];
}
