// The packaged app through Playwright's Electron support: it runs wherever an Electron binary is installed, and
// reports itself skipped, with the reason, where none is (the binary comes from GitHub releases).
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** The binary that `electron` would run, found without requiring the package (which would try to download it). */
function electronBinary(): { path: string | null; why: string } {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pkg)) return { path: null, why: 'the electron package is not installed' };
  if (!existsSync(pathFile)) {
    return {
      path: null,
      why: 'the electron package is installed without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD=1: GitHub releases are out of reach here)',
    };
  }
  const path = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? { path, why: '' } : { path: null, why: `the Electron binary ${path} is missing` };
}

const binary = electronBinary();
const built = existsSync(join(root, 'out', 'main', 'index.js'));
if (!binary.path) console.log(`Electron end-to-end skipped: ${binary.why}`);

test('the app opens its window, builds its tray model and starts a profile', async () => {
  test.skip(!binary.path, `Electron end-to-end skipped: ${binary.why}`);
  test.skip(!built, 'Electron end-to-end skipped: run `npm run build` first (out/main is missing)');
  const world = mkdtempSync(join(tmpdir(), 'lp-electron-'));
  mkdirSync(join(world, 'home'));
  mkdirSync(join(world, 'data'));
  writeFileSync(
    join(world, 'data', 'settings.json'),
    JSON.stringify({
      openclawPath: join(root, '.cache', 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs'),
      basePortStart: 36000,
    }),
  );
  const app = await electron.launch({
    args: [join(root, 'out', 'main', 'index.js'), '--show'],
    env: { ...process.env, HOME: join(world, 'home'), LOBSTERPOT_HOME: join(world, 'data') },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'No OpenClaw profiles yet' })).toBeVisible();
    const tray = await app.evaluate(() => (globalThis as { lobsterpotTrayModel?: unknown }).lobsterpotTrayModel);
    expect(tray).toBeTruthy();
    await window.getByRole('button', { name: 'New profile' }).click();
    await window.getByLabel('Name').fill('alpha');
    await window.getByRole('button', { name: 'Create' }).click();
    await window.getByRole('button', { name: 'Start alpha' }).click();
    await expect(window.locator('tr[data-profile="alpha"]').getByText('ready')).toBeVisible({ timeout: 150_000 });
  } finally {
    await app.close();
  }
});
