// The desktop app without Electron's binary, named for what it is: the packaging layout electron-builder makes (its
// binary a placeholder), and the built main bundle run under Node against a recording stand-in of Electron's API —
// generated from electron.d.ts, refusing any member Electron does not declare — in the dev layout and from app.asar.
// Neither is Electron running; the Electron e2e (e2e/electron.spec.ts) and the release workflow run the real thing.
import { extractAll, listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuseDifferences } from '../../build/verify-package.ts';
import { buildMain, mkdtempSync, packLinuxDir, removeTempFolders, root, run } from './desktop-build.ts';
import { ElectronStandIn, type Call } from './electron-standin/standin.ts';
import { readSurface } from './electron-standin/surface.ts';

/** What Electron's docs (Process Sandboxing) list for a sandboxed preload's `require('electron')`. */
const SANDBOX_ELECTRON_MODULES = [
  'contextBridge',
  'crashReporter',
  'ipcRenderer',
  'nativeImage',
  'webFrame',
  'webUtils',
];
const nodeModule = createRequire(import.meta.url);

let unpacked: string;
beforeAll(async () => {
  await buildMain();
  unpacked = await packLinuxDir();
}, 400_000);
afterAll(removeTempFolders);

interface Report {
  electron: string;
  calls: Call[];
  refusals: string[];
  checks: Record<string, unknown>;
  code: number;
}

async function runBundle(bundle: string, env: Record<string, string>): Promise<Report & { output: string }> {
  const world = mkdtempSync(join(tmpdir(), 'lp-standin-'));
  const report = join(world, 'report.json');
  const { DISPLAY: _display, XDG_CURRENT_DESKTOP: _desktop, LOBSTERPOT_HOME: _home, ...rest } = process.env;
  const ran = await run(
    process.execPath,
    [join(root, 'tests', 'integration', 'electron-standin', 'run-main.ts'), bundle, report],
    {
      cwd: world,
      env: {
        ...rest,
        HOME: world,
        XDG_CONFIG_HOME: join(world, '.config'),
        LOBSTERPOT_HOME: join(world, 'data'),
        ...env,
      },
      timeoutMs: 120_000,
    },
  );
  if (!existsSync(report)) throw new Error(`the stand-in run left no report (exit ${ran.code}):\n${ran.output}`);
  return { ...(JSON.parse(readFileSync(report, 'utf8')) as Report), output: ran.output };
}

const at = (report: Report, path: string) => {
  const index = report.calls.findIndex((call) => call.path === path);
  expect(index, `${path} was called`).toBeGreaterThanOrEqual(0);
  return index;
};

