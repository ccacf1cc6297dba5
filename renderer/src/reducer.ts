// The window's state and the one pure function that applies core events to it. Every host, this one included, has
// the same record (`HostFleet`) in `fleets`, keyed by host: this host's is always live, another's is that host's
// last report. Another host's connection is in `hosts`.
import type { Finding, Listener } from '../../electron/ports/common/findings.ts';
import type { PortRange } from '../../electron/ports/common/ports.ts';
import type {
  CreateStep,
  GatewayStatus,
  HostView,
  LobsterpotEvent,
  OpenClawEnvironment,
  ProfileView,
  Settings,
  Snapshot,
} from '../../electron/contract/contract.ts';
import { initialNavigation, keepReachable, type Navigation } from './navigation.ts';

export const LOG_LINES_KEPT = 1000;

/** The key of this host in `fleets`: no host is named '' (the profile-name rule), so it is never another's. */
export const THIS_HOST = '';

/** A host's key in `fleets`: `host` null is this one. */
export const hostKey = (host: string | null): string => host ?? THIS_HOST;

/** What the window knows of one host's profiles and gateways: the same record for this host and every other. */
export interface HostFleet {
  profiles: ProfileView[];
  /** By profile name. */
  gateways: Record<string, GatewayStatus>;
  findings: Finding[];
  listeners: Listener[];
  /** The host's ephemeral ports: suggestions stay out of them too. */
  ephemeralRange: PortRange | null;
  /** Each profile's log tail: this host's by event, another's as last asked of it. */
  logs: Record<string, string[]>;
  /** Whether the gateway states are current: always for this host; another's while connected and its view fresh. */
  live: boolean;
  /** When another host last reported; null for this host, which reports by event. */
  seenAt: number | null;
}

/** Another host's connection, as the core reports it; its profiles and gateways are its fleet's. */
export type HostLink = Omit<HostView, 'remote'>;

export interface ViewState {
  loaded: boolean;
  connection: 'connecting' | 'open' | 'lost';
  /** Why the connection was lost, when the transport knows. */
  connectionReason: string | null;
  /** Every host's profiles and gateways, by `hostKey`; another host's only once it has reported. */
  fleets: Record<string, HostFleet>;
  /** Other hosts' connections, by name (see `hosts.add`). */
  hosts: Record<string, HostLink>;
  settings: Settings | null;
  environment: OpenClawEnvironment | null;
  /** The desktop app's own log file (the app's snapshot names it; serve has none). */
  appLog: string | null;
  warnings: string[];
  /** Creates on their way: the step each is at (onboarding's steps, shown in the New profile dialog). */
  creating: Record<string, { step: CreateStep; at: number }>;
  /** When the connection to Lobsterpot was lost; null while connected. Elapsed times stop there. */
  lostAt: number | null;
  /** Where the person is: selection, tab, dialog, draft (navigation.ts). */
  nav: Navigation;
}

export const emptyFleet = (live: boolean): HostFleet => ({
  profiles: [],
  gateways: {},
  findings: [],
  listeners: [],
  ephemeralRange: null,
  logs: {},
  live,
  seenAt: null,
});

export const initialViewState: ViewState = {
  loaded: false,
  connection: 'connecting',
  connectionReason: null,
  fleets: { [THIS_HOST]: emptyFleet(true) },
  hosts: {},
  settings: null,
  environment: null,
  appLog: null,
  warnings: [],
  creating: {},
  lostAt: null,
  nav: initialNavigation,
};

const byProfile = (gateways: readonly GatewayStatus[]) => Object.fromEntries(gateways.map((g) => [g.profile, g]));

/** This host's fleet: the one `fleets` always has. */
export const hereOf = (state: Pick<ViewState, 'fleets'>): HostFleet => state.fleets[THIS_HOST] ?? emptyFleet(true);

/** A host's connection without its report, and its report as a fleet (none before it first reported). */
export function splitHost(host: HostView, logs: HostFleet['logs'] = {}): { link: HostLink; fleet: HostFleet | null } {
  const { remote, ...link } = host;
  if (!remote) return { link, fleet: null };
  return {
    link,
    fleet: {
      profiles: remote.profiles,
      gateways: byProfile(remote.gateways),
      findings: remote.findings,
      // Another host's listeners come with each gateway's status.
      listeners: [...new Map(remote.gateways.flatMap((g) => g.listeners ?? []).map((l) => [l.port, l])).values()],
      ephemeralRange: remote.ephemeralRange,
      logs,
      live: remote.live,
      seenAt: remote.seenAt,
    },
  };
}

