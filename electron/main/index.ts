// Electron glue only: single-instance lock, tray, window, IPC with sender checks, login item, notifications, quit
// policy. Every decision is made in electron/core or electron/common.
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  Notification,
  nativeImage,
  shell,
  Tray,
  type MenuItemConstructorOptions,
} from 'electron';
import { join } from 'node:path';
import type { CommandReply, GatewayState, LobsterpotEvent } from '../common/contract.ts';
import { aggregateState, gatewayNotification, trayMenu, type TrayAction, type TrayItem } from '../common/tray.ts';
import { setLinuxAutostart } from '../core/autostart.ts';
import { Manager } from '../core/manager.ts';
import { dashboardUrl, isAppUrl, isDashboardUrl, managerWindowOptions } from './window-options.ts';

const COMMAND = 'lobsterpot:command';
const EVENT = 'lobsterpot:event';
const rendererIndex = join(import.meta.dirname, '..', 'renderer', 'index.html');
const appUrl = `file://${rendererIndex}`;
const iconDir = app.isPackaged
  ? join(process.resourcesPath, 'icons')
  : join(import.meta.dirname, '..', '..', 'build', 'icons');

if (!app.requestSingleInstanceLock()) app.quit();
else void main();

async function main() {
  let window: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let quitting = false;
  await app.whenReady();
  if (process.platform === 'darwin') app.dock?.hide();
  const manager = await Manager.open({ watch: true });

  const showWindow = async (profile?: string) => {
    if (!window) {
      window = new BrowserWindow({
        ...managerWindowOptions(join(import.meta.dirname, '..', 'preload', 'index.cjs')),
        icon: join(iconDir, 'app.png'),
      });
      window.webContents.on('will-navigate', (event, url) => {
        if (!isAppUrl(url, appUrl)) event.preventDefault();
      });
      window.webContents.setWindowOpenHandler(({ url }) => {
        if (isDashboardUrl(url)) void shell.openExternal(url);
        return { action: 'deny' };
      });
      window.on('closed', () => (window = null));
      window.once('ready-to-show', () => window?.show());
      await window.loadFile(rendererIndex, profile ? { hash: profile } : {});
    } else {
      window.show();
      window.focus();
    }
  };
  app.on('second-instance', () => void showWindow());

  // IPC: one handler, the sender checked; the Manager parses the arguments with the contract.
  ipcMain.handle(COMMAND, async (event, command: unknown, args: unknown): Promise<CommandReply> => {
    if (!window || event.sender !== window.webContents || !isAppUrl(event.senderFrame?.url ?? '', appUrl)) {
      return { ok: false, error: { code: 'refused', message: 'unknown sender' } };
    }
    const reply = await manager.reply(command, args);
    if (reply.ok && command === 'settings.update') await applyLoginItem(manager.settings.launchAtLogin);
    return reply;
  });

  const applyLoginItem = async (enabled: boolean) => {
    if (process.platform === 'linux')
      await setLinuxAutostart(enabled, { executable: process.execPath, appImage: process.env.APPIMAGE ?? null });
    else app.setLoginItemSettings({ openAtLogin: enabled, args: ['--autostart'] });
  };

  const act = async (action: TrayAction) => {
    const run = (promise: Promise<unknown>) =>
      promise.catch((error: Error) => new Notification({ title: 'Lobsterpot', body: error.message }).show());
    switch (action.type) {
      case 'start':
        return run(manager.execute('gateway.start', { name: action.profile }));
      case 'stop':
        return run(manager.execute('gateway.stop', { name: action.profile }));
      case 'restart':
        return run(manager.execute('gateway.restart', { name: action.profile }));
      case 'open-dashboard': {
        const profile = manager.snapshot().profiles.find((p) => p.name === action.profile);
        if (profile) void shell.openExternal(dashboardUrl(profile.effectivePort));
        return;
      }
      case 'show-logs':
        return showWindow(action.profile);
      case 'start-all':
        return run(manager.execute('gateway.startAll', {}));
      case 'stop-all':
        return run(manager.execute('gateway.stopAll', {}));
      case 'open-window':
        return showWindow();
      case 'toggle-login':
        return run(
          manager
            .execute('settings.update', { launchAtLogin: !manager.settings.launchAtLogin })
            .then(() => applyLoginItem(manager.settings.launchAtLogin)),
        );
      case 'quit':
        return app.quit();
    }
  };

  const toMenu = (items: TrayItem[]): MenuItemConstructorOptions[] =>
    items.map((item) => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'submenu':
          return { label: item.label, submenu: toMenu(item.items) };
        case 'check':
          return { label: item.label, type: 'checkbox', checked: item.checked, click: () => void act(item.action) };
        case 'item':
          return {
            label: item.label,
            enabled: item.enabled,
            ...(item.action ? { click: () => void act(item.action as TrayAction) } : {}),
          };
      }
    });

  // The tray is rebuilt only when its model changes.
  let lastModel = '';
  let lastIcon = '';
  const renderTray = () => {
    const { profiles, gateways, settings } = manager.snapshot();
    const model = trayMenu(profiles, gateways, settings.launchAtLogin);
    const key = JSON.stringify(model);
    (globalThis as { lobsterpotTrayModel?: unknown }).lobsterpotTrayModel = model;
    const icon = aggregateState(gateways);
    if (!tray) tray = new Tray(nativeImage.createFromPath(join(iconDir, `tray-${icon}.png`)));
    if (icon !== lastIcon) {
      tray.setImage(
        nativeImage.createFromPath(
          join(iconDir, process.platform === 'darwin' ? `tray-${icon}Template.png` : `tray-${icon}.png`),
        ),
      );
      tray.setToolTip(`Lobsterpot: ${icon}`);
      lastIcon = icon;
    }
    if (key !== lastModel) {
      tray.setContextMenu(Menu.buildFromTemplate(toMenu(model)));
      lastModel = key;
    }
  };

  const previous = new Map<string, GatewayState>();
  manager.on((event: LobsterpotEvent) => {
    window?.webContents.send(EVENT, event);
    if (event.type === 'gateway-state') {
      const notice = gatewayNotification(previous.get(event.status.profile), event.status);
      previous.set(event.status.profile, event.status.state);
      if (notice) new Notification(notice).show();
    }
    renderTray();
  });
  renderTray();

  if (process.argv.includes('--autostart')) void manager.startFlagged();
  if (!process.argv.includes('--autostart') || process.argv.includes('--show')) void showWindow();

  app.on('window-all-closed', () => {
    // A tray app keeps running without a window.
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void manager.close().finally(() => app.exit(0));
  });
}