/** What both layouts must show: the startup order, the window's security, the door's sender check, the quit policy. */
function expectSafeStartupAndQuit(report: Report & { output: string }) {
  console.log(
    `Electron stand-in (not Electron, its API from Electron ${report.electron}'s electron.d.ts): ${report.calls.length} calls`,
  );
  expect(report.checks.scenarioError).toBeUndefined();
  expect(report.refusals).toEqual([]);
  expect(report.code).toBe(0);
  // Startup order: userData before the lock; the scheme before ready; listeners before any await; guards before the page.
  expect(at(report, 'app.setPath')).toBeLessThan(at(report, 'app.requestSingleInstanceLock'));
  expect(at(report, 'protocol.registerSchemesAsPrivileged')).toBeLessThan(at(report, 'app ⇐ ready'));
  expect(
    report.calls.filter((c) => c.path === 'app.on' && at(report, 'app ⇐ ready') > c.seq).map((c) => c.args[0]),
  ).toEqual(['second-instance', 'activate', 'before-quit']);
  const load = at(report, 'BrowserWindow#1.loadURL');
  for (const before of [
    'session.defaultSession.setPermissionRequestHandler',
    'session.defaultSession.setPermissionCheckHandler',
    'protocol.handle',
    'ipcMain.handle',
    'BrowserWindow#1.webContents.setWindowOpenHandler',
    'new Tray',
  ]) {
    expect(at(report, before), before).toBeLessThan(load);
  }
  expect(report.calls[load]?.args[0]).toBe('app://lobsterpot/index.html');
  const options = report.calls[at(report, 'new BrowserWindow')]?.args[0] as { webPreferences: object; show: boolean };
  expect(options.show).toBe(false);
  expect(options.webPreferences).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
  });
  // Navigation and window.open denied; a dashboard goes to the system browser, and nothing else does.
  expect(report.checks.navigationPrevented).toEqual({
    'https://evil.example/': true,
    'file:///etc/passwd': true,
    'app://lobsterpot/index.html#logs/alpha': false,
  });
  expect(report.checks.windowOpen).toEqual([
    { url: 'https://evil.example/', action: 'deny' },
    { url: 'http://127.0.0.1:40000/', action: 'deny' },
  ]);
  expect(report.calls.filter((c) => c.path === 'shell.openExternal').map((c) => c.args[0])).toEqual([
    'http://127.0.0.1:40000/',
  ]);
  // The IPC door: the window's own page only; electron-store's channel closed once the store opened.
  const refused = { ok: false, error: { code: 'refused', message: 'unknown sender' } };
  expect(report.checks.ipc).toMatchObject({
    otherSender: refused,
    otherPage: refused,
    filePage: refused,
    ownPage: { ok: true },
  });
  expect(report.checks.settingsWrite).toBe(true);
  expect(report.calls.some((c) => c.path === 'ipcMain.on' && c.args[0] === 'electron-store-get-data')).toBe(true);
  expect(report.checks.electronStoreListeners).toBe(0);
  expect(report.checks.protocol).toMatchObject({
    scheme: 'app',
    page: { status: 200, html: '<!doctype html>' },
    outside: 404,
  });
  expect((report.checks.protocol as { page: { csp: string } }).page.csp).not.toMatch(/ws:/);
  expect(report.checks.permissions).toEqual({
    'clipboard-sanitized-write app://lobsterpot/index.html': true,
    'clipboard-sanitized-write https://evil.example/': false,
    'media app://lobsterpot/index.html': false,
  });
  // The tray and its menu; the window's own Quit (Linux shows no tray without the AppIndicator extension).
  expect(report.checks.trayMenu).toEqual(expect.arrayContaining(['Open Lobsterpot', 'Launch at login', 'Quit']));
  for (const image of report.checks.trayImages as string[]) expect(existsSync(image), image).toBe(true);
  const appMenu = report.checks.appMenu as { label: string; items?: string[] }[];
  expect(appMenu[0]).toEqual({ label: '&Lobsterpot', items: ['close', null, 'quit'] });
  // Quit policy: the tray says so while it runs, then the process exits 0 through app.exit.
  const quitting = report.calls.findIndex(
    (c) => c.path === 'Tray#1.setToolTip' && String(c.args[0]).includes('Quitting'),
  );
  expect(quitting).toBeGreaterThan(load);
  expect(at(report, 'Tray#1.destroy')).toBeGreaterThan(quitting);
  expect(report.calls.at(-1)?.path).toBe('app.exit');
  expect(report.output).toMatch(/lobsterpot: quit\n/);
}

describe('desktop packaging layout (electron-builder --dir, the Electron binary a placeholder)', () => {
  it('packs the built app and package.json only: no node_modules, nothing serve-only', () => {
    const entries = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false });
    expect(entries).toEqual(
      expect.arrayContaining([
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
        '/package.json',
      ]),
    );
    for (const entry of entries)
      expect(entry, entry).toMatch(/^\/(out|out\/(main|preload|renderer)(\/.*)?|package\.json)$/);
    expect(entries.some((entry) => /node_modules|fastify|[/]trash/.test(entry))).toBe(false);
    const bundle = readFileSync(join(root, 'out', 'main', 'index.js'), 'utf8');
    expect(bundle).not.toMatch(/from "fastify"|require\("fastify"\)|@fastify\//);
    expect(bundle).toMatch(/import\("trash"\)/); // external, and never reached: the app passes shell.trashItem
    expect(existsSync(join(unpacked, 'resources', 'app.asar.unpacked'))).toBe(false);
  });

  it('names the Linux binary lobsterpot-app and gives the packed manifest its desktopName', () => {
    expect(existsSync(join(unpacked, 'lobsterpot-app'))).toBe(true);
    expect(existsSync(join(unpacked, 'lobsterpot'))).toBe(false);
    const extracted = mkdtempSync(join(tmpdir(), 'lp-asar-'));
    extractAll(join(unpacked, 'resources', 'app.asar'), extracted);
    expect(JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8'))).toMatchObject({
      desktopName: 'lobsterpot-app.desktop',
    });
  });

  it('puts the icons where main looks for them (resources/icons)', () => {
    const icons = readdirSync(join(unpacked, 'resources', 'icons'));
    for (const state of ['idle', 'ready', 'busy', 'failing']) {
      expect(icons).toEqual(
        expect.arrayContaining([
          `tray-${state}.png`,
          `tray-${state}@2x.png`,
          `tray-${state}Template.png`,
          `tray-${state}.ico`,
        ]),
      );
    }
    expect(icons).toContain('app.png');
  });

  it('flips the fuses, read back with @electron/fuses', async () => {
    const wire = await getCurrentFuseWire(join(unpacked, 'lobsterpot-app'));
    const on = (fuse: number) => String.fromCharCode((wire as unknown as Record<number, number>)[fuse] as number);
    // RunAsNode, CookieEncryption, NODE_OPTIONS, --inspect, asar integrity, only asar, V8 snapshot, file:// privileges
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(on).join('')).toBe('01001100');
    // The release workflow's check of each installer's app, here on the placeholder's wire.
    expect(await fuseDifferences(join(unpacked, 'lobsterpot-app'), join(root, 'electron-builder.yml'))).toEqual([]);
  });
});

