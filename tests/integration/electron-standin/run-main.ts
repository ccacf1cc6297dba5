// `node run-main.ts <bundle> <report.json>`: loads the built main bundle under plain Node with `electron` resolved to
// the recording stand-in (standin.ts) — this is NOT Electron, and nothing here pretends a window or a tray appeared.
// The scenario then plays the outside world's part (a navigation, a sender, the Quit click, the OS's shutdown) through
// the handlers the bundle registered, and the report lists every call in order for the test to judge.
import { readFileSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ElectronStandIn, type Call } from './standin.ts';
import { readSurface } from './surface.ts';

const [bundle, reportFile] = process.argv.slice(2) as [string, string];
const packaged = process.env.STANDIN_PACKAGED === '1';
const quitBy = process.env.STANDIN_QUIT_BY === 'shutdown' ? 'shutdown' : 'tray';
const appRoot = join(dirname(bundle), '..', '..');
const manifest = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string };
const surface = readSurface(join(import.meta.dirname, '..', '..', '..', 'node_modules', 'electron', 'electron.d.ts'));
const checks: Record<string, unknown> = {};
const paths = new Map<string, string>();
let ready = false;

const event = (fields: object = {}) => {
  const e = { ...fields, defaultPrevented: false, preventDefault: () => void (e.defaultPrevented = true) };
  return e;
};

function finish(code: number) {
  const replacer = (_: string, value: unknown) =>
    standIn.isStandIn(value) ? `[${standIn.labelOf(value)}]` : typeof value === 'function' ? '[function]' : value;
  const report = { electron: surface.version, calls: standIn.calls, refusals: standIn.refusals, checks, code };
  writeFileSync(reportFile, JSON.stringify(report, replacer, 1));
  process.exit(code);
}

const standIn: ElectronStandIn = new ElectronStandIn(surface, {
  'App.isPackaged': { value: packaged },
  'App.whenReady': () =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        ready = true;
        standIn.emit(app, 'ready', event());
        resolve();
      }),
    ),
  'App.requestSingleInstanceLock': () => true,
  'App.setPath': (_, [name, path]) => void paths.set(name as string, path as string),
  'App.getPath': (_, [name]) => paths.get(name as string) ?? join(appRoot, `.standin-${String(name)}`),
  'App.getVersion': () => manifest.version,
  'App.getAppPath': () => appRoot,
  'App.getLoginItemSettings': () => ({ openAtLogin: false, wasOpenedAtLogin: false, status: 'not-registered' }),
  // Electron's documented order: before-quit (which may be prevented), then will-quit, then the process ends.
  'App.quit': () => {
    const beforeQuit = event();
    standIn.emit(app, 'before-quit', beforeQuit);
    if (!beforeQuit.defaultPrevented) standIn.emit(app, 'will-quit', event());
    if (!beforeQuit.defaultPrevented) finish(0);
  },
  'App.exit': (_, [code]) => finish(typeof code === 'number' ? code : 0),
  // Electron refuses this after ready; so does the stand-in, which is what makes the order checkable.
  'Protocol.registerSchemesAsPrivileged': () => {
    if (ready) throw new Error('protocol.registerSchemesAsPrivileged called after ready');
  },
  'BrowserWindow.isMinimized': () => false,
  'BrowserWindow.isDestroyed': () => false,
  'WebContents.isDestroyed': () => false,
  'NativeTheme.shouldUseDarkColors': { value: false },
  'Notification.isSupported': () => true,
  'Menu.buildFromTemplate': (_, [template]) => {
    const menu = standIn.object('Menu', `Menu(${(template as unknown[]).length} items)`);
    menus.set(menu, template as MenuItem[]);
    return menu;
  },
});
type MenuItem = { label?: string; role?: string; enabled?: boolean; click?: () => void; submenu?: MenuItem[] };
const menus = new Map<object, MenuItem[]>();
const electron = standIn.module('main');
const app = electron.app;
if (packaged) (process as { resourcesPath?: string }).resourcesPath = process.env.STANDIN_RESOURCES;

const KEY = Symbol.for('lobsterpot.electron-standin');
(globalThis as Record<symbol, unknown>)[KEY] = electron;
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === 'electron' ? { url: 'lobsterpot-standin:electron', shortCircuit: true } : next(specifier, context),
  load: (url, context, next) =>
    url === 'lobsterpot-standin:electron'
      ? {
          format: 'module',
          shortCircuit: true,
          source: [
            `const electron = globalThis[Symbol.for('lobsterpot.electron-standin')];`,
            'export default electron;',
            ...Object.keys(electron).map((name) => `export const ${name} = electron.${name};`),
          ].join('\n'),
        }
      : next(url, context),
});

