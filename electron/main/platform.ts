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

/** The tray image: a template image on macOS (the menu bar tints it), a coloured one elsewhere; `@2x` is picked up. */
export const trayIconFile = (state: Aggregate, platform: NodeJS.Platform): string =>
  platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`;

/** Windows users expect a left click on the tray icon to open the window; macOS opens the menu, Linux ignores clicks. */
export const trayClickOpensWindow = (platform: NodeJS.Platform): boolean => platform === 'win32';

/**
 * The application menu: none on Windows and Linux in production (nothing to offer, and no DevTools accelerator); on
 * macOS the app and Edit menus (copy and paste need them); a View menu with reload and DevTools only in development.
 */
export function applicationMenu(runtime: Runtime): MenuItemConstructorOptions[] | null {
  const development: MenuItemConstructorOptions[] = runtime.isPackaged ? [] : [{ role: 'viewMenu' }];
  if (runtime.platform === 'darwin') {
    return [{ role: 'appMenu' }, { role: 'editMenu' }, ...development, { role: 'windowMenu' }];
  }
  return runtime.isPackaged ? null : [{ role: 'editMenu' }, ...development];
}
