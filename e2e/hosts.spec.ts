// Other hosts in the window (issue 16), in Debian's Chromium against a real `lobsterpot serve` with its own HOME:
// the Add host dialog's checks, and a host whose sshd cannot be reached (connecting, then lost with ssh's own words,
// Reconnect, nothing shown as live). A last test feeds the window a connected host and a lost one at its WebSocket,
// to see the grouping, the stale rule and per-host actions (an edit saved there, Stop all, its audit and history) where
// this machine has no second host to reach.
import type { Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayStatus, HostView, ProfileView } from '../electron/contract/contract.ts';
import { careUnknown } from '../electron/contract/status.ts';
import { footprintOf } from '../electron/ports/common/ports.ts';
import { createWithCommand, expectAccessible, freePort, shots } from './harness.ts';
import { expect, test } from './world.ts';

// serve's group holds serve itself and any ssh it started for a host.
test.use({ worldOptions: { name: 'hosts', settings: {}, stopGraceMs: 20_000 } });

let world: string;
let url: string;

test.beforeAll(async ({ world: made }) => {
  world = made.dir;
  // One local profile through OpenClaw's own onboarding (never started): "This host" beside the other hosts.
  await createWithCommand(made.env, 'alpha', made.basePort);
  url = await made.serve(await freePort());
});

async function openAddHost(page: Page) {
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('button', { name: 'Add host…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add host' });
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  return dialog;
}

