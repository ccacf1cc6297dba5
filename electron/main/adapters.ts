// Electron's objects behind the services' small interfaces (WindowHandle, TrayHandle, Notice…): each adapter only
// passes calls through and installs the guards the rules beside it decide (window-options.ts, platform.ts). The
// Electron objects come from index.ts, the one file that imports them.
import type * as ElectronApi from 'electron';
import { execFile } from 'node:child_process';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Aggregate } from '../tray/common/tray.ts';
import { endpointOf, readSupervisorInfo } from '../supervisor/node/control.ts';
import { EVENT_CHANNEL } from './ipc.ts';
import type { Notice } from './notifications.ts';
import { trayIconFile, type Runtime } from './platform.ts';
import type { EndpointFacts } from './running-supervisor.ts';
import type { TrayHandle } from './tray-service.ts';
import type { WindowHandle } from './window-service.ts';
import { isAppUrl, isDashboardUrl, managerWindowOptions, windowBackground } from './window-options.ts';

type Api<K extends keyof typeof ElectronApi> = Pick<typeof ElectronApi, K>;

export function windowFactory(
  { BrowserWindow, nativeTheme, shell }: Api<'BrowserWindow' | 'nativeTheme' | 'shell'>,
  runtime: Runtime,
  preloadScript: string,
  iconDir: string,
) {
  return (): WindowHandle & { contents: Electron.WebContents } => {
    // The page follows prefers-color-scheme, which Electron takes from the OS while themeSource is 'system'.
    nativeTheme.themeSource = 'system';
    const window = new BrowserWindow({
      ...managerWindowOptions(preloadScript, { devTools: !runtime.isPackaged, dark: nativeTheme.shouldUseDarkColors }),
      icon: join(iconDir, 'app.png'),
    });
    const followTheme = () => window.setBackgroundColor(windowBackground(nativeTheme.shouldUseDarkColors));
    nativeTheme.on('updated', followTheme);
    window.on('closed', () => nativeTheme.off('updated', followTheme));
    const contents = window.webContents;
    contents.on('will-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isDashboardUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    return {
      contents,
      load: (url) => window.loadURL(url),
      show: () => window.show(),
      focus: () => window.focus(),
      restore: () => window.restore(),
      isMinimized: () => window.isMinimized(),
      isDestroyed: () => window.isDestroyed(),
      send: (event) => {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
      },
      onClosed: (listener) => window.on('closed', listener),
      onceReadyToShow: (listener) => window.once('ready-to-show', listener),
      onLoaded: (listener) => contents.on('did-finish-load', listener),
    };
  };
}

export function trayFactory(
  { Menu, nativeImage, Tray }: Api<'Menu' | 'nativeImage' | 'Tray'>,
  runtime: Runtime,
  iconDir: string,
) {
  return (state: Aggregate): TrayHandle => {
    const image = (of: Aggregate) => nativeImage.createFromPath(join(iconDir, trayIconFile(of, runtime.platform)));
    const tray = new Tray(image(state));
    return {
      setImage: (of) => tray.setImage(image(of)),
      setToolTip: (text) => tray.setToolTip(text),
      setContextMenu: (template) => tray.setContextMenu(Menu.buildFromTemplate(template)),
      onClick: (listener) => tray.on('click', listener),
      destroy: () => tray.destroy(),
    };
  };
}

export function notificationShower({ Notification }: Api<'Notification'>, runtime: Runtime) {
  // Shown notifications are kept until closed: one collected early never reports its click.
  const shown = new Set<ElectronApi.Notification>();
  return (notice: Notice, onClick: () => void) => {
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      ...(runtime.platform === 'darwin' ? { actions: [{ type: 'button' as const, text: notice.action }] } : {}),
    });
    notification.on('click', onClick);
    notification.on('action', onClick);
    notification.on('close', () => shown.delete(notification));
    shown.add(notification);
    notification.show();
  };
}

/** Windows tells windows, not the app, that the session ends; a tray app may have none open, so one stays hidden. */
export function watchSessionEnd(
  { BaseWindow }: Api<'BaseWindow'>,
  onEnd: (event?: { preventDefault(): void }) => void,
): ElectronApi.BaseWindow {
  const watcher = new BaseWindow({ show: false, skipTaskbar: true, width: 1, height: 1, title: 'Lobsterpot' });
  watcher.on('query-session-end', (event) => onEnd(event));
  watcher.on('session-end', () => onEnd());
  return watcher;
}

/** What decides whether another supervisor's hello may be believed: the socket's owner and the data dir's record. */
export async function endpointFacts(dataDir: string, platform: NodeJS.Platform): Promise<EndpointFacts> {
  const recorded = await readSupervisorInfo(dataDir);
  const socketOwner =
    platform === 'win32'
      ? null
      : await lstat(endpointOf(dataDir)).then(
          (s) => s.uid,
          () => null,
        );
  return { platform, uid: process.getuid?.() ?? null, socketOwner, recorded };
}

/** A short command's stdout (D-Bus clients for the tray host check), or null; never a shell, always a deadline. */
export function runCommand(command: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 2000, encoding: 'utf8' }, (error, stdout) => resolve(error ? null : stdout));
  });
}
