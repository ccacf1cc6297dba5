// What a person saw in the window (issue 21, "The window"), against `lobsterpot serve` with real gateways: a
// disconnected window, a restart stopped half-way, the editor's suggestion and port map, a profile while it is being
// created, Open dashboard against OpenClaw's real Control UI, and browser.noSandbox set from the browser card.
import type { Browser, Page } from '@playwright/test';
import { join } from 'node:path';
import { createWithCommand, expectAccessible, gatewayPids, shots } from './harness.ts';
import { expect, test } from './world.ts';

test.use({ worldOptions: { name: 'window', settings: { stopGraceMs: 10000 }, stopGraceMs: 30_000 } });

let url: string;
let basePort: number;

test.beforeAll(async ({ world }) => {
  basePort = world.basePort;
  url = await world.serve();
});

const row = (page: Page, name: string) => page.locator(`tr[data-profile="${name}"]`);
const TOKEN_PROMPT = /This Gateway expects its token/;

/**
 * Waits until OpenClaw's Control UI has decided: its own navigation once connected (the loading skeleton has none),
 * or the token prompt. Returns whether it connected.
 */
async function controlUiConnects(page: Page): Promise<boolean> {
  const connected = page.getByText('Ask OpenClaw', { exact: true });
  const prompt = page.getByText(TOKEN_PROMPT);
  await expect(connected.or(prompt).first()).toBeVisible({ timeout: 60_000 });
  return (await prompt.count()) === 0;
}

async function openInFreshContext(browser: Browser, address: string, shot?: string): Promise<boolean> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(address);
    const connected = await controlUiConnects(page);
    if (shot) await page.screenshot({ path: join(shots, shot) });
    return connected;
  } finally {
    await context.close();
  }
}