export function applySnapshot(state: ViewState, snapshot: Snapshot): ViewState {
  const here: HostFleet = {
    profiles: snapshot.profiles,
    gateways: byProfile(snapshot.gateways),
    findings: snapshot.findings,
    listeners: snapshot.listeners,
    ephemeralRange: snapshot.ephemeralRange ?? null,
    logs: hereOf(state).logs,
    live: true,
    seenAt: null,
  };
  const fleets: Record<string, HostFleet> = { [THIS_HOST]: here };
  const hosts: Record<string, HostLink> = {};
  for (const view of snapshot.hosts ?? []) {
    const { link, fleet } = splitHost(view, state.fleets[view.name]?.logs);
    hosts[view.name] = link;
    if (fleet) fleets[view.name] = fleet;
  }
  return reachable({
    ...state,
    loaded: true,
    fleets,
    hosts,
    settings: snapshot.settings,
    environment: snapshot.environment,
    appLog: snapshot.appLog ?? null,
  });
}

/** A selection of a profile (or host) that is gone is let go of. */
const reachable = (state: ViewState): ViewState => {
  const nav = keepReachable(state.nav, state.fleets);
  return nav === state.nav ? state : { ...state, nav };
};

export function applyEvent(state: ViewState, event: LobsterpotEvent): ViewState {
  const next = applyCoreEvent(state, event);
  return next.fleets === state.fleets ? next : reachable(next);
}

/** This host's fleet changed by `change`. */
const here = (state: ViewState, change: (fleet: HostFleet) => Partial<HostFleet>): ViewState => {
  const fleet = hereOf(state);
  return { ...state, fleets: { ...state.fleets, [THIS_HOST]: { ...fleet, ...change(fleet) } } };
};

/** Keeps a log tail of a profile on a host (another host's, as asked of it; this host's first lines). */
export function keepLogs(state: ViewState, host: string | null, name: string, lines: string[]): ViewState {
  const key = hostKey(host);
  const fleet = state.fleets[key];
  if (!fleet) return state;
  const logs = { ...fleet.logs, [name]: lines.slice(-LOG_LINES_KEPT) };
  return { ...state, fleets: { ...state.fleets, [key]: { ...fleet, logs } } };
}

function applyCoreEvent(state: ViewState, event: LobsterpotEvent): ViewState {
  switch (event.type) {
    case 'profile-changed':
      return here(state, ({ profiles }) => {
        const at = profiles.findIndex((p) => p.name === event.profile.name);
        return { profiles: at < 0 ? [...profiles, event.profile].sort(byName) : profiles.with(at, event.profile) };
      });
    case 'profile-removed':
      return here(state, (fleet) => {
        const gateways = { ...fleet.gateways };
        delete gateways[event.name];
        const logs = { ...fleet.logs };
        delete logs[event.name];
        return { profiles: fleet.profiles.filter((p) => p.name !== event.name), gateways, logs };
      });
    case 'gateway-state':
      return here(state, ({ gateways }) => ({ gateways: { ...gateways, [event.status.profile]: event.status } }));
    case 'log-lines':
      return here(state, ({ logs }) => ({
        logs: { ...logs, [event.name]: [...(logs[event.name] ?? []), ...event.lines].slice(-LOG_LINES_KEPT) },
      }));
    case 'conflicts':
      return here(state, () => ({ findings: event.findings, listeners: event.listeners }));
    case 'settings-changed':
      return { ...state, settings: event.settings };
    case 'environment':
      return { ...state, environment: event.environment };
    case 'warning':
      return { ...state, warnings: [...state.warnings, event.message].slice(-5) };
    case 'create-progress': {
      const creating = { ...state.creating, [event.name]: { step: event.step, at: event.at } };
      if (event.step === 'done' || event.step === 'cancelled') delete creating[event.name];
      return { ...state, creating };
    }
    case 'host-changed': {
      const { link, fleet } = splitHost(event.host, state.fleets[event.host.name]?.logs);
      const fleets = { ...state.fleets };
      if (fleet) fleets[link.name] = fleet;
      else delete fleets[link.name];
      return { ...state, hosts: { ...state.hosts, [link.name]: link }, fleets };
    }
    case 'host-removed': {
      const hosts = { ...state.hosts };
      delete hosts[event.name];
      const fleets = { ...state.fleets };
      delete fleets[event.name];
      return { ...state, hosts, fleets };
    }
  }
}

const byName = (a: ProfileView, b: ProfileView) =>
  a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name);
