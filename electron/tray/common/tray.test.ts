import { describe, expect, it } from 'vitest';
import {
  gatewayStates,
  isRunningState,
  type GatewayStatus,
  type HostView,
  type ProfileView,
} from '../../contract/contract.ts';
import { gatewayStatus, hostView, profileView } from '../../contract/fixtures.ts';
import {
  aggregateState,
  gatewayNotification,
  parseShowLogsHash,
  parseShowLogsTarget,
  showLogsHash,
  trayMenu,
  trayTooltip,
  type TrayItem,
} from './tray.ts';

const profile = (name: string, port: number) => profileView(name, port);
/** The port each test profile has (`profile(name, port)`), so a gateway's status says the same one. */
const PORTS: Record<string, number> = { alpha: 40000, beta: 40120, gamma: 40240, delta: 40360, main: 40000 };
const gateway = (profile: string, state: GatewayStatus['state'], reason: string | null = null, port = PORTS[profile]) =>
  gatewayStatus(profile, port ?? 40000, { state, reason });

describe('tray model', () => {
  it('aggregates: none running, all ready, some failing', () => {
    expect(aggregateState([gateway('a', 'stopped')])).toBe('idle');
    expect(aggregateState([gateway('a', 'ready'), gateway('b', 'external')])).toBe('ready');
    expect(aggregateState([gateway('a', 'ready'), gateway('b', 'starting')])).toBe('busy');
    expect(aggregateState([gateway('a', 'ready'), gateway('b', 'port-blocked')])).toBe('failing');
  });

  it('builds the menu from state', () => {
    const menu = trayMenu(
      [profile('alpha', 40000), profile('beta', 40120)],
      [gateway('alpha', 'ready'), gateway('beta', 'port-blocked', 'port 40120 is in use by pid 9')],
      true,
    );
    expect(menu[0]).toEqual({
      kind: 'submenu',
      label: 'alpha — ready · 40000',
      items: [
        { kind: 'item', label: 'ready on port 40000', enabled: false },
        { kind: 'separator' },
        { kind: 'item', label: 'Start', enabled: false, action: { type: 'start', profile: 'alpha' } },
        { kind: 'item', label: 'Stop', enabled: true, action: { type: 'stop', profile: 'alpha' } },
        { kind: 'item', label: 'Restart', enabled: true, action: { type: 'restart', profile: 'alpha' } },
        { kind: 'item', label: 'Open dashboard', enabled: true, action: { type: 'open-dashboard', profile: 'alpha' } },
        { kind: 'item', label: 'Show logs', enabled: true, action: { type: 'show-logs', profile: 'alpha' } },
      ],
    });
    const beta = menu[1];
    expect(beta?.kind === 'submenu' && beta.items[0]).toEqual({
      kind: 'item',
      label: 'port 40120 is in use by pid 9',
      enabled: false,
    });
    expect(beta?.kind === 'submenu' && beta.items[2]).toMatchObject({ label: 'Start', enabled: true });
    expect(menu.slice(2).map((item) => ('label' in item ? item.label : '—'))).toEqual([
      '—',
      'Start all',
      'Stop all',
      '—',
      'Open Lobsterpot',
      'Launch at login',
      'Quit',
    ]);
    expect(menu.find((item) => item.kind === 'check')).toEqual({
      kind: 'check',
      label: 'Launch at login',
      checked: true,
      action: { type: 'toggle-login' },
    });
  });

  it('says so when there are no profiles', () => {
    const menu = trayMenu([], [], false);
    expect(menu[0]).toEqual({ kind: 'item', label: 'No profiles yet', enabled: false });
    expect(menu.find((item) => 'label' in item && item.label === 'Stop all')).toMatchObject({ enabled: false });
  });
});