describe('desktop bundle smoke test (a recording stand-in of Electron’s API, not Electron)', () => {
  it('dev layout (out/main): starts in order, guards the window and its door, quits by the tray’s Quit', async () => {
    expectSafeStartupAndQuit(await runBundle(join(root, 'out', 'main', 'index.js'), {}));
  });

  it('from the extracted app.asar, packaged: icons from resources/, quits on the OS’s shutdown', async () => {
    const extracted = mkdtempSync(join(tmpdir(), 'lp-asar-'));
    extractAll(join(unpacked, 'resources', 'app.asar'), extracted);
    const report = await runBundle(join(extracted, 'out', 'main', 'index.js'), {
      STANDIN_PACKAGED: '1',
      STANDIN_RESOURCES: join(unpacked, 'resources'),
      STANDIN_QUIT_BY: 'shutdown',
    });
    expectSafeStartupAndQuit(report);
    expect(report.calls.some((c) => c.path === 'powerMonitor ⇐ shutdown')).toBe(true);
    expect(report.checks.trayImages).toEqual(
      expect.arrayContaining([join(unpacked, 'resources', 'icons', 'tray-idle.png')]),
    );
    // No DevTools and no View menu once packaged.
    expect(report.calls.find((c) => c.path === 'new BrowserWindow')?.args[0]).toMatchObject({
      webPreferences: { devTools: false },
    });
    expect((report.checks.appMenu as { label: string }[]).map((m) => m.label)).toEqual(['&Lobsterpot', 'editMenu']);
  });
});

describe('the sandboxed preload, loaded with only what a sandbox gives it (a stand-in of the renderer API)', () => {
  it('exposes the typed bridge and nothing of Electron to the page', async () => {
    const surface = readSurface(join(root, 'node_modules', 'electron', 'electron.d.ts'));
    const renderer = new ElectronStandIn(surface, {
      'IpcRenderer.invoke': (_, [, command]) =>
        Promise.resolve(
          command === 'gateway.start'
            ? { ok: false, error: { code: 'refused', message: 'no' } }
            : { ok: true, result: { command } },
        ),
    });
    // Electron's sandbox: these renderer modules, events/timers/url, and Buffer, process, setImmediate as globals.
    const electron = renderer.module('renderer', SANDBOX_ELECTRON_MODULES);
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      if (name === 'events' || name === 'timers' || name === 'url') return nodeModule(name);
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const code = readFileSync(join(root, 'out', 'preload', 'index.cjs'), 'utf8');
    const context = createContext({
      Buffer,
      process: { platform: process.platform, type: 'renderer' },
      setImmediate,
      clearImmediate,
    });
    const wrapped = runInContext(`(function (exports, require, module) {${code}\n})`, context) as (
      ...args: unknown[]
    ) => void;
    const module = { exports: {} };
    wrapped(module.exports, sandboxRequire, module);
    expect(required).toEqual(['electron']);

    const exposed = renderer.calls.filter((call) => call.path === 'contextBridge.exposeInMainWorld');
    expect(exposed.map((call) => call.args[0])).toEqual(['lobsterpot']);
    const api = exposed[0]?.args[1] as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'onConnection']);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(renderer.isStandIn(value)).toBe(false);
    }
    await expect(api.invoke?.('state.snapshot', {})).resolves.toEqual({ command: 'state.snapshot' });
    await expect(api.invoke?.('gateway.start', { name: 'a' })).rejects.toMatchObject({
      message: 'no',
      code: 'refused',
    });
    expect(renderer.calls.filter((c) => c.path === 'ipcRenderer.invoke').map((c) => c.args[0])).toEqual([
      'lobsterpot:command',
      'lobsterpot:command',
    ]);
    const seen: unknown[] = [];
    const unsubscribe = api.on?.((event: unknown) => seen.push(event)) as () => void;
    renderer.emit(
      electron.ipcRenderer,
      'lobsterpot:event',
      { sender: 'an IpcRendererEvent' },
      { type: 'warning', message: 'm' },
    );
    expect(seen).toEqual([{ type: 'warning', message: 'm' }]);
    unsubscribe();
    expect(renderer.listenerCount(electron.ipcRenderer, 'lobsterpot:event')).toBe(0);
    expect(renderer.refusals).toEqual([]);
  });
});
