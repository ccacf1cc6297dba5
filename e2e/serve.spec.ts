// The window in Debian's Chromium against `lobsterpot serve`, with real OpenClaw gateways.
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const shots = join(root, 'docs', 'screenshots');
const openclaw = join(root, '.cache', 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs');

let world: string;
let server: ChildProcess;
let url: string;
let basePort: number;

/** Pids of the gateways running in this test's HOME, from their lock files. */
function gatewayPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync(join(world, 'home'))) {
    const tmp = join(world, 'home', entry, 'tmp');
    try {
      for (const uidDir of readdirSync(tmp)) {
        for (const lock of readdirSync(join(tmp, uidDir)).filter((name) => name.endsWith('.lock'))) {
          pids.push(JSON.parse(readFileSync(join(tmp, uidDir, lock), 'utf8').trim()).pid);
        }
      }
    } catch {
      // no locks: nothing runs there
    }
  }
  return [...new Set(pids)];
}

const killGroup = (pid: number) => {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
};

test.beforeAll(async () => {
  world = mkdtempSync(join(tmpdir(), 'lp-e2e-'));
  mkdirSync(join(world, 'home'));
  mkdirSync(join(world, 'data'));
  basePort = 31000 + Math.floor(Math.random() * 2500) * 10;
  writeFileSync(
    join(world, 'data', 'settings.json'),
    JSON.stringify({ openclawPath: openclaw, nodePath: process.execPath, basePortStart: basePort, stopGraceMs: 10000 }),
  );
  mkdirSync(shots, { recursive: true });
  server = spawn(process.execPath, [join(root, 'bin', 'lobsterpot.js'), 'serve', '--port', '0'], {
    env: { ...process.env, HOME: join(world, 'home'), LOBSTERPOT_HOME: join(world, 'data') },
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
});

test.afterAll(async () => {
  const gateways = gatewayPids();
  if (server?.pid) {
    process.kill(-server.pid, 'SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      server.once('exit', () => resolve(clearTimeout(timer)));
    });
    killGroup(server.pid);
  }
  for (const pid of [...gateways, ...gatewayPids()]) killGroup(pid);
  rmSync(world, { recursive: true, force: true });
});

const row = (page: Page, name: string) => page.locator(`tr[data-profile="${name}"]`);

async function createProfile(page: Page, name: string) {
  await page.getByRole('button', { name: 'New profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'New profile' });
  await dialog.getByLabel('Name').fill(name);
  await expect(dialog.getByLabel('Base port')).not.toHaveValue('');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(row(page, name)).toBeVisible();
}

test('serve refuses requests without the token and sockets from another origin', async ({ request }) => {
  const bare = url.replace(/\?token=.*/, '');
  expect((await request.get(bare)).status()).toBe(401);
  const { WebSocket } = await import('ws');
  const token = new URL(url).searchParams.get('token');
  const wsUrl = `${bare.replace('http', 'ws')}api?token=${token}`;
  const refused = await new Promise<number>((resolve) => {
    const socket = new WebSocket(wsUrl, { headers: { origin: 'http://evil.example' } });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('open', () => resolve(101));
  });
  expect(refused).toBe(403);
});

test('create two profiles, start both, browser status, fix a clashing port, restart, stop all', async ({ page }) => {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'No OpenClaw profiles yet' })).toBeVisible();
  await page.screenshot({ path: join(shots, 'empty.png') });

  await createProfile(page, 'alpha');
  await createProfile(page, 'beta');
  await expect(row(page, 'alpha').getByRole('cell').nth(1)).toHaveText(String(basePort));

  await page.getByRole('button', { name: 'Start all' }).click();
  for (const name of ['alpha', 'beta'])
    await expect(row(page, name).getByText('ready')).toBeVisible({ timeout: 150_000 });
  await page.screenshot({ path: join(shots, 'profiles.png') });

  await row(page, 'alpha').getByRole('button', { name: 'alpha', exact: true }).click();
  await page.getByRole('button', { name: 'Browser status' }).click();
  const browser = page.getByRole('definition').filter({ hasText: String(basePort + 11) });
  await expect(browser.first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: join(shots, 'details.png'), fullPage: true });

  // Type a port that clashes with beta: the finding and the red bar show while typing.
  const betaPort = Number(await row(page, 'beta').getByRole('cell').nth(1).innerText());
  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByLabel('Base port').fill(String(betaPort + 50));
  await expect(page.locator('.finding-error[data-kind="footprint-overlap"]')).toBeVisible();
  await expect(page.locator('g.bar-clash[data-profile="alpha"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
  await page.screenshot({ path: join(shots, 'editor-clash.png'), fullPage: true });

  await page.getByRole('button', { name: /Use suggested port/ }).click();
  await expect(page.locator('.finding-error')).toHaveCount(0);
  await expect(page.locator('g.bar-clash')).toHaveCount(0);
  const suggested = await page.getByLabel('Base port').inputValue();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Restart to apply the new port' }).click();
  await expect(row(page, 'alpha').getByRole('cell').nth(1)).toHaveText(suggested, { timeout: 30_000 });
  // The restart is under way (a full stop and start: a hot reload would keep the old port) …
  await expect(row(page, 'alpha').getByText(/stopping|starting/)).toBeVisible({ timeout: 30_000 });
  await expect(row(page, 'alpha').getByText('ready')).toBeVisible({ timeout: 150_000 });

  await page.getByRole('button', { name: 'Stop all' }).click();
  for (const name of ['alpha', 'beta'])
    await expect(row(page, name).getByText('stopped')).toBeVisible({ timeout: 60_000 });
  expect(gatewayPids()).toEqual([]);
});
