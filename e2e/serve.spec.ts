// The window in Debian's Chromium against `lobsterpot serve`, with real OpenClaw gateways.
import type { Page } from '@playwright/test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { signalGroup } from '../electron/platform/node/processes.ts';
import { expectAccessible, gatewayPids, shots } from './harness.ts';
import { expect, test } from './world.ts';

test.use({ worldOptions: { name: 'serve', settings: { stopGraceMs: 10000 }, stopGraceMs: 30_000 } });

let home: string;
let url: string;
let basePort: number;
/** A process of no profile listening inside beta's ports: the map's foreign listener. */
let intruder: Server | null = null;

test.beforeAll(async ({ world }) => {
  home = world.home;
  basePort = world.basePort;
  url = await world.serve();
});

// The world's fixture ends serve and the gateways; the intruder is this spec's own.
test.afterAll(() => {
  intruder?.close();
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

test('create two profiles, start both, browser status, fix a clashing port, restart, stop all', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  // The browser's notifications, recorded: the person has allowed them (the Notifier then listens without asking).
  await page.addInitScript(`
    window.__notices = [];
    window.Notification = class {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title, options) {
        this.title = title;
        this.body = options?.body ?? '';
        window.__notices.push(this);
      }
      close() {}
    };
  `);
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'No OpenClaw profiles yet' })).toBeVisible();
  await page.screenshot({ path: join(shots, 'empty.png') });
  await expectAccessible(page, 'empty list');

  const dialog = page.getByRole('dialog', { name: 'New profile' });
  await test.step('dialogs trap the focus, close on Esc and give it back', async () => {
    // Dialogs trap focus, close on Esc and give the focus back to what opened them.
    const opener = page.getByRole('button', { name: 'New profile' });
    await opener.focus();
    await page.keyboard.press('Enter');
    await expect(dialog.getByLabel('Name')).toBeFocused();
    await expectAccessible(page, 'new profile dialog');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press(i % 3 ? 'Tab' : 'Shift+Tab');
      expect(await dialog.evaluate((box) => box.contains(box.ownerDocument.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  });

  await test.step('two profiles made in the window; a create cancelled leaves nothing', async () => {
    await createProfile(page, 'alpha');
    await createProfile(page, 'beta');
    // Chromium will not run as root with its sandbox (the e2e may run as root): OpenClaw's own switch, before the start.
    const alphaConfig = join(home, '.openclaw-alpha', 'openclaw.json');
    const written = JSON.parse(readFileSync(alphaConfig, 'utf8'));
    writeFileSync(
      alphaConfig,
      JSON.stringify({ ...written, browser: { ...written.browser, noSandbox: true } }, null, 2),
    );
    await expect(row(page, 'alpha').getByRole('cell').nth(1)).toHaveText(String(basePort));

    // Cancel during create kills onboarding and leaves no half-made profile.
    await page.getByRole('button', { name: 'New profile' }).click();
    await dialog.getByLabel('Name').fill('gamma');
    await expect(dialog.getByLabel('Base port')).not.toHaveValue('');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.locator('li[aria-current="step"]', { hasText: 'onboarding' })).toBeVisible();
    await page.screenshot({ path: join(shots, 'create-steps.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    await expect(row(page, 'gamma')).toHaveCount(0);
    expect(readdirSync(home).filter((entry) => entry.includes('gamma'))).toEqual([]);
  });

  await test.step('a start shows its phases; both come up ready', async () => {
    // A start shows its phases as they come, with the time so far.
    await page.getByRole('button', { name: 'Start all', exact: true }).click();
    await expect(page.locator('tr .phase').first()).toBeVisible({ timeout: 30_000 });
    // Starting up lasts a second or two of the 5–15 s: the picture is best then, the phases themselves are unit-tested.
    await page
      .locator('tr .phase[data-phase="starting-up"]')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(() => undefined);
    await page.screenshot({ path: join(shots, 'start-phases.png') });
    for (const name of ['alpha', 'beta'])
      await expect(row(page, name).getByText('ready')).toBeVisible({ timeout: 150_000 });
    await page.screenshot({ path: join(shots, 'profiles.png') });
    // A polite live region tells screen readers what changed.
    await expect(page.getByTestId('announcer')).toHaveText(/(alpha|beta): ready/);
    await expectAccessible(page, 'profile list');
    await page.getByRole('button', { name: 'Settings' }).click();
    await expectAccessible(page, 'settings dialog');
    await page.keyboard.press('Escape');
  });

  await test.step('browser status: each result under its own profile, in words, with its own Start and Stop', async () => {
    // Each result under its own profile: alpha's browser status never shows under beta.
    await row(page, 'alpha').getByRole('button', { name: 'alpha', exact: true }).click();
    await page.getByRole('button', { name: 'Browser status' }).click();
    await row(page, 'beta').getByRole('button', { name: 'beta', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Browser status' })).toBeEnabled();
    await row(page, 'alpha').getByRole('button', { name: 'alpha', exact: true }).click();
    const browser = page
      .getByLabel('Browser status of alpha')
      .getByRole('definition')
      .filter({ hasText: String(basePort + 11) });
    await expect(browser.first()).toBeVisible({ timeout: 30_000 });
    await row(page, 'beta').getByRole('button', { name: 'beta', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Profile beta' })).toBeVisible();
    await expect(page.getByLabel(/^Browser status of/)).toHaveCount(0);
    await row(page, 'alpha').getByRole('button', { name: 'alpha', exact: true }).click();
    await expect(browser.first()).toBeVisible();
    await page.screenshot({ path: join(shots, 'details.png'), fullPage: true });

    // The browser card answers in words: where the CDP port sits on the map, what to do; the raw JSON only on demand.
    const card = page.getByRole('region', { name: 'Browser status of alpha' });
    await expect(card.getByRole('heading')).toHaveText(/(usable|not yet|not usable|idle) (Browser|No browser)/);
    await expect(card.getByRole('definition').filter({ hasText: String(basePort + 11) })).toHaveText(
      `${basePort + 11}: base+11, the first port of the managed Chrome CDP range`,
    );
    for (const label of ['Browser', 'Driver', 'Headless', 'Ready'])
      await expect(card.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) })).toBeVisible();
    expect(await card.locator('dl').innerText()).not.toMatch(/["{}]|null/);
    await expect(card.locator('pre.raw')).toBeHidden();
    // The card's own verb: start the gateway's browser from the window, then stop it again.
    await card.getByRole('button', { name: 'Start browser' }).click();
    const started = card.getByRole('heading', { name: /Browser running/ });
    const refused = card.getByRole('alert');
    await expect(started.or(refused)).toBeVisible({ timeout: 90_000 });
    await expect(refused).toHaveCount(0);
    await expect(card.getByRole('definition').filter({ hasText: /^pid \d+$/ })).toBeVisible();
    await card.screenshot({ path: join(shots, 'browser-card.png') });
    await card.getByRole('button', { name: 'Stop browser' }).click();
    await expect(card.getByRole('heading')).toHaveText(/Browser not running/, { timeout: 30_000 });
    await card.getByText('Details (raw JSON)').click();
    await expect(card.locator('pre.raw')).toContainText(`"cdpPort": ${basePort + 11}`);
    await card.getByText('Details (raw JSON)').click();
    await expectAccessible(page, 'status with the browser card');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(shots, `theme-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step('CPU and memory, the dashboard URL and token', async () => {
    // Per gateway: CPU and memory while the details are open, the dashboard's URL and token, uptime and restarts.
    await expect(page.getByLabel('CPU and memory')).toContainText(/CPU \d+\.\d % · memory [\d.]+ [MG]B/, {
      timeout: 15_000,
    });
    await page.getByRole('button', { name: 'Copy URL' }).click();
    await expect(page.getByText(/^URL copied/)).toBeVisible({ timeout: 60_000 });
    // OpenClaw's own one-time pairing link (the Control UI opens connected with it: window.spec.ts).
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${basePort}/#bootstrapToken=`),
    );
    await page.getByRole('button', { name: 'Copy token' }).click();
    await expect(page.getByText('Token copied')).toBeVisible();
    const token = await page.evaluate<string>('navigator.clipboard.readText()');
    const config = JSON.parse(readFileSync(join(home, '.openclaw-alpha', 'openclaw.json'), 'utf8'));
    expect(token).toBe(config.gateway.auth.token);
    await page.screenshot({ path: join(shots, 'gateway-actions.png'), fullPage: true });
    const [dashboard] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open dashboard' }).click(),
    ]);
    await dashboard.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${basePort}/`));
    await dashboard.close();
  });

  await test.step('every log in one view, filtered', async () => {
    // Every gateway's log in one view, filtered.
    await page.getByRole('button', { name: 'All logs' }).click();
    const all = page.getByRole('log', { name: 'Lines of every gateway' });
    await expect(all.locator('.log-line[data-profile="alpha"]').first()).toBeVisible();
    await expect(all.locator('.log-line[data-profile="beta"]').first()).toBeVisible();
    await page.screenshot({ path: join(shots, 'all-logs.png'), fullPage: true });
    await page.getByLabel('Search all logs').fill('[gateway] ready');
    await expect(all.locator('.log-line')).toHaveCount(2);
    await page.getByRole('region', { name: 'All logs' }).getByLabel('beta', { exact: true }).check();
    await expect(all.locator('.log-line')).toHaveCount(1);
    await expect(all.locator('.log-line[data-profile="beta"]')).toBeVisible();
    await page.getByLabel('Search all logs').fill('');
    await page.getByRole('region', { name: 'All logs' }).getByRole('button', { name: 'Close' }).click();
  });

  await test.step('killed from outside: a notification with its logs and the reason', async () => {
    // kill -9 from outside: a notification with its logs, and a reason that says it was killed, and not by Lobsterpot.
    const processField = page.getByRole('definition').filter({ hasText: /^pid \d+ · lobsterpot/ });
    const pid = Number(/^pid (\d+)/.exec(await processField.innerText())?.[1]);
    signalGroup(pid, 'SIGKILL');
    await expect
      .poll(() => page.evaluate<string[]>('window.__notices.map((n) => n.title + " | " + n.body)'), { timeout: 30_000 })
      .toContainEqual(
        expect.stringMatching(/^alpha: crashed \(killed \(SIGKILL\)\), restarting \| .*not by Lobsterpot/),
      );
    await page.evaluate('window.__notices.at(-1).onclick()');
    await expect(page.getByRole('tab', { name: 'Logs', selected: true })).toBeVisible();
    await expectAccessible(page, 'logs');
    await expect(row(page, 'alpha').getByText('ready')).toBeVisible({ timeout: 150_000 });
    await expect(row(page, 'alpha').getByRole('cell').nth(4)).toHaveText('1');
    await page.getByRole('tab', { name: 'Status' }).click();
  });

  await test.step('a foreign listener, a clashing port typed, the map, restart to apply', async () => {
    // Another process listens inside beta's CDP range: a foreign mark on beta's row, with its pid on hover.
    const betaPort = Number(await row(page, 'beta').getByRole('cell').nth(1).innerText());
    const intruderPort = betaPort + 95;
    intruder = createServer();
    await new Promise<void>((resolve) => intruder?.listen(intruderPort, '127.0.0.1', resolve));
    const map = page.getByRole('figure', { name: 'Port map' });
    const foreign = map.locator(`g.row[data-profile="beta"] path.mark-foreign[data-port="${intruderPort}"]`);
    await expect(foreign).toHaveCount(1, { timeout: 30_000 });
    await expect(foreign.locator('title')).toHaveText(new RegExp(`^${intruderPort}: pid ${process.pid}\\b`));

    // Type a port that clashes with beta: the finding and only the overlapping ports in red show while typing.
    await page.getByRole('tab', { name: 'Edit' }).click();
    await page.getByLabel('Base port').fill(String(betaPort + 50));
    const overlap = page.locator('.finding-error[data-kind="footprint-overlap"]');
    await expect(overlap).toContainText(`ports ${betaPort + 50}–${betaPort + 110} belong to both`);
    await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
    const ghost = map.locator('g.row.ghost[data-profile="alpha"]');
    const betaRow = map.locator('g.row[data-profile="beta"]');
    await expect(map.locator('rect.clash')).toHaveCount(2);
    for (const clash of [ghost.locator('rect.clash'), betaRow.locator('rect.clash')]) {
      await expect(clash).toHaveAttribute('data-from', String(betaPort + 50));
      await expect(clash).toHaveAttribute('data-to', String(betaPort + 110));
    }
    // Drawn where those ports are: from the draft's base to the end of beta's CDP range, not the whole bars.
    const red = await ghost.locator('rect.clash').boundingBox();
    const draftBase = await ghost.locator('rect.part-gateway').boundingBox();
    const betaEnd = await betaRow.locator('rect.part-cdp-range').boundingBox();
    const draftEnd = await ghost.locator('rect.part-cdp-range').boundingBox();
    expect(red && draftBase && betaEnd && draftEnd).toBeTruthy();
    if (red && draftBase && betaEnd && draftEnd) {
      expect(Math.abs(red.x - draftBase.x)).toBeLessThan(0.5);
      expect(Math.abs(red.x + red.width - (betaEnd.x + betaEnd.width))).toBeLessThan(0.5);
      expect(red.x + red.width).toBeLessThan(draftEnd.x + draftEnd.width - 10);
    }
    await expect(ghost.locator('rect.clash title')).toHaveText(/used by alpha and beta/);
    await expect(map.locator('g.row.replaced[data-profile="alpha"]')).toHaveCount(1);
    await page.screenshot({ path: join(shots, 'editor-clash.png'), fullPage: true });
    await map.screenshot({ path: join(shots, 'portmap-detail.png') });
    await expectAccessible(page, 'editor with findings');
    // The same facts as a table, for screen readers.
    await map.locator('summary').click();
    await expect(map.getByRole('table').getByRole('row').filter({ hasText: 'alpha (draft)' }).first()).toBeVisible();
    await expect(
      map.getByRole('row').filter({ hasText: `clash ${betaPort + 61}–${betaPort + 110} with beta` }),
    ).toHaveCount(1);
    await map.locator('summary').click();
    // Zoom to the profile from the keyboard, with a visible focus ring, and back.
    await map.getByRole('button', { name: 'Fit all' }).focus();
    await page.keyboard.press('Tab');
    const zoom = map.getByRole('button', { name: 'Zoom to alpha' });
    await expect(zoom).toBeFocused();
    await expect(zoom).toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Enter');
    await expect(zoom).toHaveAttribute('aria-pressed', 'true');
    const svg = map.getByRole('img');
    const span = async () => Number(await svg.getAttribute('data-to')) - Number(await svg.getAttribute('data-from'));
    expect(await span()).toBeLessThan(400);
    await map.getByRole('button', { name: 'Fit all' }).click();

    await page.getByRole('button', { name: /Use suggested port/ }).click();
    await expect(page.locator('.finding-error')).toHaveCount(0);
    await expect(map.locator('rect.clash')).toHaveCount(0);
    intruder.close();
    intruder = null;
    const suggested = await page.getByLabel('Base port').inputValue();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(row(page, 'alpha').getByRole('cell').nth(1)).toHaveText(`${suggested} (runs on ${basePort})`, {
      timeout: 30_000,
    });
    // Saved but not applied: `restart to apply`, while the old port is still probed (it stays healthy, not degraded).
    await page.getByRole('tab', { name: 'Status' }).click();
    const pending = page.getByRole('status', { name: 'Restart to apply' });
    await expect(pending).toContainText(`port ${suggested} (runs on ${basePort})`);
    // OpenClaw restarts itself in-process on the old port meanwhile (a few seconds not ready): still restart to apply.
    await expect(row(page, 'alpha').locator('.badge')).toHaveText('restart to apply');
    await expect(page.getByLabel('CPU and memory')).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: join(shots, 'restart-to-apply.png'), fullPage: true });
    await pending.getByRole('button', { name: 'Restart' }).click();
    // The restart is under way (a full stop and start: a hot reload would keep the old port) …
    await expect(row(page, 'alpha').locator('.badge', { hasText: /stopping|starting/ })).toBeVisible({
      timeout: 30_000,
    });
    await expect(row(page, 'alpha').getByText('ready')).toBeVisible({ timeout: 150_000 });
    await expect(row(page, 'alpha').getByRole('cell').nth(1)).toHaveText(suggested);
  });

  await test.step('the narrow window: one card per profile, no sideways scroll; Stop all', async () => {
    // 420 px wide: one card per profile, no horizontal scroll, every action on screen and usable.
    await page.setViewportSize({ width: 420, height: 860 });
    const fits = () =>
      page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
    await expect.poll(fits).toBe(true);
    for (const name of ['alpha', 'beta']) {
      for (const action of ['Start', 'Stop', 'Restart']) {
        const button = row(page, name).getByRole('button', { name: `${action} ${name}`, exact: true });
        await button.scrollIntoViewIfNeeded();
        const box = await button.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 420, `${action} ${name} on screen`).toBe(true);
      }
    }
    for (const button of await page.getByRole('navigation', { name: 'Actions' }).getByRole('button').all()) {
      const box = await button.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 420, `${await button.innerText()} on screen`).toBe(true);
    }
    await page.screenshot({ path: join(shots, 'narrow.png'), fullPage: true });
    for (const tab of ['Edit', 'Logs', 'Manage', 'Status']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect.poll(fits, { message: `${tab} fits 420 px` }).toBe(true);
    }
    await page.setViewportSize({ width: 1200, height: 860 });

    await page.getByRole('button', { name: 'Stop all', exact: true }).click();
    for (const name of ['alpha', 'beta'])
      await expect(row(page, name).getByText('stopped')).toBeVisible({ timeout: 60_000 });
    expect(gatewayPids(home)).toEqual([]);
  });
});
