// The tray: its aggregate state and its menu, as pure data built from state (tested as data; main only renders it).
import {
  isRunningState,
  type GatewayState,
  type GatewayStatus,
  type HostView,
  type ProfileView,
  type StartPhaseName,
} from '../../contract/contract.ts';
import { formatDuration } from '../../contract/format.ts';
import { STATES } from '../../contract/states.ts';

export type Aggregate = 'idle' | 'ready' | 'busy' | 'failing';

/** A watchdog alert nobody has acknowledged: a gateway meant to run has not been ready for a while. */
export const isWatchdogAlert = (g: GatewayStatus) => !!g.watchdog && !g.watchdog.acknowledged;

/** None running → idle; some failing (or a watchdog alert) → failing; any in motion → busy; else ready. */
export function aggregateState(gateways: readonly GatewayStatus[]): Aggregate {
  if (gateways.some((g) => STATES[g.state].failing || isWatchdogAlert(g))) return 'failing';
  if (gateways.some((g) => STATES[g.state].tone === 'busy')) return 'busy';
  if (gateways.some((g) => STATES[g.state].healthy)) return 'ready';
  return 'idle';
}

const PHASES: Record<StartPhaseName, string> = {
  spawned: 'spawned',
  listening: 'listening',
  'starting-up': 'starting up',
  ready: 'ready',
};

/** What a gateway is doing, in a few words: its start phase and the time since the start, or `restart to apply`. */
export function gatewayLine(status: GatewayStatus | undefined, now: number): string {
  const state = status?.state ?? 'stopped';
  if (status?.pendingRestart && STATES[state].applies) return `restart to apply: ${status.pendingRestart}`;
  const phase = status?.phase;
  if (state === 'starting' && phase) {
    const elapsed = status.startedAt === null ? '' : ` · ${formatDuration(now - status.startedAt)}`;
    return `starting: ${PHASES[phase.name]}${phase.detail ? ` (${phase.detail})` : ''}${elapsed}`;
  }
  return status?.reason ? `${state}: ${status.reason}` : state;
}

/**
 * The tray icon's tooltip: the aggregate, then one line per gateway that is not simply stopped, then one per other
 * host (its connection, and how many of its gateways run while that is known).
 */
export function trayTooltip(gateways: readonly GatewayStatus[], now: number, hosts: readonly HostView[] = []): string {
  const lines = gateways
    .filter((g) => g.state !== 'stopped' || g.reason)
    .map((g) => `${g.profile}: ${gatewayLine(g, now)}`);
  const hostLines = sortedHosts(hosts).map((host) => {
    if (!hostIsLive(host)) return `${host.name}: ${HOST_WORDS[host.state]}${host.message ? ` (${host.message})` : ''}`;
    const running = host.remote?.gateways.filter((g) => isRunningState(g.state)).length ?? 0;
    return `${host.name}: connected, ${running} of ${host.remote?.profiles.length ?? 0} running`;
  });
  return [`Lobsterpot: ${aggregateState(gateways)}`, ...lines, ...hostLines].join('\n');
}

/** A host's gateway states are live only while it is connected and its supervisor's view is fresh. */
export const hostIsLive = (host: Pick<HostView, 'state' | 'remote'>) =>
  host.state === 'connected' && host.remote?.live === true;

const HOST_WORDS: Record<HostView['state'], string> = {
  connecting: 'connecting',
  'starting-serve': 'starting serve there',
  connected: 'connected',
  lost: 'connection lost',
};

const sortedHosts = (hosts: readonly HostView[]) => [...hosts].sort((a, b) => a.name.localeCompare(b.name));

/** `host` is set for a profile of another host: the action goes there (`hosts.call`). */
export type TrayAction =
  | { type: 'start' | 'stop' | 'restart' | 'open-dashboard' | 'show-logs'; profile: string; host?: string }
  | { type: 'reconnect-host'; host: string }
  | { type: 'start-all' | 'stop-all' | 'open-window' | 'toggle-login' | 'quit' };

export type TrayItem =
  | { kind: 'item'; label: string; enabled: boolean; action?: TrayAction }
  | { kind: 'check'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayItem[] }
  | { kind: 'separator' };

/** One profile's submenu; a profile of another host has no dashboard here (it listens on that host's loopback). */
function profileSubmenu(profile: ProfileView, status: GatewayStatus | undefined, host?: string): TrayItem {
  const state = status?.state ?? 'stopped';
  const running = isRunningState(state);
  const name = profile.name;
  const on = host === undefined ? {} : { host };
  const pending = status?.pendingRestart && STATES[state].applies;
  const phase = state === 'starting' && status?.phase ? PHASES[status.phase.name] : null;
  return {
    kind: 'submenu',
    label: `${name} — ${pending ? 'restart to apply' : phase ? `starting: ${phase}` : state} · ${status?.port ?? profile.effectivePort}${status && isWatchdogAlert(status) ? ' ⚠ not ready' : ''}`,
    items: [
      {
        kind: 'item',
        label: pending
          ? `restart to apply: ${status.pendingRestart}`
          : (status?.reason ?? `${state} on port ${profile.effectivePort}`),
        enabled: false,
      },
      { kind: 'separator' },
      {
        kind: 'item',
        label: 'Start',
        enabled: !running && !profile.configError,
        action: { type: 'start', profile: name, ...on },
      },
      { kind: 'item', label: 'Stop', enabled: running, action: { type: 'stop', profile: name, ...on } },
      { kind: 'item', label: 'Restart', enabled: running, action: { type: 'restart', profile: name, ...on } },
      ...(host === undefined
        ? [
            {
              kind: 'item' as const,
              label: 'Open dashboard',
              enabled: STATES[state].healthy,
              action: { type: 'open-dashboard' as const, profile: name },
            },
          ]
        : []),
      { kind: 'item', label: 'Show logs', enabled: true, action: { type: 'show-logs', profile: name, ...on } },
    ],
  };
}