test('Add host: each field is checked as the contract checks it, in a dialog that keeps the focus', async ({
  page,
}) => {
  await page.goto(url);
  await expect(page.locator('tr[data-profile="alpha"]')).toBeVisible();
  // Without other hosts the window is as it was: no "This host" heading, no host section.
  await expect(page.getByRole('region', { name: 'This host' })).toHaveCount(0);
  await expect(page.locator('section.host')).toHaveCount(0);

  const dialog = await openAddHost(page);
  await dialog.getByRole('button', { name: 'Add host' }).click();
  await expect(dialog.getByText('Name must not be empty')).toBeVisible();
  await expect(dialog.getByText(/^SSH destination (is required|must not be empty)$/)).toBeVisible();

  await dialog.getByLabel('Name', { exact: true }).fill('my lab');
  await dialog.getByLabel('SSH destination').fill('-oProxyCommand=touch /tmp/owned');
  await dialog.getByLabel('SSH config file').fill('ssh/config');
  await dialog.getByLabel('Remote command').focus();
  await expect(
    dialog.getByText("Name may hold only letters, digits, '-' and '_', and must start with a letter or digit"),
  ).toBeVisible();
  await expect(
    dialog.getByText('SSH destination must not start with "-" (ssh would read it as an option)'),
  ).toBeVisible();
  await expect(dialog.getByText(/^SSH config file /)).toBeVisible();
  await expect(dialog.getByLabel('SSH destination')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('SSH destination').fill('me@lab example');
  await expect(dialog.getByText('SSH destination must not hold spaces or control characters')).toBeVisible();
  await dialog.getByLabel('SSH destination').fill(`me@${'x'.repeat(260)}`);
  await expect(dialog.getByText('SSH destination must be at most 255 characters')).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill('lab');
  await dialog.getByLabel('SSH destination').fill('me@lab.example');
  await dialog.getByLabel('SSH config file').fill('');
  await expect(dialog.locator('.error-text')).toHaveCount(0);
  await dialog.getByLabel('SSH destination').fill('-x');
  await page.screenshot({ path: join(shots, 'hosts-add-dialog.png') });
  await expectAccessible(page, 'add host dialog');

  // Focus stays in the dialog; Esc closes it and gives the focus back to the toolbar.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press(i % 3 ? 'Tab' : 'Shift+Tab');
    expect(await dialog.evaluate((box) => box.contains(box.ownerDocument.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'More' })).toBeFocused();
});

test("an unreachable host: connecting, then lost with ssh's words and a retry, Reconnect, nothing live", async ({
  page,
}) => {
  const closed = await freePort();
  const sshConfig = join(world, 'ssh_config');
  writeFileSync(
    sshConfig,
    [
      'Host lp-e2e-unreachable',
      '  HostName 127.0.0.1',
      `  Port ${closed}`,
      '  User nobody',
      '  BatchMode yes',
      '  ConnectTimeout 5',
      '  StrictHostKeyChecking no',
      '  UserKnownHostsFile /dev/null',
      '',
    ].join('\n'),
  );
  await page.goto(url);
  const dialog = await openAddHost(page);
  await dialog.getByLabel('Name', { exact: true }).fill('lab');
  await dialog.getByLabel('SSH destination').fill('lp-e2e-unreachable');
  await dialog.getByLabel('SSH config file').fill(sshConfig);
  await dialog.getByRole('button', { name: 'Add host' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });

  // This host first, then lab.
  await expect(page.getByRole('region', { name: 'This host' })).toBeVisible();
  const lab = page.getByRole('region', { name: 'Host lab' });
  await expect(lab.getByRole('heading')).toContainText('lab lp-e2e-unreachable');
  await expect(lab).toHaveAttribute('data-state', /^(connecting|lost)$/);
  await expect(lab).toHaveAttribute('data-state', 'lost', { timeout: 60_000 });
  await expect(lab.locator('[data-host-state]')).toHaveText('connection lost');
  await expect(lab.getByText(new RegExp(`port ${closed}: Connection refused`))).toBeVisible();
  await expect(lab.getByText(/^(retrying in \d+ s|retrying now)$/)).toBeVisible();
  // Nothing of lab shows as live: no state, and what needs the host is disabled with the reason.
  await expect(lab.locator('[data-state]:not(section)')).toHaveCount(0);
  await expect(lab.getByText(/Profiles of lab show once|has not reached lab yet/)).toBeVisible();
  for (const label of ['New profile…', 'Export…']) {
    await expect(lab.getByRole('button', { name: label })).toBeDisabled();
    await expect(lab.getByRole('button', { name: label })).toHaveAttribute('title', /lab is not reachable now/);
  }
  await page.screenshot({ path: join(shots, 'hosts-lost.png'), fullPage: true });
  await expectAccessible(page, 'lost host');

  // This host's profiles work as before beside it; a profile's Manage tab exports it (or says why it did not).
  const here = page.getByRole('region', { name: 'This host' });
  await here.getByRole('button', { name: 'alpha', exact: true }).click();
  await page.getByRole('tab', { name: 'Manage' }).click();
  await page.getByRole('button', { name: 'Export to Docker Compose…' }).click();
  const exporting = page.getByRole('dialog', { name: 'Export' });
  await expect(exporting.getByText('Exports profile alpha on this host.')).toBeVisible();
  await exporting.getByRole('button', { name: 'Export', exact: true }).click();
  const done = exporting.getByRole('status', { name: 'Export result' });
  const refused = exporting.getByRole('alert', { name: 'Export failed' });
  await expect(done.or(refused)).toBeVisible({ timeout: 60_000 });
  if (await refused.isVisible()) await expect(refused).toContainText('Not exported.');
  else await expect(done).toContainText('for alpha');
  await page.screenshot({ path: join(shots, 'hosts-export-local.png') });
  await page.keyboard.press('Escape');

  // Reconnect tries again at once: connecting, then lost again with the same words.
  await lab.getByRole('button', { name: 'Reconnect' }).click();
  await expect(lab.getByText(new RegExp(`port ${closed}: Connection refused`))).toBeVisible({ timeout: 60_000 });
  await expect(lab).toHaveAttribute('data-state', 'lost', { timeout: 60_000 });

  // The narrow window (a tray popover, a phone over a tunnel): nothing cut, no sideways scroll.
  await page.setViewportSize({ width: 420, height: 860 });
  await expect(lab.getByRole('button', { name: 'Reconnect' })).toBeVisible();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(420);
  await page.screenshot({ path: join(shots, 'hosts-lost-narrow.png'), fullPage: true });
  await page.setViewportSize({ width: 1200, height: 860 });

  // Remove host asks first.
  await lab.getByRole('button', { name: 'Remove host…' }).click();
  await lab.getByRole('alertdialog', { name: 'Confirm removing lab' }).getByRole('button', { name: 'Remove' }).click();
  await expect(lab).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'This host' })).toHaveCount(0);
});

