import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings as LoginItemRequest } from 'electron';
import { describe, expect, it } from 'vitest';
import { readLinuxAutostart, setLinuxAutostart } from '../platform/node/autostart.ts';
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
    readXdgAutostart: async () => null,
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
    expect(requests).toEqual([
      { openAtLogin: true, path: 'C:\\Lobsterpot\\Lobsterpot.exe', args: ['--autostart'], enabled: true },
    ]);
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

  it('defect 3: refuses an AppImage login entry where AppArmor would abort it at every login, pointing at the deb', async () => {
    const appImage = { env: { APPIMAGE: '/home/u/Apps/Lobsterpot.AppImage' } };
    const blocked = platform({ ...appImage, userNamespacesRestricted: () => true });
    expect(await blocked.service.apply(true)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Install the deb/),
    });
    expect(blocked.xdg).toEqual([]);
    expect(await blocked.service.apply(false)).toEqual({ ok: true });
    const deb = platform({ userNamespacesRestricted: () => true });
    expect(await deb.service.apply(true)).toEqual({ ok: true });
    const elsewhere = platform({ ...appImage, userNamespacesRestricted: () => false });
    expect(await elsewhere.service.apply(true)).toEqual({ ok: true });
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

describe('defect 4: the OS setting wins at start, and only what it still has enabled is rewritten', () => {
  const settings = (overrides: object) => () => ({
    openAtLogin: false,
    wasOpenedAtLogin: false,
    status: 'not-registered' as const,
    ...overrides,
  });

  it('Windows: an entry disabled in Task Manager turns the setting off and is not rewritten', async () => {
    const asked: unknown[] = [];
    const { service, requests } = platform({
      platform: 'win32',
      execPath: 'C:\\Lobsterpot\\Lobsterpot.exe',
      getLoginItemSettings: (options) => {
        asked.push(options);
        return { openAtLogin: true, wasOpenedAtLogin: false, status: 'enabled', executableWillLaunchAtLogin: false };
      },
    });
    expect(await service.reconcile(true)).toEqual({ launchAtLogin: false, outcome: null });
    expect(asked).toEqual([{ path: 'C:\\Lobsterpot\\Lobsterpot.exe', args: ['--autostart'] }]);
    expect(requests).toEqual([]);
    // The setting's change that follows is then nothing to do.
    expect(await service.follow(false)).toBeNull();
    expect(requests).toEqual([]);
  });

  it('Windows: an entry still enabled is rewritten (the executable may have moved), enabled as it was', async () => {
    const { service, requests } = platform({
      platform: 'win32',
      execPath: 'D:\\Apps\\Lobsterpot.exe',
      getLoginItemSettings: settings({ openAtLogin: true, executableWillLaunchAtLogin: true }),
    });
    expect(await service.reconcile(false)).toEqual({ launchAtLogin: true, outcome: { ok: true } });
    expect(requests).toEqual([
      { openAtLogin: true, path: 'D:\\Apps\\Lobsterpot.exe', args: ['--autostart'], enabled: true },
    ]);
  });

  it('Linux: a deleted or desktop-disabled autostart file turns the setting off, and is not written back', async () => {
    for (const found of [null, { enabled: false }]) {
      const { service, xdg } = platform({ readXdgAutostart: async () => found });
      expect(await service.reconcile(true)).toEqual({ launchAtLogin: false, outcome: null });
      expect(await service.follow(false)).toBeNull();
      expect(xdg).toEqual([]);
    }
  });

  it('Linux: an enabled entry is rewritten with the current executable', async () => {
    const { service, xdg } = platform({ readXdgAutostart: async () => ({ enabled: true }) });
    expect(await service.reconcile(true)).toEqual({ launchAtLogin: true, outcome: { ok: true } });
    expect(xdg).toEqual([
      { enabled: true, command: { executable: '/opt/Lobsterpot/lobsterpot', args: ['--autostart'] } },
    ]);
  });

  it('macOS: a login item the person removed stays removed; one awaiting approval is kept and said', async () => {
    const removed = platform({ platform: 'darwin', getLoginItemSettings: settings({}) });
    expect(await removed.service.reconcile(true)).toEqual({ launchAtLogin: false, outcome: null });
    expect(removed.requests).toEqual([]);
    const pending = platform({ platform: 'darwin', getLoginItemSettings: settings({ status: 'requires-approval' }) });
    expect(await pending.service.reconcile(false)).toMatchObject({
      launchAtLogin: true,
      outcome: { ok: false, reason: expect.stringMatching(/Login Items/) },
    });
    expect(pending.requests).toEqual([]);
    const kept = platform({
      platform: 'darwin',
      getLoginItemSettings: settings({ openAtLogin: true, status: 'enabled' }),
    });
    expect(await kept.service.reconcile(true)).toEqual({ launchAtLogin: true, outcome: null });
    expect(kept.requests).toEqual([]);
  });

  it('reads the autostart file as the desktop does (Hidden, X-GNOME-Autostart-enabled)', async () => {
    const config = mkdtempSync(join(tmpdir(), 'lp-login-'));
    const env = { XDG_CONFIG_HOME: config };
    expect(await readLinuxAutostart(env)).toBeNull();
    await setLinuxAutostart(true, { executable: '/opt/Lobsterpot/lobsterpot-app', env });
    expect(await readLinuxAutostart(env)).toEqual({ enabled: true });
    const file = join(config, 'autostart', 'lobsterpot.desktop');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'),
    );
    expect(await readLinuxAutostart(env)).toEqual({ enabled: false });
    writeFileSync(file, '[Desktop Entry]\nExec=x\nHidden=true\n');
    expect(await readLinuxAutostart(env)).toEqual({ enabled: false });
  });
});

describe('what a launch does', () => {
  it('defect 6: starts the flagged profiles on every start; only the window depends on login', () => {
    expect(launchPlan(true, ['lobsterpot', '--autostart'])).toEqual({ startFlagged: true, showWindow: false });
    expect(launchPlan(true, ['lobsterpot', '--autostart', '--show'])).toEqual({ startFlagged: true, showWindow: true });
    expect(launchPlan(false, ['lobsterpot'])).toEqual({ startFlagged: true, showWindow: true });
  });
});
