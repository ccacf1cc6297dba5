// The composition root: Electron's objects adapted to the services, the events wired. Nothing is decided here; the
// services beside this file decide, and their tests run under plain Node (the bundle's smoke test runs this file too).
import * as electron from 'electron';
import { app, dialog, ipcMain, Menu, powerMonitor, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import ElectronStore from 'electron-store';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRunningState, type CommandReply, type Snapshot } from '../contract/contract.ts';
import { readLinuxAutostart, setLinuxAutostart } from '../platform/node/autostart.ts';
import { claimSupervisor } from '../supervisor/node/control.ts';
import { installCrashPolicy } from '../platform/node/crash-policy.ts';
import { Manager } from '../supervisor/node/manager.ts';
import type { SettingsBackend, SettingsBackendOptions } from '../settings/node/settings.ts';
import { lobsterpotDataDir } from '../platform/node/paths.ts';
import {
  endpointFacts,
  notificationShower,
  runCommand,
  trayFactory,
  watchSessionEnd,
  windowFactory,
} from './adapters.ts';
import { AppLog, appLogFile } from './app-log.ts';
import { appProtocolHandler } from './app-protocol.ts';
import { COMMAND_CHANNEL, commandHandler } from './ipc.ts';
import { Lifecycle, StartupRefusal, type Running } from './lifecycle.ts';
import { LoginItemService, launchPlan } from './login-item.ts';
import { NotificationService } from './notifications.ts';
import {
  afterWindowClosed,
  APP_USER_MODEL_ID,
  applicationMenu,
  electronUserData,
  KEEPS_RUNNING,
  stealsFocus,
  testHooksEnabled,
  trayClickOpensWindow,
  trayTooltipFor,
  type Runtime,
  type TestHooks,
} from './platform.ts';
import { trustedWindowUrl } from './running-supervisor.ts';
import { hasTrayHost } from './tray-host.ts';
import { TrayService, changesTray, trayActions } from './tray-service.ts';
import { WindowService } from './window-service.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appPageUrl, grantsPermission } from './window-options.ts';

/** electron-store answers this channel to any page that asks (its renderer mode); this app's page never does. */
const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

const runtime: Runtime = { platform: process.platform, isPackaged: app.isPackaged };
const projectRoot = join(import.meta.dirname, '..', '..');
const rendererRoot = join(import.meta.dirname, '..', 'renderer');
const preloadScript = join(import.meta.dirname, '..', 'preload', 'index.cjs');
const iconDir = app.isPackaged ? join(process.resourcesPath, 'icons') : join(projectRoot, 'build', 'icons');
const dataDir = lobsterpotDataDir();
const appLog = new AppLog(appLogFile(dataDir));
const log = (message: string) => {
  console.error(`lobsterpot: ${message}`);
  appLog.write(message);
};
installCrashPolicy('lobsterpot app', log);
log(`starting (${app.getVersion()}, Electron ${process.versions.electron}, ${runtime.platform}, pid ${process.pid})`);

// Before the lock, which lives in userData: one app per data dir, and Chromium's files apart from Lobsterpot's.
app.setPath('userData', electronUserData(dataDir));
if (runtime.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
// Before ready, as Electron requires: the page's own origin, standard and secure (module scripts, fetch).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

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
  void lifecycle.start(startup);
}

