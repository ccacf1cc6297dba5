// The app through Playwright's Electron support, against real gateways. It asks the electron package for its binary
// first (Electron 42 and later download it on first use) and skips, saying why, only when that fails.
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from '../build/electron-binary.ts';
import type { TestHooks as Hooks } from '../electron/main/platform.ts';

const root = join(import.meta.dirname, '..');
const openclaw = join(root, '.cache', 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs');
const binary = electronBinary(root);
const skipped =
  'why' in binary
    ? binary.why
    : !existsSync(join(root, 'out', 'main', 'index.js'))
      ? 'run `npm run build` first (out/main is missing)'
      : !existsSync(openclaw)
        ? 'run `npm run setup:openclaw` first (the real OpenClaw is missing)'
        : null;
// The release workflow's runners have Electron: there a missing binary is a failure, not a skip.
const required = process.env.LOBSTERPOT_REQUIRE_ELECTRON === '1';
if (skipped) console.log(`Electron end-to-end ${required ? 'failed' : 'skipped'}: ${skipped}`);

const hooks = (app: ElectronApplication) => ({
  model: () => app.evaluate(() => (globalThis as unknown as { lobsterpotTest: Hooks }).lobsterpotTest.trayModel()),
  state: () => app.evaluate(() => (globalThis as unknown as { lobsterpotTest: Hooks }).lobsterpotTest.trayState()),
  gateways: () => app.evaluate(() => (globalThis as unknown as { lobsterpotTest: Hooks }).lobsterpotTest.gateways()),
  click: (path: string[]) =>
    app.evaluate(
      (_, items) => (globalThis as unknown as { lobsterpotTest: Hooks }).lobsterpotTest.clickTray(items),
      path,
    ),
});

/** A display of its own on a Linux host without one: Xvfb says on stdout which display once it accepts clients. */
async function virtualDisplay(): Promise<{ display: string | undefined; stop: () => void }> {
  if (process.platform !== 'linux' || process.env.DISPLAY)
    return { display: process.env.DISPLAY, stop: () => undefined };
  const xvfb: ChildProcess = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const number = await new Promise<string>((resolve, reject) => {
    xvfb.stdout?.once('data', (data: Buffer) => resolve(data.toString().trim()));
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display: `:${number}`, stop: () => xvfb.kill() };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('the tray app: window, tray start, tray state, "Show logs", quit policy', async () => {
  if (required && skipped) throw new Error(`Electron end-to-end cannot run: ${skipped}`);
  test.skip(skipped !== null, `Electron end-to-end skipped: ${skipped}`);
  const world = mkdtempSync(join(tmpdir(), 'lp-electron-'));
  mkdirSync(join(world, 'home'));
  mkdirSync(join(world, 'data'));
  writeFileSync(
    join(world, 'data', 'settings.json'),
    JSON.stringify({ openclawPath: openclaw, basePortStart: 36000, quitPolicy: 'stop-started' }),
  );
  const screen = await virtualDisplay();
  const runAsRoot = process.getuid?.() === 0;
  const app = await electron.launch({
    // The project folder: Electron runs package.json's main, as `npm run app` does.
    args: [root, ...(runAsRoot ? ['--no-sandbox'] : [])],
    env: {
      ...process.env,
      ...(screen.display ? { DISPLAY: screen.display } : {}),
      HOME: join(world, 'home'),
      LOBSTERPOT_HOME: join(world, 'data'),
      LOBSTERPOT_E2E_HOOKS: '1',
    },
  });
  const tray = hooks(app);
  const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'No OpenClaw profiles yet' })).toBeVisible();
    // The page comes from the app's own scheme, never file:// (whose extra privileges fuse is off).
    expect(window.url()).toBe('app://lobsterpot/index.html');
    // The window's way out (on Linux a tray may not show at all).
    const quit = await app.evaluate(({ Menu }) =>
      Menu.getApplicationMenu()
        ?.items.flatMap((item) => item.submenu?.items ?? [])
        .some((item) => item.role === 'quit'),
    );
    expect(quit).toBe(true);
    await expect.poll(() => tray.state()).toBe('idle');
    await window.screenshot({ path: join(root, 'docs', 'screenshots', 'app-empty.png') });

    await window.getByRole('button', { name: 'New profile' }).click();
    await window.getByLabel('Name').fill('alpha');
    await window.getByRole('button', { name: 'Create' }).click();
    const row = window.locator('tr[data-profile="alpha"]');
    await expect(row).toBeVisible();

    // Start from the tray menu: the same click handler a person's click runs.
    const label = async () => {
      const item = (await tray.model()).find((entry) => entry.kind === 'submenu' && entry.label.startsWith('alpha — '));
      return item?.kind === 'submenu' ? item.label : null;
    };
    await expect.poll(label).toMatch(/^alpha — stopped · \d+$/);
    await tray.click([(await label()) as string, 'Start']);
    await expect(row.getByText('ready')).toBeVisible({ timeout: 150_000 });
    await expect.poll(() => tray.state()).toBe('ready');
    await expect.poll(label).toMatch(/^alpha — ready · /);
    await window.screenshot({ path: join(root, 'docs', 'screenshots', 'app-ready.png') });

    // "Show logs" opens that profile on its Logs tab.
    await tray.click([(await label()) as string, 'Show logs']);
    await expect(window.getByRole('tab', { name: 'Logs', selected: true })).toBeVisible();
    await expect(window.getByLabel('Log of alpha')).toBeVisible();

    // Quit applies the quit policy: the gateway this app started is stopped before the process ends.
    const pid = (await tray.gateways()).find((gateway) => gateway.profile === 'alpha')?.pid;
    expect(pid).toBeGreaterThan(0);
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    expect(await exited).toBe(0);
    expect(isAlive(pid as number)).toBe(false);
  } finally {
    await app.close().catch(() => undefined);
    screen.stop();
  }
});