describe('tray menu in every state', () => {
  const enabled = (item: TrayItem | undefined, label: string) => {
    if (item?.kind !== 'submenu') throw new Error('not a profile submenu');
    const found = item.items.find((entry) => entry.kind === 'item' && entry.label === label);
    return found?.kind === 'item' && found.enabled;
  };

  it.each(gatewayStates)('offers what a %s gateway allows', (state) => {
    const menu = trayMenu([profile('alpha', 40000)], [gateway('alpha', state)], false);
    expect(menu[0]).toMatchObject({ kind: 'submenu', label: `alpha — ${state} · 40000` });
    expect(enabled(menu[0], 'Start')).toBe(!isRunningState(state));
    expect(enabled(menu[0], 'Stop')).toBe(isRunningState(state));
    expect(enabled(menu[0], 'Restart')).toBe(isRunningState(state));
    expect(enabled(menu[0], 'Open dashboard')).toBe(state === 'ready' || state === 'external');
    expect(enabled(menu[0], 'Show logs')).toBe(true);
    expect(menu.find((item) => 'label' in item && item.label === 'Stop all')).toMatchObject({
      enabled: isRunningState(state),
    });
  });

  it('cannot start a profile whose config is broken', () => {
    const broken: ProfileView = { ...profile('alpha', 40000), configError: 'gateway.mode is missing' };
    expect(enabled(trayMenu([broken], [], false)[0], 'Start')).toBe(false);
  });

  it('lists many profiles in order, a stopped one when it has no status yet', () => {
    const names = ['alpha', 'beta', 'gamma', 'delta'];
    const menu = trayMenu(
      names.map((name, i) => profile(name, 40000 + i * 120)),
      [gateway('alpha', 'ready'), gateway('gamma', 'crash-looping', 'exited 5 times in 60 s')],
      false,
    );
    expect(menu.slice(0, 4).map((item) => item.kind === 'submenu' && item.label)).toEqual([
      'alpha — ready · 40000',
      'beta — stopped · 40120',
      'gamma — crash-looping · 40240',
      'delta — stopped · 40360',
    ]);
    expect(menu[2]?.kind === 'submenu' && menu[2].items[0]).toMatchObject({ label: 'exited 5 times in 60 s' });
    expect(menu.find((item) => 'label' in item && item.label === 'Start all')).toMatchObject({ enabled: true });
  });
});

describe('"Show logs" deep link', () => {
  it('round-trips a profile name through the window hash', () => {
    expect(showLogsHash('alpha')).toBe('logs/alpha');
    expect(parseShowLogsHash(`#${showLogsHash('rescue-2')}`)).toBe('rescue-2');
    expect(parseShowLogsHash(showLogsHash('a_b'))).toBe('a_b');
    expect(parseShowLogsHash('')).toBeNull();
    expect(parseShowLogsHash('#logs/')).toBeNull();
    expect(parseShowLogsHash('#settings')).toBeNull();
    expect(parseShowLogsHash('#logs/%E0%A4%A')).toBeNull();
  });
});

describe('notifications', () => {
  const exit = { code: null, signal: 'SIGKILL', meaning: 'killed (SIGKILL)', at: 0 };
  it('tells of a crash, a crash loop, a blocked port and a config error, once each', () => {
    const status = (state: GatewayStatus['state'], reason: string | null = null) =>
      gatewayStatus('alpha', 0, { state, reason, lastExit: exit });
    expect(gatewayNotification('ready', status('restarting', 'restarting in 1.0 s'))).toEqual({
      title: 'alpha: crashed (killed (SIGKILL)), restarting',
      body: 'restarting in 1.0 s',
    });
    expect(gatewayNotification('restarting', status('crash-looping', 'exited 5 times'))).toEqual({
      title: 'alpha: crash-looping',
      body: 'exited 5 times',
    });
    expect(gatewayNotification('stopped', status('port-blocked'))).toEqual({ title: 'alpha: port-blocked', body: '' });
    expect(gatewayNotification('port-blocked', status('port-blocked'))).toBeNull();
    expect(gatewayNotification('starting', status('restarting'))).toBeNull();
    expect(gatewayNotification('starting', status('ready'))).toBeNull();
  });
});

