import { describe, expect, it } from 'vitest';
import type { GatewayStatus, ProfileView } from './contract.ts';
import { aggregateState, gatewayNotification, trayMenu } from './tray.ts';

const profile = (name: string, port: number) => ({ name, effectivePort: port, configError: null }) as ProfileView;
const gateway = (profile: string, state: GatewayStatus['state'], reason: string | null = null) =>
  ({ profile, state, reason }) as GatewayStatus;

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

describe('notifications', () => {
  const exit = { code: null, signal: 'SIGKILL', meaning: 'killed (SIGKILL)', at: 0 };
  it('tells of a crash, a crash loop, a blocked port and a config error, once each', () => {
    const status = (state: GatewayStatus['state'], reason: string | null = null) =>
      ({ profile: 'alpha', state, reason, lastExit: exit }) as GatewayStatus;
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