// ---- A connected host and a lost one, fed to the window at its socket -------------------------------------------

/** The moment the fed hosts are made, set when the test starts: "last seen 1m 35s ago" counts from there. */
let NOW = Date.now();

function remoteProfile(name: string, port: number): ProfileView {
  const base = {
    name,
    port,
    stateDir: `/home/me/.openclaw-${name}`,
    configPath: `/home/me/.openclaw-${name}/openclaw.json`,
    workspace: `/home/me/.openclaw-${name}/workspace`,
  };
  return {
    ...base,
    effectivePort: port,
    portSource: 'config',
    configured: true,
    configError: null,
    footprint: footprintOf(base),
    flags: { autostart: false, restartOnCrash: true, color: null, notes: '', mcpActions: false, openclawRuntime: null },
    browserProfiles: [],
  };
}

/** What lab's own audit finds: alpha and beta share a workspace. */
const labAudit = {
  findings: [
    {
      kind: 'shared-workspace',
      severity: 'warning',
      profiles: ['alpha', 'beta'],
      message: 'alpha and beta use the same workspace /home/me/shared on lab.',
      fix: 'Give each profile its own workspace.',
    },
  ],
  checkedAt: NOW,
  hasErrors: false,
};

/** lab's record of one gateway: up for the last hour. */
const labHistory = (profile: unknown) => ({
  profile,
  entries: [
    { at: NOW - 3_600_000, state: 'starting', reason: null, cause: { kind: 'person', by: 'app' } },
    { at: NOW - 3_590_000, state: 'ready', reason: null, cause: null },
  ],
  uptime24h: { upMs: 3_590_000, startingMs: 0, downMs: 0, intendedMs: 0, refusedMs: 0, unknownMs: 0, ratio: 1 },
  uptime7d: { upMs: 3_590_000, startingMs: 0, downMs: 0, intendedMs: 0, refusedMs: 0, unknownMs: 0, ratio: 1 },
  outages: [],
});

function remoteStatus(profile: string, port: number, state: GatewayStatus['state']): GatewayStatus {
  const running = state === 'ready';
  return {
    profile,
    state,
    reason: null,
    pid: running ? 31337 : null,
    owner: running ? 'lobsterpot' : null,
    startedAt: running ? NOW - 3_600_000 : null,
    readyAt: running ? NOW - 3_590_000 : null,
    restarts: 0,
    lastExit: null,
    port,
    listeners: running ? [{ port, pid: 31337, command: 'openclaw-gateway', profile } as never] : [],
    health: { live: running, ready: running, failing: [], checkedAt: running ? NOW : null },
    rpc: { version: null, configPath: null, checkedAt: null, error: null },
    service: { installed: false, active: false, label: null },
    nextRestartAt: null,
    phase: null,
    pendingRestart: null,
    ...careUnknown(),
  };
}

const fedHosts = (): HostView[] => [
  {
    name: 'lab',
    destination: 'me@lab.example',
    sshConfig: null,
    command: 'lobsterpot',
    state: 'connected',
    since: NOW - 600_000,
    message: null,
    retryAt: null,
    supervisor: { pid: 4242, kind: 'serve', startedByUs: true },
    remote: {
      profiles: [remoteProfile('alpha', 21000), remoteProfile('beta', 21120)],
      gateways: [remoteStatus('alpha', 21000, 'ready'), remoteStatus('beta', 21120, 'stopped')],
      findings: [],
      ephemeralRange: { from: 32768, to: 60999 },
      seenAt: NOW,
      live: true,
    },
  },
  {
    name: 'nas',
    destination: 'admin@nas.local',
    sshConfig: null,
    command: '~/bin/lobsterpot',
    state: 'lost',
    since: NOW - 30_000,
    message: 'ssh: connect to host nas.local port 22: No route to host',
    retryAt: NOW + 3_600_000,
    supervisor: null,
    remote: {
      // Its last word before the connection went: gamma was ready. It must not be shown so.
      profiles: [remoteProfile('gamma', 22000)],
      gateways: [remoteStatus('gamma', 22000, 'ready')],
      findings: [],
      ephemeralRange: { from: 32768, to: 60999 },
      seenAt: NOW - 95_000,
      live: false,
    },
  },
];