describe('tray tooltip and phases', () => {
  const starting = gatewayStatus('alpha', 40000, {
    state: 'starting',
    startedAt: 1000,
    phase: { name: 'starting-up', since: 3000, detail: 'startup-sidecars' },
  });
  const pending = gatewayStatus('beta', 40120, { state: 'ready', pendingRestart: 'port 40240 (runs on 40120)' });

  it("shows each gateway's start phase with the time since its start, and restart to apply", () => {
    expect(trayTooltip([starting, pending, gateway('gamma', 'stopped')], 5200)).toBe(
      'Lobsterpot: busy\nalpha: starting: starting up (startup-sidecars) · 4s\nbeta: restart to apply: port 40240 (runs on 40120)',
    );
  });

  it('labels the menu with the phase and restart to apply, on the port the gateway runs on', () => {
    const menu = trayMenu([profile('alpha', 40000), profile('beta', 40240)], [starting, pending], false);
    expect(menu.slice(0, 2).map((item) => item.kind === 'submenu' && item.label)).toEqual([
      'alpha — starting: starting up · 40000',
      'beta — restart to apply · 40120',
    ]);
    const beta = menu[1];
    expect(beta?.kind === 'submenu' && beta.items[4]).toMatchObject({ label: 'Restart', enabled: true });
  });

  it('announces a crash that is not restarted, but not a stop a person asked for', () => {
    const crashed = {
      ...gateway('alpha', 'stopped', 'exited: failed (exit 1)'),
      lastExit: { code: 1, signal: null, meaning: 'failed (exit 1)', at: 0 },
    };
    expect(gatewayNotification('ready', crashed)?.title).toBe('alpha: crashed (failed (exit 1))');
    expect(gatewayNotification('ready', gateway('alpha', 'stopped'))).toBeNull();
  });
});

describe('the watchdog in the tray', () => {
  it('turns the icon to failing and marks the profile while an alert is unacknowledged', () => {
    const view = profileView('main', 21000);
    const alert = { since: 0, alerts: 1, nextAt: 1, acknowledged: false };
    const status = (watchdog: GatewayStatus['watchdog']) =>
      gatewayStatus('main', 21000, { state: 'starting', watchdog });
    expect(aggregateState([status(alert)])).toBe('failing');
    expect(aggregateState([status({ ...alert, acknowledged: true })])).toBe('busy');
    expect(trayMenu([view], [status(alert)], false)[0]).toMatchObject({ label: 'main — starting · 21000 ⚠ not ready' });
  });
});