async function startup(): Promise<Running> {
  if (runtime.platform === 'darwin') app.dock?.hide();
  const trayHost = await hasTrayHost(runtime.platform, process.env, runCommand);
  if (!trayHost)
    log('no tray host on this desktop (GNOME without the AppIndicator extension): closing the window quits');
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu(runtime, trayHost)));
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(grantsPermission(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) =>
    grantsPermission(permission, origin),
  );
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererRoot));

  // One supervisor per data dir: the app or `lobsterpot serve`, whichever came first; the CLI talks to it.
  let manager: Manager | null = null;
  const claim = await claimSupervisor(dataDir, 'app', (command, args, author) =>
    manager
      ? manager.reply(command, args, author)
      : Promise.resolve<CommandReply>({ ok: false, error: { code: 'failed', message: 'Lobsterpot is starting' } }),
  );
  if ('running' in claim) {
    const { pid, kind } = claim.running;
    const who = `${kind === 'app' ? 'the app' : 'lobsterpot serve'}, pid ${pid}`;
    if (!claim.answers)
      throw new StartupRefusal(
        `Lobsterpot already runs on this host (${who}) but does not answer${claim.state ? `: its process is ${claim.state}` : ''}. Let it go on or end it, then start again.`,
      );
    const url = trustedWindowUrl(claim.running, await endpointFacts(dataDir, runtime.platform));
    if (url) void shell.openExternal(url);
    throw new StartupRefusal(
      `Lobsterpot already runs on this host (${who}) and supervises the gateways.${url ? ` Its window is at ${url}` : ''}`,
    );
  }
  const control = claim.claimed;
  control.watchClaim((holder) => {
    log(
      `lost the claim on ${dataDir} to pid ${holder.pid} (${holder.kind}): quitting, the gateways left running for it`,
    );
    app.exit(1);
  });
  manager = await Manager.open({
    place: { dataDir },
    face: { watch: true, origin: 'app' },
    shell: { settingsStoreFactory: electronStore, trashItem: (path) => shell.trashItem(path), log },
  });

  const windows = new WindowService({
    createWindow: windowFactory(electron, runtime, preloadScript, iconDir),
    pageUrl: appPageUrl,
    log,
    ...(stealsFocus(runtime.platform) ? { activateApp: () => app.focus({ steal: true }) } : {}),
  });
  const notifications = new NotificationService({
    isSupported: () => electron.Notification.isSupported(),
    show: notificationShower(electron, runtime),
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
    getLoginItemSettings: (options) => app.getLoginItemSettings(options),
    readXdgAutostart: () => readLinuxAutostart(),
    userNamespacesRestricted: () => readFlag('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
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
    createTray: trayFactory(electron, runtime, iconDir),
    act: (action) => void act(action),
    fitTooltip: (text) => trayTooltipFor(runtime.platform, text),
    ...(trayClickOpensWindow(runtime.platform) ? { onClick: () => windows.show() } : {}),
  });

  const warnLoginItem = (outcome: { ok: boolean; reason?: string } | null) => {
    if (outcome && !outcome.ok && outcome.reason) {
      log(outcome.reason);
      windows.warn(outcome.reason);
      notifications.warn(outcome.reason);
    }
  };
  const followLoginItem = async (launchAtLogin: boolean) => warnLoginItem(await loginItem.follow(launchAtLogin));

  const handleCommand = commandHandler({
    windowContents: () => windows.current?.contents ?? null,
    reply: async (command, args) => {
      const reply = await manager.reply(command, args, { by: 'window', from: null });
      // The app's own log is the shell's to name (serve logs to its terminal).
      if (command === 'state.snapshot' && reply.ok)
        return { ...reply, result: { ...(reply.result as Snapshot), appLog: appLog.file } };
      return reply;
    },
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
  // The OS's own switch decides at start (the person may have turned it off there); only what it keeps is rewritten.
  const login = await loginItem.reconcile(manager.settings.launchAtLogin);
  warnLoginItem(login.outcome);
  if (login.launchAtLogin !== manager.settings.launchAtLogin) {
    log(`launch at login is ${login.launchAtLogin ? 'on' : 'off'} in the OS: the setting follows`);
    await manager.execute('settings.update', { launchAtLogin: login.launchAtLogin });
  }

  let told = false;
  app.on('window-all-closed', () => {
    const next = afterWindowClosed(trayHost, told);
    if (next === 'quit') app.quit();
    else if (next === 'tell') {
      told = true;
      notifications.warn(KEEPS_RUNNING);
    }
  });
  if (runtime.platform !== 'win32') powerMonitor.on('shutdown', endOfSession);
  const sessionWatcher = runtime.platform === 'win32' ? watchSessionEnd(electron, endOfSession) : null;

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
  log(`started (data dir ${dataDir})`);

  return {
    showWindow: () => windows.show(),
    close: async () => {
      const stopping =
        manager.settings.quitPolicy === 'stop-started'
          ? manager.snapshot().gateways.filter((g) => isRunningState(g.state) && g.owner === 'lobsterpot').length
          : 0;
      log(`quitting (${manager.settings.quitPolicy}: ${stopping} to stop)`);
      tray.quitting(stopping);
      unsubscribe();
      await manager.close();
      await control.close();
      tray.destroy();
      sessionWatcher?.destroy();
      log('quit');
    },
  };
}

/** A kernel switch read as a flag; absent (another kernel, no AppArmor) is off. */
function readFlag(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').trim() === '1';
  } catch {
    return false;
  }
}

/** The OS's end of the session reaches the quit policy, holding the end where the OS lets an event do that. */
const endOfSession = (event?: { preventDefault(): void }) => lifecycle.endOfSession(event);

/**
 * electron-store is Conf with Electron's defaults; it names its file `name`, which the options carry. Its first
 * construction opens an IPC channel for any page (its renderer mode), which this app closes at once.
 */
function electronStore(options: SettingsBackendOptions): SettingsBackend {
  const store = new ElectronStore<Record<string, unknown>>(options);
  ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
  return store;
}