/**
 * Another host's submenu: its connection, Reconnect, then its profiles. While the host is not live its gateways are
 * listed as unknown, with no action: a state last seen before the connection went is never shown as running.
 */
function hostSubmenu(host: HostView): TrayItem {
  const live = hostIsLive(host);
  const words = host.state === 'connected' && !live ? 'connected, not live' : HOST_WORDS[host.state];
  const supervisor = host.supervisor ? `Lobsterpot ${host.supervisor.kind} pid ${host.supervisor.pid}` : null;
  const detail = host.message ?? (host.state === 'connected' ? supervisor : null) ?? host.destination;
  const profiles = host.remote?.profiles ?? [];
  const rows: TrayItem[] = live
    ? profiles.map((profile) =>
        profileSubmenu(
          profile,
          host.remote?.gateways.find((g) => g.profile === profile.name),
          host.name,
        ),
      )
    : profiles.map((profile) => ({ kind: 'item', label: `${profile.name} — unknown (${words})`, enabled: false }));
  return {
    kind: 'submenu',
    label: `${host.name} — ${words}`,
    items: [
      { kind: 'item', label: detail, enabled: false },
      ...(host.state === 'lost' || host.state === 'connecting'
        ? [
            {
              kind: 'item' as const,
              label: 'Reconnect',
              enabled: true,
              action: { type: 'reconnect-host' as const, host: host.name },
            },
          ]
        : []),
      { kind: 'separator' },
      ...(rows.length
        ? rows
        : [
            {
              kind: 'item' as const,
              label: host.remote ? 'No profiles there' : 'Profiles not known yet',
              enabled: false,
            },
          ]),
    ],
  };
}

/** The tray menu: this host's profiles as before; with other hosts, a "This host" heading and one submenu per host. */
export function trayMenu(
  profiles: readonly ProfileView[],
  gateways: readonly GatewayStatus[],
  launchAtLogin: boolean,
  hosts: readonly HostView[] = [],
): TrayItem[] {
  const items: TrayItem[] = profiles.map((profile) =>
    profileSubmenu(
      profile,
      gateways.find((g) => g.profile === profile.name),
    ),
  );
  if (!profiles.length) items.push({ kind: 'item', label: 'No profiles yet', enabled: false });
  const others: TrayItem[] = hosts.length
    ? [
        { kind: 'separator' },
        { kind: 'item', label: 'Other hosts', enabled: false },
        ...sortedHosts(hosts).map(hostSubmenu),
      ]
    : [];
  const here = hosts.length ? ' on this host' : '';
  return [
    ...(hosts.length ? [{ kind: 'item' as const, label: 'This host', enabled: false }] : []),
    ...items,
    ...others,
    { kind: 'separator' },
    { kind: 'item', label: `Start all${here}`, enabled: profiles.length > 0, action: { type: 'start-all' } },
    {
      kind: 'item',
      label: `Stop all${here}`,
      enabled: gateways.some((g) => isRunningState(g.state)),
      action: { type: 'stop-all' },
    },
    { kind: 'separator' },
    { kind: 'item', label: 'Open Lobsterpot', enabled: true, action: { type: 'open-window' } },
    { kind: 'check', label: 'Launch at login', checked: launchAtLogin, action: { type: 'toggle-login' } },
    { kind: 'item', label: 'Quit', enabled: true, action: { type: 'quit' } },
  ];
}

/**
 * The window's deep link to a profile's logs (the tray's "Show logs", a notification's click): `#logs/<profile>`, or
 * `#logs/<host>/<profile>` for a profile of another host.
 */
export const showLogsHash = (profile: string, host?: string) =>
  host === undefined
    ? `logs/${encodeURIComponent(profile)}`
    : `logs/${encodeURIComponent(host)}/${encodeURIComponent(profile)}`;

/** The profile (and its host; null: this one) a deep link asks to show the logs of, or null. */
export function parseShowLogsTarget(hash: string): { host: string | null; profile: string } | null {
  const match = /^#?logs\/(?:([^/]+)\/)?([^/]+)$/.exec(hash);
  if (!match?.[2]) return null;
  try {
    return { host: match[1] ? decodeURIComponent(match[1]) : null, profile: decodeURIComponent(match[2]) };
  } catch {
    return null;
  }
}

/** The profile a deep link asks to show the logs of, or null; takes `location.hash` with or without its `#`. */
export function parseShowLogsHash(hash: string): string | null {
  const match = /^#?logs\/([^/]+)$/.exec(hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/**
 * The desktop notification a state change deserves, if any: crash-looping, port blocked, config error, and a crash of
 * a ready gateway (which shows as the move from ready to restarting).
 */
export function gatewayNotification(
  before: GatewayState | undefined,
  status: GatewayStatus,
): { title: string; body: string } | null {
  const { profile, state, reason, lastExit } = status;
  if (before === state) return null;
  if (state === 'restarting' && before !== undefined && STATES[before].applies) {
    return { title: `${profile}: crashed (${lastExit?.meaning ?? 'exited'}), restarting`, body: reason ?? '' };
  }
  // Not restarted (restart on crash is off): still a crash, unlike a stop a person asked for.
  if (state === 'stopped' && before !== undefined && STATES[before].applies && reason?.startsWith('exited')) {
    return { title: `${profile}: crashed (${lastExit?.meaning ?? 'exited'})`, body: reason };
  }
  if (!STATES[state].notifies) return null;
  return { title: `${profile}: ${state}`, body: reason ?? '' };
}
