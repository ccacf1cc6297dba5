// The composition root: Electron's objects adapted to the services, the events wired. Nothing is decided here; the
// services beside this file decide, and their tests run under plain Node.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  session,
  shell,
  Tray,
  type IpcMainInvokeEvent,
} from 'electron';
import ElectronStore from 'electron-store';
import { join } from 'node:path';
import type { CommandReply } from '../contract/contract.ts';
import type { Aggregate } from '../tray/common/tray.ts';
import { setLinuxAutostart } from '../platform/node/autostart.ts';
import { claimSupervisor } from '../supervisor/node/control.ts';
import { installCrashPolicy } from '../platform/node/crash-policy.ts';
import { Manager } from '../supervisor/node/manager.ts';
import type { SettingsBackend, SettingsBackendOptions } from '../settings/node/settings.ts';
import { lobsterpotDataDir } from '../platform/node/paths.ts';
import { COMMAND_CHANNEL, EVENT_CHANNEL, commandHandler } from './ipc.ts';
import { Lifecycle, StartupRefusal, type Running } from './lifecycle.ts';
import { LoginItemService, launchPlan } from './login-item.ts';
import { NotificationService } from './notifications.ts';
import {
  APP_USER_MODEL_ID,
  applicationMenu,
  electronUserData,
  testHooksEnabled,
  trayClickOpensWindow,
  trayIconFile,
  type Runtime,
  type TestHooks,
} from './platform.ts';
import { TrayService, changesTray, trayActions, type TrayHandle } from './tray-service.ts';
import { WindowService, type WindowHandle } from './window-service.ts';
import {
  grantsPermission,
  isAppUrl,
  isDashboardUrl,
  managerWindowOptions,
  rendererUrl,
  windowBackground,
} from './window-options.ts';

const runtime: Runtime = { platform: process.platform, isPackaged: app.isPackaged };
const projectRoot = join(import.meta.dirname, '..', '..');
const rendererIndex = join(import.meta.dirname, '..', 'renderer', 'index.html');
const preloadScript = join(import.meta.dirname, '..', 'preload', 'index.cjs');
const appUrl = rendererUrl(rendererIndex);
const iconDir = app.isPackaged ? join(process.resourcesPath, 'icons') : join(projectRoot, 'build', 'icons');
const dataDir = lobsterpotDataDir();
const log = (message: string) => console.error(`lobsterpot: ${message}`);
installCrashPolicy('lobsterpot app', log);

