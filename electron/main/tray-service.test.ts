import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type GatewayStatus } from '../contract/contract.ts';
import { gatewayStatus, profileView } from '../contract/fixtures.ts';
import type { Aggregate, TrayAction } from '../tray/common/tray.ts';
import { TrayService, changesTray, trayActions, type TrayActionTargets, type TrayHandle } from './tray-service.ts';

const profile = (name: string, port: number) => profileView(name, port);
const gateway = (name: string, state: GatewayStatus['state']) => gatewayStatus(name, 40000, { state });
const snapshot = (gateways: GatewayStatus[], profiles = [profile('alpha', 40000)], launchAtLogin = false) => ({
  profiles,
  gateways,
  settings: { ...defaultSettings(), launchAtLogin },
});

/** Records what the service asks of the tray, in order. */
function fakeTray() {
  const calls: string[] = [];
  let menu: MenuItemConstructorOptions[] = [];
  let clickListener: (() => void) | null = null;
  const created: Aggregate[] = [];
  const handle: TrayHandle = {
    setImage: (state) => calls.push(`image ${state}`),
    setToolTip: (text) => calls.push(`tooltip ${text}`),
    setContextMenu: (template) => {
      calls.push('menu');
      menu = template;
    },
    onClick: (listener) => (clickListener = listener),
    destroy: () => calls.push('destroy'),
  };
  return {
    calls,
    created,
    menu: () => menu,
    clickIcon: () => clickListener?.(),
    createTray: (state: Aggregate) => {
      created.push(state);
      return handle;
    },
  };
}

describe('tray service', () => {
  it('creates one tray and redraws only what changed', () => {
    const tray = fakeTray();
    const service = new TrayService({ createTray: tray.createTray, act: () => undefined });
    service.render(snapshot([gateway('alpha', 'stopped')]));
    expect(tray.created).toEqual(['idle']);
    expect(tray.calls).toEqual(['image idle', 'tooltip Lobsterpot: idle', 'menu']);

    tray.calls.length = 0;
    service.render(snapshot([gateway('alpha', 'stopped')]));
    expect(tray.calls).toEqual([]);

    service.render(snapshot([gateway('alpha', 'starting')]));
    expect(tray.calls).toEqual(['image busy', 'tooltip Lobsterpot: busy\nalpha: starting', 'menu']);
    expect(tray.created).toEqual(['idle']);
  });

  it.each([
    [[gateway('alpha', 'stopped')], 'idle'],
    [[gateway('alpha', 'ready')], 'ready'],
    [[gateway('alpha', 'ready'), gateway('beta', 'restarting')], 'busy'],
    [[gateway('alpha', 'ready'), gateway('beta', 'crash-looping')], 'failing'],
  ] as const)('shows the aggregate state in its icon', (gateways, icon) => {
    const tray = fakeTray();
    const service = new TrayService({ createTray: tray.createTray, act: () => undefined });
    service.render(snapshot([...gateways], [profile('alpha', 40000), profile('beta', 40120)]));
    expect(tray.calls[0]).toBe(`image ${icon}`);
    expect(service.state).toBe(icon);
  });

  it('redraws the menu but not the icon when only the menu changes', () => {
    const tray = fakeTray();
    const service = new TrayService({ createTray: tray.createTray, act: () => undefined });
    service.render(snapshot([]));
    tray.calls.length = 0;
    service.render(snapshot([], [profile('alpha', 40000)], true));
    expect(tray.calls).toEqual(['menu']);
    expect(tray.menu().find((item) => item.label === 'Launch at login')).toMatchObject({ checked: true });
  });

  it('hands each clicked item its action', () => {
    const tray = fakeTray();
    const actions: TrayAction[] = [];
    const service = new TrayService({ createTray: tray.createTray, act: (action) => actions.push(action) });
    service.render(snapshot([gateway('alpha', 'ready')]));
    service.click(['alpha — ready · 40000', 'Stop']);
    service.click(['alpha — ready · 40000', 'Show logs']);
    service.click(['Launch at login']);
    service.click(['Quit']);
    expect(actions).toEqual([
      { type: 'stop', profile: 'alpha' },
      { type: 'show-logs', profile: 'alpha' },
      { type: 'toggle-login' },
      { type: 'quit' },
    ]);
    expect(() => service.click(['alpha — ready · 40000', 'Start'])).toThrow(/disabled/);
    expect(() => service.click(['beta'])).toThrow(/no tray menu item/);
  });

  it('is redrawn for profile, state and settings events, not for log lines or findings', () => {
    expect(changesTray({ type: 'profile-removed', name: 'alpha' })).toBe(true);
    expect(changesTray({ type: 'settings-changed', settings: defaultSettings() })).toBe(true);
    expect(changesTray({ type: 'host-removed', name: 'lab' })).toBe(true);
    expect(changesTray({ type: 'log-lines', name: 'alpha', lines: ['x'] })).toBe(false);
    expect(changesTray({ type: 'conflicts', findings: [], listeners: [] })).toBe(false);
  });

  it('opens the window on a click of the icon where asked to (Windows)', () => {
    const tray = fakeTray();
    let opened = 0;
    const service = new TrayService({ createTray: tray.createTray, act: () => undefined, onClick: () => opened++ });
    service.render(snapshot([]));
    tray.clickIcon();
    expect(opened).toBe(1);
  });
});