describe('other hosts in the tray', () => {
  const remote = (live: boolean): HostView['remote'] => ({
    profiles: [profile('alpha', 20000), profile('beta', 20120)],
    gateways: [gateway('alpha', 'ready', null, 20000), gateway('beta', 'stopped', null, 20120)],
    findings: [],
    ephemeralRange: null,
    seenAt: 0,
    live,
  });
  const host = (name: string, patch: Partial<HostView> = {}): HostView =>
    hostView({
      name,
      destination: `me@${name}.example`,
      retryAt: 30_000,
      supervisor: { pid: 99, kind: 'serve', startedByUs: true },
      remote: remote(true),
      ...patch,
    });
  const labels = (items: readonly TrayItem[]) => items.map((item) => ('label' in item ? item.label : '—'));
  const submenu = (items: readonly TrayItem[], label: string) => {
    const found = items.find((item) => item.kind === 'submenu' && item.label.startsWith(label));
    if (found?.kind !== 'submenu') throw new Error(`no submenu ${label} in ${labels(items).join(' | ')}`);
    return found.items;
  };

  it('leaves the menu as it was without other hosts', () => {
    const without = trayMenu([profile('alpha', 40000)], [], false);
    expect(trayMenu([profile('alpha', 40000)], [], false, [])).toEqual(without);
    expect(labels(without)).not.toContain('This host');
  });

  it('groups by host: this host first, then each host with its state and profiles, actions sent there', () => {
    const menu = trayMenu([profile('main', 40000)], [gateway('main', 'ready')], false, [
      host('zeta', { state: 'lost', message: 'ssh: Connection refused', supervisor: null, remote: remote(false) }),
      host('lab'),
    ]);
    expect(labels(menu)).toEqual([
      'This host',
      'main — ready · 40000',
      '—',
      'Other hosts',
      'lab — connected',
      'zeta — connection lost',
      '—',
      'Start all on this host',
      'Stop all on this host',
      '—',
      'Open Lobsterpot',
      'Launch at login',
      'Quit',
    ]);
    const lab = submenu(menu, 'lab');
    expect(labels(lab)).toEqual(['Lobsterpot serve pid 99', '—', 'alpha — ready · 20000', 'beta — stopped · 20120']);
    const alpha = submenu(lab, 'alpha');
    expect(alpha).toContainEqual({
      kind: 'item',
      label: 'Stop',
      enabled: true,
      action: { type: 'stop', profile: 'alpha', host: 'lab' },
    });
    expect(labels(alpha)).not.toContain('Open dashboard');
    expect(alpha).toContainEqual({
      kind: 'item',
      label: 'Show logs',
      enabled: true,
      action: { type: 'show-logs', profile: 'alpha', host: 'lab' },
    });
  });

  it.each(['lost', 'connecting', 'starting-serve', 'connected-stale'] as const)(
    'shows no stale running marks while %s',
    (kind) => {
      const state = kind === 'connected-stale' ? 'connected' : kind;
      const menu = trayMenu([], [], false, [
        host('lab', { state, message: kind === 'lost' ? 'ssh: Connection refused' : null, remote: remote(false) }),
      ]);
      const lab = submenu(menu, 'lab');
      const expected = {
        lost: 'connection lost',
        connecting: 'connecting',
        'starting-serve': 'starting serve there',
        'connected-stale': 'connected, not live',
      }[kind];
      expect(labels(menu)).toContain(`lab — ${expected}`);
      const rows = lab.filter((item) => 'label' in item && /^(alpha|beta)/.test(item.label));
      expect(rows).toEqual([
        { kind: 'item', label: `alpha — unknown (${expected})`, enabled: false },
        { kind: 'item', label: `beta — unknown (${expected})`, enabled: false },
      ]);
      expect(JSON.stringify(lab)).not.toMatch(/ready/);
      const reconnect = lab.find((item) => 'label' in item && item.label === 'Reconnect');
      expect(Boolean(reconnect)).toBe(kind === 'lost' || kind === 'connecting');
      if (kind === 'lost') {
        expect(lab[0]).toEqual({ kind: 'item', label: 'ssh: Connection refused', enabled: false });
        expect(reconnect).toEqual({
          kind: 'item',
          label: 'Reconnect',
          enabled: true,
          action: { type: 'reconnect-host', host: 'lab' },
        });
      }
    },
  );

  it('says when a host was never seen, and tells of hosts in the tooltip', () => {
    const fresh = host('lab', { state: 'connecting', supervisor: null, remote: null });
    expect(labels(submenu(trayMenu([], [], false, [fresh]), 'lab'))).toEqual([
      'me@lab.example',
      'Reconnect',
      '—',
      'Profiles not known yet',
    ]);
    const lost = host('zeta', { state: 'lost', message: 'ssh: Connection refused', remote: remote(false) });
    expect(trayTooltip([], 0, [lost, host('lab')])).toBe(
      'Lobsterpot: idle\nlab: connected, 1 of 2 running\nzeta: connection lost (ssh: Connection refused)',
    );
  });

  it("links to another host's profile logs", () => {
    expect(showLogsHash('alpha', 'lab')).toBe('logs/lab/alpha');
    expect(parseShowLogsTarget(`#${showLogsHash('alpha', 'lab')}`)).toEqual({ host: 'lab', profile: 'alpha' });
    expect(parseShowLogsTarget(`#${showLogsHash('alpha')}`)).toEqual({ host: null, profile: 'alpha' });
    expect(parseShowLogsTarget('#logs/a/b/c')).toBeNull();
    expect(parseShowLogsHash('#logs/lab/alpha')).toBeNull();
  });
});
