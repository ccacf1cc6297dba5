// The tray, as Signal's SystemTrayService: built from an injected Tray factory, redrawn through one render(), and only
// where something changed. Menu clicks become core commands in trayActions().
import type { MenuItemConstructorOptions } from 'electron';
import type {
  CommandArgs,
  CommandName,
  DashboardAccess,
  LobsterpotEvent,
  ProfileView,
  Snapshot,
} from '../contract/contract.ts';
import {
  aggregateState,
  trayMenu,
  trayTooltip,
  type Aggregate,
  type TrayAction,
  type TrayItem,
} from '../tray/common/tray.ts';

/** The part of Electron's Tray the service uses; main adapts the real one. */
export interface TrayHandle {
  setImage(state: Aggregate): void;
  setToolTip(text: string): void;
  setContextMenu(template: MenuItemConstructorOptions[]): void;
  onClick(listener: () => void): void;
  destroy(): void;
}

export interface TrayServiceOptions {
  createTray(state: Aggregate): TrayHandle;
  act(action: TrayAction): void;
  /** What a click on the icon itself does, where the OS reports it (Windows, Linux). */
  onClick?: () => void;
  /** The tooltip as this OS can show it (Windows cuts at 128 characters). */
  fitTooltip?: (text: string) => string;
}

/** What the tray says while the quit policy runs (stopping gateways can take up to the grace period). */
export const QUITTING = 'Quitting…';

/** The Electron menu template of a tray model; each click hands its action to `act`. */
export function menuTemplate(
  items: readonly TrayItem[],
  act: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { label: item.label, submenu: menuTemplate(item.items, act) };
      case 'check':
        return { label: item.label, type: 'checkbox', checked: item.checked, click: () => act(item.action) };
      case 'item': {
        const action = item.action;
        return { label: item.label, enabled: item.enabled, ...(action ? { click: () => act(action) } : {}) };
      }
    }
  });
}

/** The events that can change the tray (profiles, states, the launch-at-login check); log lines and findings cannot. */
export const changesTray = (event: LobsterpotEvent): boolean =>
  event.type === 'profile-changed' ||
  event.type === 'profile-removed' ||
  event.type === 'gateway-state' ||
  event.type === 'settings-changed' ||
  event.type === 'host-changed' ||
  event.type === 'host-removed';

export class TrayService {
  readonly #options: TrayServiceOptions;
  #tray: TrayHandle | null = null;
  #state: Aggregate | null = null;
  #menuKey = '';
  #tooltip = '';
  #model: TrayItem[] = [];
  #template: MenuItemConstructorOptions[] = [];
  #quitting = false;

  constructor(options: TrayServiceOptions) {
    this.#options = options;
  }

  /** The menu as data, as last rendered. */
  get model(): readonly TrayItem[] {
    return this.#model;
  }

  get state(): Aggregate | null {
    return this.#state;
  }