// Before the lock, which lives in userData: one app per data dir, and Chromium's files apart from Lobsterpot's.
app.setPath('userData', electronUserData(dataDir));
if (runtime.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

const lifecycle = new Lifecycle({
  whenReady: () => app.whenReady(),
  exit: (code) => app.exit(code),
  showError: (title, message) => dialog.showErrorBox(title, message),
  log,
});

if (!app.requestSingleInstanceLock()) {
  // The running instance gets `second-instance` and shows its window.
  app.exit(0);
} else {
  // Registered before any await, so a second launch or a Dock click during startup is not lost.
  app.on('second-instance', () => lifecycle.secondInstance());
  app.on('activate', () => lifecycle.activate());
  app.on('before-quit', (event) => lifecycle.beforeQuit(event));
  app.on('window-all-closed', () => {
    // A tray app keeps running without a window (no handler would quit).
  });
  void lifecycle.start(startup);
}

async function startup(): Promise<Running> {
  if (runtime.platform === 'darwin') app.dock?.hide();
  const menu = applicationMenu(runtime);
  Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(grantsPermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => grantsPermission(permission));

  // One supervisor per data dir: the app or `lobsterpot serve`, whichever came first; the CLI talks to it.
  let manager: Manager | null = null;
  const claim = await claimSupervisor(dataDir, 'app', (command, args, author) =>
    manager
      ? manager.reply(command, args, author)
      : Promise.resolve<CommandReply>({ ok: false, error: { code: 'failed', message: 'Lobsterpot is starting' } }),
  );
  if ('running' in claim) {
    const { pid, kind, url } = claim.running;
    if (url) void shell.openExternal(url);
    throw new StartupRefusal(
      `Lobsterpot already runs on this host (${kind === 'app' ? 'the app' : 'lobsterpot serve'}, pid ${pid}) and supervises the gateways.${url ? ` Its window is at ${url}` : ''}`,
    );
  }
  const control = claim.claimed;
  manager = await Manager.open({
    watch: true,
    dataDir,
    origin: 'app',
    settingsStoreFactory: electronStore,
    trashItem: (path) => shell.trashItem(path),
    log,
  });

  const windows = new WindowService({ createWindow, pageUrl: (hash) => rendererUrl(rendererIndex, hash), log });
  const notifications = new NotificationService({
    isSupported: () => Notification.isSupported(),
    show: showNotification,
    showLogs: (profile) => windows.show(profile),
    showWindow: () => windows.show(),
  });
  const loginItem = new LoginItemService({
    platform: runtime.platform,
    isPackaged: runtime.isPackaged,
    execPath: process.execPath,
    appPath: app.isPackaged ? app.getAppPath() : projectRoot,
    env: process.env,
    argv: process.argv,
    setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
    getLoginItemSettings: () => app.getLoginItemSettings(),
    writeXdgAutostart: (enabled, command) => setLinuxAutostart(enabled, command),
  });
  const act = trayActions({
    execute: (command, args) => manager.execute(command, args),
    profiles: () => manager.snapshot().profiles,
    launchAtLogin: () => manager.settings.launchAtLogin,
    showWindow: () => windows.show(),
    showLogs: (profile) => windows.show(profile),
    showHostLogs: (host, profile) => windows.show(profile, host),
    openExternal: (url) => void shell.openExternal(url),
    quit: () => app.quit(),
    report: (message) => notifications.warn(message),
  });
  const tray = new TrayService({
    createTray,
    act: (action) => void act(action),
    ...(trayClickOpensWindow(runtime.platform) ? { onClick: () => windows.show() } : {}),
  });

  const followLoginItem = async (launchAtLogin: boolean) => {
    const outcome = await loginItem.follow(launchAtLogin);
    if (outcome && !outcome.ok) {
      windows.warn(outcome.reason);
      notifications.warn(outcome.reason);
    }
  };

  const handleCommand = commandHandler({
    windowContents: () => windows.current?.contents ?? null,
    appUrl,
    reply: (command, args) => manager.reply(command, args),
  });
  ipcMain.handle(COMMAND_CHANNEL, (event: IpcMainInvokeEvent, command: unknown, args: unknown) =>
    handleCommand(event, command, args),
  );

  windows.remember(manager.warnings);
  for (const warning of manager.warnings) log(`warning: ${warning}`);
  notifications.seed(manager.snapshot().gateways);
  const unsubscribe = manager.on((event) => {
    windows.send(event);
    notifications.handle(event);
    if (event.type === 'settings-changed') void followLoginItem(event.settings.launchAtLogin);
    if (changesTray(event)) tray.render(manager.snapshot());
  });
  tray.render(manager.snapshot());
  await followLoginItem(manager.settings.launchAtLogin);

  if (testHooksEnabled(runtime, process.env)) {
    const hooks: TestHooks = {
      trayModel: () => tray.model,
      trayState: () => tray.state,
      clickTray: (path) => tray.click(path),
      gateways: () => manager.snapshot().gateways.map(({ profile, state, pid }) => ({ profile, state, pid })),
    };
    (globalThis as { lobsterpotTest?: TestHooks }).lobsterpotTest = hooks;
  }

  const plan = launchPlan(loginItem.openedAtLogin(), process.argv);
  if (plan.startFlagged) void manager.startFlagged().catch((error: Error) => notifications.warn(error.message));
  if (plan.showWindow) windows.show();
  // Without a window (at login) the opening warnings would go unseen: they become notifications.
  else for (const warning of manager.warnings) notifications.warn(warning);

  return {
    showWindow: () => windows.show(),
    close: async () => {
      unsubscribe();
      await manager.close();
      await control.close();
      tray.destroy();
    },
  };
}

/** electron-store is Conf with Electron's defaults; it names its file `name`, which the options carry. */
function electronStore(options: SettingsBackendOptions): SettingsBackend {
  return new ElectronStore<Record<string, unknown>>(options);
}

function createWindow(): WindowHandle & { contents: Electron.WebContents } {
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
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
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
}

function createTray(state: Aggregate): TrayHandle {
  const image = (of: Aggregate) => nativeImage.createFromPath(join(iconDir, trayIconFile(of, runtime.platform)));
  const tray = new Tray(image(state));
  return {
    setImage: (of) => tray.setImage(image(of)),
    setToolTip: (text) => tray.setToolTip(text),
    setContextMenu: (template) => tray.setContextMenu(Menu.buildFromTemplate(template)),
    onClick: (listener) => tray.on('click', listener),
    destroy: () => tray.destroy(),
  };
}

// Shown notifications are kept until closed: one collected early never reports its click.
const shown = new Set<Notification>();
function showNotification(notice: { title: string; body: string; action: string }, onClick: () => void) {
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
}