const calls = (path: string | RegExp): Call[] =>
  standIn.calls.filter((call) => (typeof path === 'string' ? call.path === path : path.test(call.path)));

async function until<T>(what: string, probe: () => T | undefined, deadlineMs = 30_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`stand-in scenario: gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function scenario() {
  await until('the window to load its page', () => calls('BrowserWindow#1.loadURL')[0]);
  await until('the tray menu', () => calls('Tray#1.setContextMenu')[0]);
  const window = standIn.instances.get('BrowserWindow#1') as { webContents: object };
  const contents = window.webContents;
  standIn.emit(window, 'ready-to-show');

  const navigations: Record<string, boolean> = {};
  for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://lobsterpot/index.html#logs/alpha']) {
    const navigation = event({ url });
    standIn.emit(contents, 'will-navigate', navigation);
    navigations[url] = navigation.defaultPrevented;
  }
  checks.navigationPrevented = navigations;
  const openHandler = calls('BrowserWindow#1.webContents.setWindowOpenHandler')[0]?.args[0] as (details: {
    url: string;
  }) => unknown;
  checks.windowOpen = ['https://evil.example/', 'http://127.0.0.1:40000/'].map((url) => ({
    url,
    ...(openHandler({ url }) as object),
  }));

  const door = calls('ipcMain.handle').find((call) => call.args[0] === 'lobsterpot:command')?.args[1] as (
    event: unknown,
    command: string,
    args: object,
  ) => Promise<{ ok: boolean; result?: { appLog?: string }; error?: { code: string } }>;
  const other = standIn.object('WebContents', 'another WebContents');
  checks.ipc = {
    otherSender: await door(
      { sender: other, senderFrame: { url: 'app://lobsterpot/index.html' } },
      'state.snapshot',
      {},
    ),
    otherPage: await door({ sender: contents, senderFrame: { url: 'https://evil.example/' } }, 'state.snapshot', {}),
    filePage: await door({ sender: contents, senderFrame: { url: 'file:///x/index.html' } }, 'state.snapshot', {}),
    ownPage: await door(
      { sender: contents, senderFrame: { url: 'app://lobsterpot/index.html' } },
      'state.snapshot',
      {},
    ).then((reply) => ({ ok: reply.ok, appLog: reply.result?.appLog })),
  };
  // A settings write opens the settings store (electron-store), which registers its channel on first use.
  checks.settingsWrite = (
    await door({ sender: contents, senderFrame: { url: 'app://lobsterpot/index.html' } }, 'settings.update', {
      stopGraceMs: 30_000,
    })
  ).ok;
  checks.electronStoreListeners = standIn.listenerCount(electron.ipcMain, 'electron-store-get-data');

  const serve = calls('protocol.handle')[0]?.args[1] as (request: Request) => Promise<Response>;
  const page = await serve(new Request('app://lobsterpot/index.html'));
  checks.protocol = {
    scheme: calls('protocol.handle')[0]?.args[0],
    page: {
      status: page.status,
      csp: page.headers.get('content-security-policy'),
      html: (await page.text()).slice(0, 15),
    },
    outside: (await serve(new Request('app://lobsterpot/%2e%2e%2fmain%2findex.js'))).status,
  };
  const askPermission = calls('session.defaultSession.setPermissionRequestHandler')[0]?.args[0] as (
    ...args: unknown[]
  ) => void;
  const granted: Record<string, unknown> = {};
  for (const [permission, url] of [
    ['clipboard-sanitized-write', 'app://lobsterpot/index.html'],
    ['clipboard-sanitized-write', 'https://evil.example/'],
    ['media', 'app://lobsterpot/index.html'],
  ] as const) {
    askPermission(contents, permission, (answer: boolean) => (granted[`${permission} ${url}`] = answer), {
      requestingUrl: url,
    });
  }
  checks.permissions = granted;

  const trayMenu = menus.get(calls('Tray#1.setContextMenu').at(-1)?.args[0] as object) ?? [];
  checks.trayMenu = trayMenu.map((item) => item.label ?? item.role ?? '—');
  checks.appMenu = (menus.get(calls('Menu.setApplicationMenu')[0]?.args[0] as object) ?? []).map((item) => ({
    label: item.label ?? item.role,
    items: item.submenu?.map((sub) => sub.role ?? sub.label),
  }));
  checks.trayImages = calls('nativeImage.createFromPath').map((call) => call.args[0]);

  if (quitBy === 'tray') trayMenu.find((item) => item.label === 'Quit')?.click?.();
  else standIn.emit(electron.powerMonitor, 'shutdown', event());
  await until('the quit policy to end the process', () => undefined, 60_000);
}

await import(pathToFileURL(bundle).href);
scenario().catch((error: Error) => {
  checks.scenarioError = error.stack ?? error.message;
  finish(1);
});