test('what a person saw, fixed: offline, a stopped restart, the editor, a create, the dashboard, noSandbox', async ({
  page,
  context,
  browser,
  world,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  // The window's socket to serve, cut on demand: the page sees a lost connection while serve and gateways run on.
  let cut = false;
  const open = new Set<{ close: () => Promise<void> }>();
  await page.routeWebSocket(/\/api/, (ws) => {
    if (cut) return void ws.close({ code: 4000, reason: 'cut by the test' });
    const upstream = ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
    ws.onMessage((message) => upstream.send(message));
    upstream.onMessage((message) => ws.send(message));
  });
  await page.clock.install();
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'No OpenClaw profiles yet' })).toBeVisible();

  await test.step('while a profile is created, nothing is said about it as if it were made', async () => {
    // Anything the page ever shows while onboarding runs is recorded, however briefly.
    await page.evaluate(`
      window.__seen = [];
      new MutationObserver(() => {
        for (const node of document.querySelectorAll('.finding[data-kind="default-port"], .dialog .error-text'))
          window.__seen.push(node.textContent ?? '');
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    `);
    await page.getByRole('button', { name: 'New profile' }).click();
    const dialog = page.getByRole('dialog', { name: 'New profile' });
    await dialog.getByLabel('Name').fill('alpha');
    await expect(dialog.getByLabel('Base port')).toHaveValue(String(basePort));
    // A free port: nothing to cure, so no suggestion is offered.
    await expect(dialog.getByRole('button', { name: /Use suggested port/ })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    await expect(row(page, 'alpha')).toBeVisible();
    const seen = await page.evaluate<string[]>('window.__seen');
    expect(seen.filter((text) => /already a profile|has no gateway\.port/.test(text))).toEqual([]);
  });
  // beta by the command line, beside it.
  await createWithCommand(world.env, 'beta', basePort + 200);
  await expect(row(page, 'beta')).toBeVisible({ timeout: 30_000 });

  await test.step('Stop all is disabled while nothing runs, as Restart all is', async () => {
    for (const label of ['Stop all', 'Restart all']) {
      const button = page.getByRole('button', { name: label, exact: true });
      await expect(button).toBeDisabled();
      await expect(button).toHaveAttribute('title', 'no gateway is running');
    }
    await row(page, 'alpha').getByRole('button', { name: 'Start alpha', exact: true }).click();
    await expect(row(page, 'alpha').locator('.badge')).toHaveText('ready', { timeout: 150_000 });
    await expect(page.getByRole('button', { name: 'Stop all', exact: true })).toBeEnabled();
  });

  await test.step('a disconnected window disables every action, with the reason, and stops counting', async () => {
    await row(page, 'alpha').getByRole('button', { name: 'alpha', exact: true }).click();
    // A dialog open when the connection goes: its action is disabled too (Add gateway stayed live).
    await page.getByRole('button', { name: 'More ▾' }).click();
    await page.getByRole('button', { name: 'Add an existing gateway…' }).click();
    const adding = page.getByRole('dialog', { name: 'Add an existing gateway' });
    await adding.getByLabel('Config file').fill('/nowhere/openclaw.json');
    await adding.getByLabel('State dir').fill('/nowhere/state');
    await expect(adding.getByRole('button', { name: 'Add gateway' })).toBeEnabled();
    cut = true;
    for (const ws of open) await ws.close();
    await expect(page.getByRole('alert', { name: 'Connection lost' })).toBeVisible({ timeout: 30_000 });
    await expect(adding.getByRole('button', { name: 'Add gateway' })).toBeDisabled();
    await expect(adding.getByRole('button', { name: 'Add gateway' })).toHaveAttribute(
      'title',
      /^not connected to Lobsterpot/,
    );
    await adding.getByRole('button', { name: 'Cancel' }).click();
    await expect(adding).toBeHidden();
    const actions = [
      row(page, 'alpha').getByRole('button', { name: 'Stop alpha', exact: true }),
      row(page, 'alpha').getByRole('button', { name: 'Restart alpha', exact: true }),
      row(page, 'beta').getByRole('button', { name: 'Start beta', exact: true }),
      page.getByRole('button', { name: 'Start all', exact: true }),
      page.getByRole('button', { name: 'Stop all', exact: true }),
      page.getByRole('button', { name: 'New profile' }),
      page.getByRole('button', { name: 'Open dashboard' }),
      page.getByRole('button', { name: 'Copy URL' }),
      page.getByRole('button', { name: 'Browser status' }),
    ];
    for (const action of actions) {
      await expect(action).toBeDisabled();
      await expect(action).toHaveAttribute('title', /^not connected to Lobsterpot/);
    }
    await page.getByRole('tab', { name: 'Manage' }).click();
    await expect(page.getByText(/^Nothing can be changed now: not connected to Lobsterpot/)).toBeVisible();
    await expect(page.getByLabel('Start with Lobsterpot')).toBeDisabled();
    await page.getByRole('tab', { name: 'Status' }).click();
    // Uptime does not keep counting what is no longer seen.
    const uptime = row(page, 'alpha').locator('td[data-label="Uptime"]');
    const before = await uptime.innerText();
    await page.clock.fastForward(65_000);
    await expect(uptime).toHaveText(before);
    await page.screenshot({ path: join(shots, 'offline.png'), fullPage: true });
    await expectAccessible(page, 'disconnected window');
    cut = false;
    await page.getByRole('alert', { name: 'Connection lost' }).getByRole('button', { name: 'Reconnect' }).click();
    await expect(page.getByRole('alert', { name: 'Connection lost' })).toBeHidden({ timeout: 30_000 });
    await expect(row(page, 'alpha').getByRole('button', { name: 'Stop alpha', exact: true })).toBeEnabled();
  });

  await test.step('Open dashboard, Copy URL and lobsterpot open connect to the real Control UI', async () => {
    const [dashboard] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open dashboard' }).click(),
    ]);
    await dashboard.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${basePort}/`), { timeout: 60_000 });
    expect(await controlUiConnects(dashboard), 'Open dashboard shows the token prompt').toBe(true);
    await dashboard.screenshot({ path: join(shots, 'dashboard-connected.png') });
    await dashboard.close();
    await expect(page.getByText('Dashboard opened')).toBeVisible();

    await page.getByRole('button', { name: 'Copy URL' }).click();
    await expect(page.getByText(/^URL copied/)).toBeVisible({ timeout: 60_000 });
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${basePort}/#bootstrapToken=`));
    expect(await openInFreshContext(browser, copied), 'the copied URL shows the token prompt').toBe(true);

    // The check itself tells the two apart: the bare address, with no token, gets the token prompt.
    expect(await openInFreshContext(browser, `http://127.0.0.1:${basePort}/`)).toBe(false);

    // The command line through the running serve: the same URL function.
    const printed = await world.lobsterpot(['open', 'alpha', '--print']);
    expect(printed.code, printed.err).toBe(0);
    expect(printed.out.trim()).toMatch(/#bootstrapToken=.*&gatewayUrl=/);
    expect(await openInFreshContext(browser, printed.out.trim()), 'lobsterpot open shows the token prompt').toBe(true);
  });

  await test.step('browser.noSandbox is offered where Chrome refuses to run as root, and set with one click', async () => {
    // Chrome refuses its sandbox only to root: elsewhere the card has nothing to offer, which is checked instead.
    const root = process.getuid?.() === 0;
    await page.getByRole('button', { name: 'Browser status' }).click();
    const card = page.getByRole('region', { name: 'Browser status of alpha' });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Start browser' }).click();
    if (!root) {
      await expect(card.getByRole('heading', { name: /Browser running/ })).toBeVisible({ timeout: 90_000 });
      await expect(card.getByRole('button', { name: 'Set browser.noSandbox' })).toHaveCount(0);
    } else {
      await expect(card.getByRole('alert')).toContainText('Chrome will not run as root with its sandbox', {
        timeout: 90_000,
      });
      await card.getByRole('button', { name: 'Set browser.noSandbox' }).click();
      // OpenClaw takes the saved setting by reloading itself: the card says "start again" only once the gateway's own
      // browser status reports it, and holds the Start until then (a start before the reload ran without it).
      await expect(
        card.getByText(/^Set browser\.noSandbox through OpenClaw’s config writer: start the browser again/),
      ).toBeVisible({
        timeout: 90_000,
      });
      await card.screenshot({ path: join(shots, 'browser-nosandbox.png') });
      await card.getByRole('button', { name: 'Start browser' }).click();
      await expect(card.getByRole('heading', { name: /Browser running/ })).toBeVisible({ timeout: 90_000 });
    }
    await card.getByRole('button', { name: 'Stop browser' }).click();
    await expect(card.getByRole('heading')).toHaveText(/Browser not running/, { timeout: 30_000 });
  });

  await test.step('the editor offers a suggestion only for a finding, and the map keeps its view while typing', async () => {
    await page.getByRole('tab', { name: 'Edit' }).click();
    const field = page.getByLabel('Base port');
    const suggest = page.getByRole('button', { name: /Use suggested port/ });
    await expect(field).toHaveValue(String(basePort));
    await expect(suggest).toHaveCount(0);
    const svg = page.getByRole('figure', { name: 'Port map' }).getByRole('img');
    const view = async () => [await svg.getAttribute('data-from'), await svg.getAttribute('data-to')];
    const before = await view();
    // Typed key by key, into beta's ports: the view stays, the clash shows, the suggestion is not what is typed.
    await field.fill('');
    const typed = String(basePort + 250);
    for (const key of typed) {
      await field.press(key);
      expect(await view(), `after typing ${await field.inputValue()}`).toEqual(before);
    }
    await expect(page.locator('.finding-error[data-kind="footprint-overlap"]')).toBeVisible();
    await expect(suggest).toBeVisible();
    await expect(suggest).not.toHaveText(`Use suggested port ${typed}`);
    await page.screenshot({ path: join(shots, 'editor-suggestion.png'), fullPage: true });
    await suggest.click();
    await expect(page.locator('.finding-error')).toHaveCount(0);
    await expect(suggest).toHaveCount(0);
    await field.fill(String(basePort));
    await page.getByRole('tab', { name: 'Status' }).click();
  });

  await test.step('Restart when idle beside Restart: an idle gateway restarts at once, and the window says so', async () => {
    const idle = row(page, 'alpha').getByRole('button', { name: 'Restart when idle alpha', exact: true });
    await expect(idle).toBeEnabled();
    await idle.click();
    await expect(
      row(page, 'alpha').getByRole('status').filter({ hasText: 'no active work: restarted at once' }),
    ).toBeVisible({
      timeout: 150_000,
    });
    await expect(row(page, 'alpha').locator('.badge')).toHaveText('ready', { timeout: 60_000 });
  });

  await test.step('a restart in progress can be stopped', async () => {
    await row(page, 'alpha').getByRole('button', { name: 'Restart alpha', exact: true }).click();
    const badge = row(page, 'alpha').locator('.badge');
    await expect(badge).toHaveText(/stopping|starting/, { timeout: 30_000 });
    const stop = row(page, 'alpha').getByRole('button', { name: 'Stop alpha', exact: true });
    await expect(stop).toBeEnabled();
    await stop.click();
    await expect(badge).toHaveText('stopped', { timeout: 60_000 });
    // Stopped for good: nothing of the restart comes back, and nothing runs, so Stop all says so.
    await expect(page.getByRole('button', { name: 'Stop all', exact: true })).toBeDisabled();
    await expect(row(page, 'alpha').getByRole('button', { name: 'Start alpha', exact: true })).toBeEnabled();
    const history = page.getByRole('region', { name: 'History of alpha' });
    await expect(history.locator('li').first()).toContainText('stopped');
    await expect.poll(() => gatewayPids(world.home), { timeout: 15_000 }).toEqual([]);
  });

  await test.step('the timeline draws starting as starting, with its own legend entry', async () => {
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline.locator('.legend')).toContainText('starting');
    await expect(timeline.locator('[data-timeline="alpha"] rect[data-kind="starting"]').first()).toBeAttached();
    await timeline.screenshot({ path: join(shots, 'timeline-starting.png') });
  });
});