test('a connected host and a lost one (fed at the socket): grouped, stale states unknown, actions sent per host', async ({
  page,
}) => {
  const calls: { host: string; command: string; args: Record<string, unknown> }[] = [];
  const lastCall = (command: string) => calls.filter((c) => c.command === command).at(-1);
  NOW = Date.now();
  const hosts = fedHosts();
  await page.routeWebSocket(/\/api/, (ws) => {
    const upstream = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id: number; command: string; args: Record<string, unknown> };
      if (frame.command !== 'hosts.call') return upstream.send(message);
      const call = frame.args as { host: string; command: string; args: Record<string, unknown> };
      calls.push(call);
      const results: Record<string, unknown> = {
        'gateway.activeWork': { profile: call.args.name, activeWork: null, error: null, checkedAt: NOW },
        'gateway.stop': { profile: call.args.name, state: 'stopped', activeWork: null },
        'gateway.stopAll': [{ profile: 'alpha', state: 'stopped', activeWork: null }],
        'gateway.restart': remoteStatus('alpha', 21240, 'ready'),
        'profiles.update': { profile: { ...remoteProfile('alpha', 21240) }, restartNeeded: true },
        'audit.run': labAudit,
        'history.get': labHistory(call.args.name),
        'logs.tail': { lines: ['2026-01-01T10:00:00.000Z [gateway] ready on lab'], file: '/x' },
        'ports.suggest': { port: 21240 },
        'fleet.export': {
          format: call.args.format,
          directory: '/home/me/.local/share/lobsterpot/exports/compose-2026-01-01T10-00-00',
          files: ['compose.yaml', 'alpha/.env', 'README.md'],
          profiles: ['alpha', 'beta'],
          notes: ['Set OPENCLAW_GATEWAY_TOKEN in alpha/.env before `docker compose up`.'],
        },
      };
      // A command this fed host has no answer for fails as a real link would (HostLink.call checks every result
      // against its command's schema), never with a null the window would take for an answer.
      if (!(call.command in results)) {
        return ws.send(
          JSON.stringify({
            id: frame.id,
            ok: false,
            error: { code: 'failed', message: `lab has no answer for ${call.command} here` },
          }),
        );
      }
      ws.send(
        JSON.stringify({
          id: frame.id,
          ok: true,
          result: { host: call.host, command: call.command, result: results[call.command] },
        }),
      );
    });
    upstream.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { result?: Record<string, unknown> };
      if (frame.result && 'profiles' in frame.result && 'environment' in frame.result) frame.result.hosts = hosts;
      ws.send(JSON.stringify(frame));
    });
  });
  await page.goto(url);
  const lab = page.getByRole('region', { name: 'Host lab' });
  const nas = page.getByRole('region', { name: 'Host nas' });
  await expect(page.getByRole('region', { name: 'This host' })).toBeVisible();
  const details = page.getByRole('region', { name: 'Profile alpha on lab' });
  await test.step('grouped: this host first, then the hosts by name; a lost host’s states unknown', async () => {
    // This host, then the hosts by name.
    const order = await page
      .locator('main > section[aria-label]')
      .evaluateAll((all) => all.map((s) => s.getAttribute('aria-label')));
    expect(order.slice(0, 3)).toEqual(['This host', 'Host lab', 'Host nas']);

    await expect(lab.locator('[data-host-state]')).toHaveText('connected');
    await expect(lab.getByText('Lobsterpot serve pid 4242, started by Lobsterpot')).toBeVisible();
    await expect(lab.locator('tr[data-profile="alpha"] [data-state]')).toHaveText('ready');

    // nas's last known "ready" is never shown as such.
    await expect(nas.locator('[data-host-state]')).toHaveText('connection lost');
    await expect(nas.getByText('ssh: connect to host nas.local port 22: No route to host')).toBeVisible();
    await expect(nas.getByRole('button', { name: 'Reconnect' })).toBeEnabled();
    const gamma = nas.locator('tr[data-profile="gamma"]');
    await expect(gamma.locator('[data-state]')).toHaveText('unknown');
    await expect(gamma.getByText(/^\s*connection lost, last seen 1m \d+s ago$/)).toBeVisible();
    await expect(gamma).not.toContainText('ready');
    for (const verb of ['Start', 'Stop', 'Restart']) {
      const button = gamma.getByRole('button', { name: `${verb} gamma on nas`, exact: true });
      await expect(button).toBeDisabled();
      await expect(button).toHaveAttribute('title', 'nas is not reachable now (connection lost)');
    }
    await expect(nas.getByRole('status')).toContainText('The states of nas below are not live: connection lost');
    await page.screenshot({ path: join(shots, 'hosts-grouped.png'), fullPage: true });
    await expectAccessible(page, 'hosts grouped');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(shots, 'hosts-grouped-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await test.step('another host’s audit and histories are asked of it, and nothing of a lost one', async () => {
    // lab's own isolation audit, asked of lab when its part opens (its snapshot carries none), and on Check again.
    expect(calls.filter((c) => c.command === 'audit.run' || c.command === 'history.get')).toEqual([]);
    await lab.getByText('Isolation of lab', { exact: true }).click();
    const audit = lab.getByRole('region', { name: 'Isolation on lab' });
    await expect(audit.getByText('1 warning')).toBeVisible();
    await expect(audit.locator('.finding[data-kind="shared-workspace"]')).toContainText(
      'alpha and beta use the same workspace /home/me/shared on lab.',
    );
    const audits = () => calls.filter((c) => c.host === 'lab' && c.command === 'audit.run').length;
    const before = audits();
    await audit.getByRole('button', { name: 'Check the isolation on lab again' }).click();
    await expect.poll(audits).toBe(before + 1);
    // lab's histories, from lab.
    await lab.getByText('Timeline of lab', { exact: true }).click();
    const labTimeline = lab.getByRole('region', { name: 'Timeline on lab' });
    await expect(labTimeline.getByLabel('alpha uptime over 24 h')).toHaveText('99.7 %');
    expect(calls.some((c) => c.host === 'lab' && c.command === 'history.get' && c.args.name === 'beta')).toBe(true);
    // Nothing is asked of nas while it is lost: its audit says why, Check again waits for it.
    await nas.getByText('Isolation of nas', { exact: true }).click();
    const nasAudit = nas.getByRole('region', { name: 'Isolation on nas' });
    await expect(nasAudit).toContainText('not checked');
    await expect(nasAudit.getByRole('button', { name: 'Check the isolation on nas again' })).toBeDisabled();
    expect(calls.filter((c) => c.host === 'nas')).toEqual([]);
    await page.screenshot({ path: join(shots, 'hosts-remote-audit.png'), fullPage: true });
  });

  await test.step('Start all, Stop all and Stop per host go to that host', async () => {
    // Start all, Stop all and Restart all per host: lab's go to lab; nas's wait for nas, with the reason.
    for (const verb of ['Start all', 'Stop all', 'Restart all']) {
      const button = nas.getByRole('button', { name: `${verb} on nas`, exact: true });
      await expect(button).toBeDisabled();
      await expect(button).toHaveAttribute('title', 'nas is not reachable now (connection lost)');
    }
    await lab.getByRole('button', { name: 'Stop all on lab', exact: true }).click();
    await expect.poll(() => lastCall('gateway.stopAll')).toEqual({ host: 'lab', command: 'gateway.stopAll', args: {} });
    // The header's own Stop all is this host's, and off: nothing runs here (issue 21: Stop all needs a running gateway).
    await expect(page.getByRole('button', { name: 'Stop all', exact: true })).toBeDisabled();

    // Stop on lab goes to lab, with the local command's own arguments.
    await lab.getByRole('button', { name: 'Stop alpha on lab' }).click();
    await expect
      .poll(() => lastCall('gateway.stop'))
      .toEqual({ host: 'lab', command: 'gateway.stop', args: { name: 'alpha' } });
  });

  await test.step('a profile of another host in the one profile panel: status, logs, actions', async () => {
    // A remote profile's details: its logs come from lab.
    await lab.getByRole('button', { name: 'alpha on lab', exact: true }).click();
    await expect(details.getByText('pid 31337 on lab')).toBeVisible();
    await details.getByRole('tab', { name: 'Logs' }).click();
    await expect(details.getByLabel('Log of alpha on lab')).toContainText('[gateway] ready on lab');
    expect(calls.some((c) => c.host === 'lab' && c.command === 'logs.tail')).toBe(true);
    // Its Status tab shows lab's record of it.
    await details.getByRole('tab', { name: 'Status' }).click();
    await expect(details.getByRole('region', { name: 'History of alpha' })).toContainText('up 99.7 % over 24 h');
    // The same panel as this host's: its actions go to lab, and what cannot be done from here says why.
    const open = details.getByRole('button', { name: 'Open dashboard' });
    await expect(open).toBeDisabled();
    await expect(open).toHaveAttribute('title', /listens on lab's own 127\.0\.0\.1: open it on lab/);
    await details.getByRole('button', { name: 'Stop alpha on lab', exact: true }).click();
    await expect.poll(() => calls.filter((c) => c.command === 'gateway.stop').length).toBe(2);
    await details.screenshot({ path: join(shots, 'hosts-remote-status.png') });
  });

  await test.step('edit it on lab: checked against lab’s profiles, saved there, the restart sent there', async () => {
    // Edit it: checked as typed against lab's profiles, the suggestion from lab's planner, saved on lab.
    await details.getByRole('tab', { name: 'Edit' }).click();
    const editor = details.getByRole('form', { name: 'Edit alpha' });
    await editor.getByLabel('Base port').fill('21050');
    await expect(editor.locator('.finding-error[data-kind="footprint-overlap"]')).toContainText('beta (21120)');
    await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
    await expect
      .poll(() => lastCall('ports.suggest'))
      .toEqual({
        host: 'lab',
        command: 'ports.suggest',
        args: { near: 21050, exclude: 'alpha' },
      });
    await editor.getByRole('button', { name: 'Use suggested port 21240' }).click();
    await expect(editor.getByLabel('Base port')).toHaveValue('21240');
    await expect(editor.getByText('No clashes.')).toBeVisible();
    await details.screenshot({ path: join(shots, 'hosts-remote-edit.png') });
    await expectAccessible(page, 'remote edit');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('status')).toHaveText('Saved on lab through OpenClaw’s own config writer.');
    expect(lastCall('profiles.update')).toEqual({
      host: 'lab',
      command: 'profiles.update',
      args: { name: 'alpha', port: 21240 },
    });
    // alpha runs on lab: the restart that applies the port goes there too.
    await editor.getByRole('button', { name: 'Restart to apply the new port' }).click();
    await expect
      .poll(() => lastCall('gateway.restart'))
      .toEqual({
        host: 'lab',
        command: 'gateway.restart',
        args: { name: 'alpha' },
      });
  });

  await test.step('its Manage tab, a New profile and an Export on lab', async () => {
    // Its Manage tab is this host's too: its flags are set on lab, and it exports that one profile.
    await details.getByRole('tab', { name: 'Manage' }).click();
    await details.getByLabel('Start with Lobsterpot').click();
    await expect
      .poll(() => lastCall('profiles.setFlags'))
      .toEqual({ host: 'lab', command: 'profiles.setFlags', args: { name: 'alpha', flags: { autostart: true } } });
    await expect(details.getByRole('button', { name: 'Delete alpha on lab…' })).toBeEnabled();
    // Paths there are lab's: the fields say so (a placeholder saying it was cut off in the narrow field).
    await expect(details.getByLabel('Into folder on lab')).toHaveAttribute('placeholder', "Lobsterpot's backups");
    await expect(details.getByLabel('Archive on lab')).toBeVisible();
    await details.screenshot({ path: join(shots, 'hosts-remote-manage.png') });
    await details.getByRole('button', { name: 'Export to Kubernetes…' }).click();
    const one = page.getByRole('dialog', { name: 'Export' });
    await expect(one.getByText('Exports profile alpha on host lab.')).toBeVisible();
    await expect(one.getByLabel('Kubernetes')).toBeChecked();
    await page.keyboard.press('Escape');

    // New profile on lab: the suggestion is lab's, the plan is against lab's profiles.
    await lab.getByRole('button', { name: 'New profile…' }).click();
    const create = page.getByRole('dialog', { name: 'New profile on lab' });
    await expect(create.getByLabel('Base port')).toHaveValue('21240');
    await create.getByLabel('Base port').fill('21050');
    const overlaps = create.locator('.finding-error[data-kind="footprint-overlap"]');
    await expect(overlaps.filter({ hasText: 'alpha (21000)' })).toHaveCount(1);
    await expect(overlaps.filter({ hasText: 'beta (21120)' })).toHaveCount(1);
    await expect(create.getByText(/checked against the 2 profiles/)).toBeVisible();
    await page.screenshot({ path: join(shots, 'hosts-new-profile.png') });
    await page.keyboard.press('Escape');

    // Export every profile of lab, to Docker Compose: the folder, the files, the notes.
    await lab.getByRole('button', { name: 'Export…' }).click();
    const exporting = page.getByRole('dialog', { name: 'Export' });
    await expect(exporting.getByText('Exports every profile that is set up on host lab.')).toBeVisible();
    await exporting.getByLabel('Output folder').fill('relative/out');
    await expect(exporting.getByText(/^Output folder /)).toBeVisible();
    await exporting.getByLabel('Output folder').fill('');
    await exporting.getByRole('button', { name: 'Export', exact: true }).click();
    const result = exporting.getByRole('status', { name: 'Export result' });
    await expect(result).toContainText('Docker Compose: wrote 3 files for alpha, beta.');
    await expect(result.getByRole('button', { name: /^Copy \/home\/me\/.*compose-2026/ })).toBeVisible();
    await expect(result.getByRole('list', { name: 'Notes' })).toContainText('OPENCLAW_GATEWAY_TOKEN');
    expect(lastCall('fleet.export')).toEqual({
      host: 'lab',
      command: 'fleet.export',
      args: { format: 'compose', profiles: [], force: false },
    });
    await page.screenshot({ path: join(shots, 'hosts-export.png') });
    await expectAccessible(page, 'export result');
    await page.keyboard.press('Escape');
  });

  await test.step('a lost host’s profile cannot be edited; the narrow window', async () => {
    // nas's gamma cannot be edited while nas is lost: the fields are disabled, with the reason.
    await nas.getByRole('button', { name: 'gamma on nas', exact: true }).click();
    const gammaDetails = page.getByRole('region', { name: 'Profile gamma on nas' });
    await gammaDetails.getByRole('tab', { name: 'Edit' }).click();
    await expect(
      gammaDetails.getByText('Nothing can be changed now: nas is not reachable now (connection lost).'),
    ).toBeVisible();
    await expect(gammaDetails.getByLabel('Base port')).toBeDisabled();
    await expect(gammaDetails.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(calls.filter((c) => c.host === 'nas')).toEqual([]);
    await gammaDetails.screenshot({ path: join(shots, 'hosts-remote-edit-lost.png') });

    await page.setViewportSize({ width: 420, height: 860 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(420);
    await expect(lab.getByRole('button', { name: 'Restart all on lab' })).toBeVisible();
    await page.screenshot({ path: join(shots, 'hosts-narrow.png'), fullPage: true });
    await expectAccessible(page, 'hosts narrow');
  });
});
