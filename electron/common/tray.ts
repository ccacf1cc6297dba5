// The tray: its aggregate state and its menu, as pure data built from state (tested as data; main only renders it).
import {
  isRunningState,
  type GatewayState,
  type GatewayStatus,
  type ProfileView,
  type StartPhaseName,
} from './contract.ts';
import { formatDuration } from './format.ts';

export type Aggregate = 'idle' | 'ready' | 'busy' | 'failing';

const FAILING: readonly GatewayState[] = ['degraded', 'unresponsive', 'crash-looping', 'port-blocked', 'config-error'];
const BUSY: readonly GatewayState[] = ['starting', 'stopping', 'restarting'];

/** A watchdog alert nobody has acknowledged: a gateway meant to run has not been ready for a while. */
export const isWatchdogAlert = (g: GatewayStatus) => !!g.watchdog && !g.watchdog.acknowledged;

/** None running → idle; some failing (or a watchdog alert) → failing; any in motion → busy; else ready. */
export function aggregateState(gateways: readonly GatewayStatus[]): Aggregate {
  if (gateways.some((g) => FAILING.includes(g.state) || isWatchdogAlert(g))) return 'failing';
  if (gateways.some((g) => BUSY.includes(g.state))) return 'busy';
  if (gateways.some((g) => g.state === 'ready' || g.state === 'external')) return 'ready';
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
  if (status?.pendingRestart && (state === 'ready' || state === 'degraded'))
    return `restart to apply: ${status.pendingRestart}`;
  const phase = status?.phase;
  if (state === 'starting' && phase) {
    const elapsed = status.startedAt === null ? '' : ` · ${formatDuration(now - status.startedAt)}`;
    return `starting: ${PHASES[phase.name]}${phase.detail ? ` (${phase.detail})` : ''}${elapsed}`;
  }
  return status?.reason ? `${state}: ${status.reason}` : state;
}

/** The tray icon's tooltip: the aggregate, then one line per gateway that is not simply stopped. */
export function trayTooltip(gateways: readonly GatewayStatus[], now: number): string {
  const lines = gateways
    .filter((g) => g.state !== 'stopped' || g.reason)
    .map((g) => `${g.profile}: ${gatewayLine(g, now)}`);
  return [`Lobsterpot: ${aggregateState(gateways)}`, ...lines].join('\n');
}

export type TrayAction =
  | { type: 'start' | 'stop' | 'restart' | 'open-dashboard' | 'show-logs'; profile: string }
  | { type: 'start-all' | 'stop-all' | 'open-window' | 'toggle-login' | 'quit' };

export type TrayItem =
  | { kind: 'item'; label: string; enabled: boolean; action?: TrayAction }
  | { kind: 'check'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayItem[] }
  | { kind: 'separator' };

export function trayMenu(
  profiles: readonly ProfileView[],
  gateways: readonly GatewayStatus[],
  launchAtLogin: boolean,
): TrayItem[] {
  const items: TrayItem[] = profiles.map((profile) => {
    const status = gateways.find((g) => g.profile === profile.name);
    const state = status?.state ?? 'stopped';
    const running = isRunningState(state);
    const name = profile.name;
    const pending = status?.pendingRestart && (state === 'ready' || state === 'degraded');
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
          action: { type: 'start', profile: name },
        },
        { kind: 'item', label: 'Stop', enabled: running, action: { type: 'stop', profile: name } },
        { kind: 'item', label: 'Restart', enabled: running, action: { type: 'restart', profile: name } },
        {
          kind: 'item',
          label: 'Open dashboard',
          enabled: state === 'ready' || state === 'external',
          action: { type: 'open-dashboard', profile: name },
        },
        { kind: 'item', label: 'Show logs', enabled: true, action: { type: 'show-logs', profile: name } },
      ],
    };
  });
  if (!profiles.length) items.push({ kind: 'item', label: 'No profiles yet', enabled: false });
  return [
    ...items,
    { kind: 'separator' },
    { kind: 'item', label: 'Start all', enabled: profiles.length > 0, action: { type: 'start-all' } },
    {
      kind: 'item',
      label: 'Stop all',
      enabled: gateways.some((g) => isRunningState(g.state)),
      action: { type: 'stop-all' },
    },
    { kind: 'separator' },
    { kind: 'item', label: 'Open Lobsterpot', enabled: true, action: { type: 'open-window' } },
    { kind: 'check', label: 'Launch at login', checked: launchAtLogin, action: { type: 'toggle-login' } },
    { kind: 'item', label: 'Quit', enabled: true, action: { type: 'quit' } },
  ];
}

/** The window's deep link to a profile's logs (the tray's "Show logs", a notification's click): `#logs/<profile>`. */
export const showLogsHash = (profile: string) => `logs/${encodeURIComponent(profile)}`;

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

const NOTIFY: readonly GatewayState[] = ['crash-looping', 'unresponsive', 'port-blocked', 'config-error'];

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
  if (state === 'restarting' && (before === 'ready' || before === 'degraded')) {
    return { title: `${profile}: crashed (${lastExit?.meaning ?? 'exited'}), restarting`, body: reason ?? '' };
  }
  // Not restarted (restart on crash is off): still a crash, unlike a stop a person asked for.
  if (state === 'stopped' && (before === 'ready' || before === 'degraded') && reason?.startsWith('exited')) {
    return { title: `${profile}: crashed (${lastExit?.meaning ?? 'exited'})`, body: reason };
  }
  if (!NOTIFY.includes(state)) return null;
  return { title: `${profile}: ${state}`, body: reason ?? '' };
}