  render(snapshot: Pick<Snapshot, 'profiles' | 'gateways' | 'settings' | 'hosts'>): void {
    if (this.#quitting) return;
    const hosts = snapshot.hosts ?? [];
    const state = aggregateState(snapshot.gateways);
    if (!this.#tray) {
      this.#tray = this.#options.createTray(state);
      const onClick = this.#options.onClick;
      if (onClick) this.#tray.onClick(onClick);
    }
    if (state !== this.#state) {
      this.#tray.setImage(state);
      this.#state = state;
    }
    // Each gateway's phase and start time: redrawn on every state event, which a start sends at each phase.
    const tooltip = (this.#options.fitTooltip ?? ((text: string) => text))(
      trayTooltip(snapshot.gateways, Date.now(), hosts),
    );
    if (tooltip !== this.#tooltip) {
      this.#tray.setToolTip(tooltip);
      this.#tooltip = tooltip;
    }
    const model = trayMenu(snapshot.profiles, snapshot.gateways, snapshot.settings.launchAtLogin, hosts);
    const key = JSON.stringify(model);
    if (key === this.#menuKey) return;
    this.#model = model;
    this.#template = menuTemplate(model, this.#options.act);
    this.#tray.setContextMenu(this.#template);
    this.#menuKey = key;
  }

  /** Clicks the item at this label path, as a person would (the end-to-end tests' way into the native menu). */
  click(path: readonly string[]): void {
    let items = this.#template;
    let found: MenuItemConstructorOptions | undefined;
    for (const label of path) {
      found = items.find((item) => item.label === label);
      if (!found) throw new Error(`no tray menu item ${JSON.stringify(label)} in ${JSON.stringify(path)}`);
      items = Array.isArray(found.submenu) ? found.submenu : [];
    }
    if (!found?.click || found.enabled === false) throw new Error(`tray menu item ${path.join(' › ')} is disabled`);
    (found.click as () => void)();
  }

  /** The quit policy runs: the menu is one disabled line saying so, and no state redraws it any more. */
  quitting(stopping: number): void {
    this.#quitting = true;
    const line = stopping > 0 ? `${QUITTING} stopping ${stopping} gateway${stopping === 1 ? '' : 's'}` : QUITTING;
    this.#model = [{ kind: 'item', label: line, enabled: false }];
    this.#template = menuTemplate(this.#model, this.#options.act);
    this.#tray?.setToolTip(`Lobsterpot: ${line}`);
    this.#tray?.setContextMenu(this.#template);
  }

  destroy(): void {
    this.#tray?.destroy();
    this.#tray = null;
  }
}

export interface TrayActionTargets {
  execute<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<unknown>;
  profiles(): readonly ProfileView[];
  launchAtLogin(): boolean;
  showWindow(): void;
  showLogs(profile: string): void;
  /** Another host's profile's logs in the window (`#logs/<host>/<profile>`); without it, the window opens. */
  showHostLogs?(host: string, profile: string): void;
  openExternal(url: string): void;
  quit(): void;
  /** A command that failed: the person clicked, so they are told (a notification). */
  report(message: string): void;
}

/** What each tray menu item does: one core command, or a window, browser or app action. */
export function trayActions(targets: TrayActionTargets): (action: TrayAction) => Promise<void> {
  const run = async (command: Promise<unknown>) => {
    try {
      await command;
    } catch (error) {
      targets.report((error as Error).message);
    }
  };
  const gateway = (command: 'gateway.start' | 'gateway.stop' | 'gateway.restart', profile: string, host?: string) =>
    host === undefined
      ? targets.execute(command, { name: profile })
      : targets.execute('hosts.call', { host, command, args: { name: profile } });
  return async (action) => {
    switch (action.type) {
      case 'start':
      case 'stop':
      case 'restart':
        return run(gateway(`gateway.${action.type}`, action.profile, action.host));
      case 'reconnect-host':
        return run(targets.execute('hosts.reconnect', { name: action.host }));
      case 'show-logs':
        if (action.host === undefined) return targets.showLogs(action.profile);
        return targets.showHostLogs ? targets.showHostLogs(action.host, action.profile) : targets.showWindow();
      case 'start-all':
        return run(targets.execute('gateway.startAll', {}));
      case 'stop-all':
        return run(targets.execute('gateway.stopAll', {}));
      case 'toggle-login':
        return run(targets.execute('settings.update', { launchAtLogin: !targets.launchAtLogin() }));
      case 'open-dashboard': {
        if (!targets.profiles().some((p) => p.name === action.profile)) return;
        // The core's one dashboard URL: OpenClaw's one-time pairing where the version has it (opens connected).
        return run(
          targets
            .execute('gateway.dashboard', { name: action.profile })
            .then((access) => targets.openExternal((access as DashboardAccess).openUrl)),
        );
      }
      case 'open-window':
        return targets.showWindow();
      case 'quit':
        return targets.quit();
    }
  };
}
