import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings as LoginItemRequest } from 'electron';
import { describe, expect, it } from 'vitest';
import { setLinuxAutostart } from '../platform/node/autostart.ts';
import { LoginItemService, launchPlan, type LoginItemPlatform } from './login-item.ts';

function platform(overrides: Partial<LoginItemPlatform> = {}) {
  const requests: LoginItemRequest[] = [];
  const xdg: { enabled: boolean; command: { executable: string; args: string[] } }[] = [];
  const service = new LoginItemService({
    platform: 'linux',
    isPackaged: true,
    execPath: '/opt/Lobsterpot/lobsterpot',
    appPath: '/opt/Lobsterpot/resources/app.asar',
    env: {},
    argv: ['/opt/Lobsterpot/lobsterpot'],
    setLoginItemSettings: (request) => void requests.push(request),
    getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false, status: 'enabled' }),
    writeXdgAutostart: async (enabled, command) => {
      xdg.push({ enabled, command });
      return '/home/u/.config/autostart/lobsterpot.desktop';
    },
    ...overrides,
  });
  return { service, requests, xdg };
}

describe('launch at login on macOS', () => {
  it('registers the app itself, without arguments macOS would ignore', async () => {
    const { service, requests } = platform({ platform: 'darwin' });
    expect(await service.apply(true)).toEqual({ ok: true });
    expect(await service.apply(false)).toEqual({ ok: true });
    expect(requests).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
  });

  it('says when macOS wants the person to approve the login item', async () => {
    const { service } = platform({
      platform: 'darwin',
      getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false, status: 'requires-approval' }),
    });
    expect(await service.apply(true)).toMatchObject({ ok: false, reason: expect.stringMatching(/Login Items/) });
  });

  it('knows it was opened at login from wasOpenedAtLogin', () => {
    const opened = platform({
      platform: 'darwin',
      getLoginItemSettings: () => ({ openAtLogin: true, wasOpenedAtLogin: true, status: 'enabled' }),
    });
    expect(opened.service.openedAtLogin()).toBe(true);
    expect(platform({ platform: 'darwin' }).service.openedAtLogin()).toBe(false);
  });
});

describe('launch at login on Windows', () => {
  it('runs the packaged executable with --autostart', async () => {
    const { service, requests } = platform({ platform: 'win32', execPath: 'C:\\Lobsterpot\\Lobsterpot.exe' });
    await service.apply(true);
    expect(requests).toEqual([{ openAtLogin: true, path: 'C:\\Lobsterpot\\Lobsterpot.exe', args: ['--autostart'] }]);
  });

  it('runs Electron with the app path in development', async () => {
    const { service, requests } = platform({
      platform: 'win32',
      isPackaged: false,
      execPath: 'C:\\w\\node_modules\\electron\\dist\\electron.exe',
      appPath: 'C:\\w',
    });
    await service.apply(true);
    expect(requests[0]).toMatchObject({ args: ['C:\\w', '--autostart'] });
  });

  it('knows it was opened at login from its argument', () => {
    expect(platform({ platform: 'win32', argv: ['x.exe', '--autostart'] }).service.openedAtLogin()).toBe(true);
    expect(platform({ platform: 'win32' }).service.openedAtLogin()).toBe(false);
  });
});

describe('launch at login on Linux', () => {
  it('runs $APPIMAGE, whose mount point changes every run', async () => {
    const { service, xdg } = platform({ env: { APPIMAGE: '/home/u/Apps/Lobsterpot.AppImage' } });
    await service.apply(true);
    expect(xdg).toEqual([
      { enabled: true, command: { executable: '/home/u/Apps/Lobsterpot.AppImage', args: ['--autostart'] } },
    ]);
  });

  it('runs the packaged executable (deb)', async () => {
    const { service, xdg } = platform();
    await service.apply(false);
    expect(xdg).toEqual([
      { enabled: false, command: { executable: '/opt/Lobsterpot/lobsterpot', args: ['--autostart'] } },
    ]);
  });

  it('runs `electron <app path>` in development, not the bare Electron binary', async () => {
    const config = mkdtempSync(join(tmpdir(), 'lp-login-'));
    const { service } = platform({
      isPackaged: false,
      execPath: '/w/node_modules/electron/dist/electron',
      appPath: '/w',
      writeXdgAutostart: (enabled, command) =>
        setLinuxAutostart(enabled, { ...command, env: { XDG_CONFIG_HOME: config } }),
    });
    expect(await service.apply(true)).toEqual({ ok: true });
    const entry = readFileSync(join(config, 'autostart', 'lobsterpot.desktop'), 'utf8');
    expect(entry).toContain('Exec=/w/node_modules/electron/dist/electron /w --autostart');
    await service.apply(false);
    expect(existsSync(join(config, 'autostart', 'lobsterpot.desktop'))).toBe(false);
  });

  it('reports a failure to write the entry instead of throwing', async () => {
    const { service } = platform({
      writeXdgAutostart: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    expect(await service.apply(true)).toEqual({
      ok: false,
      reason: 'Launch at login could not be set: EACCES: permission denied',
    });
  });
});

describe('following the setting', () => {
  it('applies it at startup when on, then on each change only', async () => {
    const { service, xdg } = platform();
    expect(await service.follow(true)).toEqual({ ok: true });
    expect(await service.follow(true)).toBeNull();
    expect(await service.follow(false)).toEqual({ ok: true });
    expect(await service.follow(false)).toBeNull();
    expect(xdg.map((call) => call.enabled)).toEqual([true, false]);
  });

  it('leaves the system alone at startup when off', async () => {
    const { service, xdg } = platform();
    expect(await service.follow(false)).toBeNull();
    expect(xdg).toEqual([]);
  });
});

describe('what a launch does', () => {
  it('starts the flagged profiles without a window at login, and opens the window otherwise', () => {
    expect(launchPlan(true, ['lobsterpot', '--autostart'])).toEqual({ startFlagged: true, showWindow: false });
    expect(launchPlan(true, ['lobsterpot', '--autostart', '--show'])).toEqual({ startFlagged: true, showWindow: true });
    expect(launchPlan(false, ['lobsterpot'])).toEqual({ startFlagged: false, showWindow: true });
  });
});
