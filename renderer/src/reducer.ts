// The window's state and the one pure function that applies core events to it.
import type { Finding, Listener } from '../../electron/ports/common/conflicts.ts';
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

export interface ViewState {
  loaded: boolean;
  connection: 'connecting' | 'open' | 'lost';
  /** Why the connection was lost, when the transport knows. */
  connectionReason: string | null;
  profiles: ProfileView[];
  gateways: Record<string, GatewayStatus>;
  findings: Finding[];
  listeners: Listener[];
  /** The OS's ephemeral ports: the window's suggestions stay out of them too. */
  ephemeralRange: PortRange | null;
  settings: Settings | null;
  environment: OpenClawEnvironment | null;
  /** The desktop app's own log file (the app's snapshot names it; serve has none). */
  appLog: string | null;
  logs: Record<string, string[]>;
  warnings: string[];
  /** Creates on their way: the step each is at (onboarding's steps, shown in the New profile dialog). */
  creating: Record<string, { step: CreateStep; at: number }>;
  /** Other hosts, by name (see `hosts.add`). */
  hosts: Record<string, HostView>;
  /** When the connection to Lobsterpot was lost; null while connected. Elapsed times stop there. */
  lostAt: number | null;
  /** Where the person is: selection, tab, dialog, draft (navigation.ts). */
  nav: Navigation;
}

export const initialViewState: ViewState = {
  loaded: false,
  connection: 'connecting',
  connectionReason: null,
  profiles: [],
  gateways: {},
  findings: [],
  listeners: [],
  ephemeralRange: null,
  settings: null,
  environment: null,
  appLog: null,
  logs: {},
  warnings: [],
  creating: {},
  hosts: {},
  lostAt: null,
  nav: initialNavigation,
};

export function applySnapshot(state: ViewState, snapshot: Snapshot): ViewState {
  return reachable({
    ...state,
    loaded: true,
    profiles: snapshot.profiles,
    gateways: Object.fromEntries(snapshot.gateways.map((g) => [g.profile, g])),
    findings: snapshot.findings,
    listeners: snapshot.listeners,
    ephemeralRange: snapshot.ephemeralRange ?? null,
    settings: snapshot.settings,
    environment: snapshot.environment,
    appLog: snapshot.appLog ?? null,
    hosts: Object.fromEntries((snapshot.hosts ?? []).map((h) => [h.name, h])),
  });
}

/** A selection of a profile (or host) that is gone is let go of. */
const reachable = (state: ViewState): ViewState => {
  const nav = keepReachable(state.nav, state.profiles, state.hosts);
  return nav === state.nav ? state : { ...state, nav };
};

export function applyEvent(state: ViewState, event: LobsterpotEvent): ViewState {
  const next = applyCoreEvent(state, event);
  return next.profiles === state.profiles && next.hosts === state.hosts ? next : reachable(next);
}

function applyCoreEvent(state: ViewState, event: LobsterpotEvent): ViewState {
  switch (event.type) {
    case 'profile-changed': {
      const at = state.profiles.findIndex((p) => p.name === event.profile.name);
      const profiles =
        at < 0 ? [...state.profiles, event.profile].sort(byName) : state.profiles.with(at, event.profile);
      return { ...state, profiles };
    }
    case 'profile-removed': {
      const gateways = { ...state.gateways };
      delete gateways[event.name];
      const logs = { ...state.logs };
      delete logs[event.name];
      return { ...state, profiles: state.profiles.filter((p) => p.name !== event.name), gateways, logs };
    }
    case 'gateway-state':
      return { ...state, gateways: { ...state.gateways, [event.status.profile]: event.status } };
    case 'log-lines': {
      const lines = [...(state.logs[event.name] ?? []), ...event.lines].slice(-LOG_LINES_KEPT);
      return { ...state, logs: { ...state.logs, [event.name]: lines } };
    }
    case 'conflicts':
      return { ...state, findings: event.findings, listeners: event.listeners };
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
    case 'host-changed':
      return { ...state, hosts: { ...state.hosts, [event.host.name]: event.host } };
    case 'host-removed': {
      const hosts = { ...state.hosts };
      delete hosts[event.name];
      return { ...state, hosts };
    }
  }
}

const byName = (a: ProfileView, b: ProfileView) =>
  a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name);