describe('defect 12: quitting', () => {
  it('says "Quitting…" in the menu and tooltip while the quit policy runs, and no state redraws it', () => {
    const tray = fakeTray();
    const service = new TrayService({ createTray: tray.createTray, act: () => undefined });
    service.render(snapshot([gateway('alpha', 'ready')]));
    tray.calls.length = 0;
    service.quitting(1);
    expect(tray.calls).toEqual(['tooltip Lobsterpot: Quitting… stopping 1 gateway', 'menu']);
    expect(tray.menu()).toEqual([{ label: 'Quitting… stopping 1 gateway', enabled: false }]);
    expect(service.model).toEqual([{ kind: 'item', label: 'Quitting… stopping 1 gateway', enabled: false }]);
    service.render(snapshot([gateway('alpha', 'stopping')]));
    expect(tray.calls).toHaveLength(2);
  });
});

describe('defect 14: the tooltip as the OS can show it', () => {
  it('goes through fitTooltip', () => {
    const tray = fakeTray();
    const service = new TrayService({
      createTray: tray.createTray,
      act: () => undefined,
      fitTooltip: (text) => text.slice(0, 8),
    });
    service.render(snapshot([gateway('alpha', 'stopped')]));
    expect(tray.calls).toContain('tooltip Lobsterp');
  });
});

describe('tray actions', () => {
  function targets(overrides: Partial<TrayActionTargets> = {}) {
    const done: string[] = [];
    const all: TrayActionTargets = {
      execute: async (command, args) => {
        done.push(`${command} ${JSON.stringify(args)}`);
        return command === 'gateway.dashboard' ? { openUrl: 'http://127.0.0.1:40000/#bootstrapToken=x' } : undefined;
      },
      profiles: () => [profile('alpha', 40000)],
      launchAtLogin: () => false,
      showWindow: () => void done.push('window'),
      showLogs: (name) => void done.push(`logs ${name}`),
      openExternal: (url) => void done.push(`open ${url}`),
      quit: () => void done.push('quit'),
      report: (message) => void done.push(`report ${message}`),
      ...overrides,
    };
    return { done, act: trayActions(all) };
  }

  it.each([
    [{ type: 'start', profile: 'alpha' }, 'gateway.start {"name":"alpha"}'],
    [{ type: 'stop', profile: 'alpha' }, 'gateway.stop {"name":"alpha"}'],
    [{ type: 'restart', profile: 'alpha' }, 'gateway.restart {"name":"alpha"}'],
    [{ type: 'start-all' }, 'gateway.startAll {}'],
    [{ type: 'stop-all' }, 'gateway.stopAll {}'],
    [{ type: 'toggle-login' }, 'settings.update {"launchAtLogin":true}'],
    [{ type: 'show-logs', profile: 'alpha' }, 'logs alpha'],
    [{ type: 'open-window' }, 'window'],
    [{ type: 'quit' }, 'quit'],
    [
      { type: 'start', profile: 'alpha', host: 'lab' },
      'hosts.call {"host":"lab","command":"gateway.start","args":{"name":"alpha"}}',
    ],
    [
      { type: 'stop', profile: 'alpha', host: 'lab' },
      'hosts.call {"host":"lab","command":"gateway.stop","args":{"name":"alpha"}}',
    ],
    [
      { type: 'restart', profile: 'alpha', host: 'lab' },
      'hosts.call {"host":"lab","command":"gateway.restart","args":{"name":"alpha"}}',
    ],
    [{ type: 'reconnect-host', host: 'lab' }, 'hosts.reconnect {"name":"lab"}'],
    [{ type: 'show-logs', profile: 'alpha', host: 'lab' }, 'window'],
  ] as [TrayAction, string][])('%o issues %s', async (action, expected) => {
    const { done, act } = targets();
    await act(action);
    expect(done).toEqual([expected]);
  });

  it('opens the dashboard by the core’s URL (OpenClaw’s one-time pairing), not a bare address', async () => {
    const { done, act } = targets();
    await act({ type: 'open-dashboard', profile: 'alpha' });
    expect(done).toEqual(['gateway.dashboard {"name":"alpha"}', 'open http://127.0.0.1:40000/#bootstrapToken=x']);
  });

  it('reports a failed command instead of dropping it', async () => {
    const { done, act } = targets({
      execute: async () => {
        throw new Error('port 40000 is in use by pid 9');
      },
    });
    await act({ type: 'start', profile: 'alpha' });
    expect(done).toEqual(['report port 40000 is in use by pid 9']);
  });

  it("shows another host's profile logs where the window can, never the local profile of that name", async () => {
    const { done, act } = targets({ showHostLogs: (host, name) => void done.push(`logs ${host}/${name}`) });
    await act({ type: 'show-logs', profile: 'alpha', host: 'lab' });
    expect(done).toEqual(['logs lab/alpha']);
  });

  it('opens no dashboard for a profile that is gone', async () => {
    const { done, act } = targets({ profiles: () => [] });
    await act({ type: 'open-dashboard', profile: 'alpha' });
    expect(done).toEqual([]);
  });
});
