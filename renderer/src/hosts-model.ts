// Hosts in the window, as data: the order of the groups, a host's connection in words, and the rule that a gateway's
// state is shown only while its host's view is live (this host's always is); otherwise "unknown", actions disabled.
import type { Finding, Listener } from '../../electron/ports/common/findings.ts';
import {
  checkWith,
  commandSchemas,
  isRunningState,
  type CommandArgs,
  type GatewayState,
  type GatewayStatus,
  type ProfileView,
} from '../../electron/contract/contract.ts';
import { formatDuration } from '../../electron/contract/format.ts';
import { stateLabel, stateTone } from './format.ts';
import type { HostFleet, HostLink } from './reducer.ts';
import { sameProfileName } from '../../electron/profiles/common/names.ts';
import type { PortRange } from '../../electron/ports/common/ports.ts';

/** Hosts in the order the window lists them (after "This host"): by name. */
export const hostList = (hosts: Readonly<Record<string, HostLink>>): HostLink[] =>
  Object.values(hosts).sort((a, b) => a.name.localeCompare(b.name));

/** What the window has seen of a host: its report's freshness (none before it first reported). */
export type Seen = Pick<HostFleet, 'live' | 'seenAt'> | null | undefined;

/** Whether the host's gateway states are live: connected, and its supervisor's view fresh. */
export const isLive = (host: Pick<HostLink, 'state'>, seen: Seen): boolean =>
  host.state === 'connected' && seen?.live === true;

export type Tone = 'ok' | 'busy' | 'bad' | 'idle' | 'info' | 'warn';

export interface HostStateView {
  /** A few words for the badge: "connected", "connection lost", … */
  label: string;
  tone: Tone;
  /** What happens or went wrong, ssh's own words when it said something. */
  detail: string | null;
  /** "retrying in 12 s" while lost and a retry is planned. */
  retry: string | null;
  /** Whether a Reconnect button makes sense now (not while connected). */
  canReconnect: boolean;
}

export function hostStateView(host: HostLink, seen: Seen, now: number): HostStateView {
  switch (host.state) {
    case 'connecting':
      return { label: 'connecting', tone: 'busy', detail: host.message, retry: null, canReconnect: true };
    case 'starting-serve':
      return {
        label: 'starting serve there',
        tone: 'busy',
        detail: host.message ?? `starting ${host.command} serve on ${host.destination}`,
        retry: null,
        canReconnect: false,
      };
    case 'connected': {
      const supervisor = host.supervisor;
      const detail = supervisor
        ? `Lobsterpot ${supervisor.kind === 'serve' ? 'serve' : 'app'} pid ${supervisor.pid}${supervisor.startedByUs ? ', started by Lobsterpot' : ''}`
        : host.message;
      const stale = seen?.live === false;
      return {
        label: stale ? 'connected, not live' : 'connected',
        tone: stale ? 'busy' : 'ok',
        detail,
        retry: null,
        canReconnect: false,
      };
    }
    case 'lost':
      return {
        label: 'connection lost',
        tone: 'bad',
        detail: host.message,
        retry: host.retryAt === null ? null : retryText(host.retryAt - now),
        canReconnect: true,
      };
  }
}

const retryText = (ms: number) =>
  ms <= 500
    ? 'retrying now'
    : ms < 60_000
      ? `retrying in ${Math.ceil(ms / 1000)} s`
      : `retrying in ${formatDuration(ms)}`;

/** Why a host's states are not live, in a few words; null when they are. */
export function staleReason(host: Pick<HostLink, 'state'>, seen: Seen): string | null {
  if (isLive(host, seen)) return null;
  switch (host.state) {
    case 'lost':
      return 'connection lost';
    case 'connecting':
      return seen ? 'reconnecting' : 'not connected yet';
    case 'starting-serve':
      return 'starting serve there';
    case 'connected':
      return 'not live';
  }
}

/** "connection lost, last seen 3m 5s ago" (or "never seen"); null while live. */
export function staleNote(host: Pick<HostLink, 'state'>, seen: Seen, now: number): string | null {
  const why = staleReason(host, seen);
  if (why === null) return null;
  const when = seen?.seenAt != null ? `last seen ${formatDuration(now - seen.seenAt)} ago` : 'never seen';
  return `${why}, ${when}`;
}

/** An action's availability, with the reason when it is not. */
export interface Availability {
  enabled: boolean;
  reason: string | null;
}

export type GatewayVerb = 'start' | 'stop' | 'restart';

/**
 * Start, Stop and Restart for a gateway state, as every profiles table offers them, given the command this window has
 * on its way (`pending`): while stopping, neither Start nor Stop may be pressed again; a start or restart on its way
 * can always be stopped (the core cancels it), and nothing else is asked twice.
 */
export function verbsFor(state: GatewayState, pending: GatewayVerb | null = null): Record<GatewayVerb, boolean> {
  const running = isRunningState(state) || state === 'stopping';
  return {
    start: !running && pending === null,
    stop: pending !== 'stop' && ((running && state !== 'stopping') || pending === 'restart' || pending === 'start'),
    restart: running && pending === null,
  };
}

/** Why nothing can be asked of another host now; null when it can. */
export function unreachableReason(host: HostLink, seen: Seen): string | null {
  const why = staleReason(host, seen);
  return why === null ? null : `${host.name} is not reachable now (${why})`;
}

/** A gateway as a window may show it, on any host. */
export interface ShownGateway {
  /** Its status while the host's states may be shown; null when they are stale (never shown as running). */
  status: GatewayStatus | null;
  /** The state shown: the live one (stopped before any status came), or "unknown". */
  state: GatewayState | 'unknown';
  /** The badge's word: the state, "restart to apply" for a saved change, or "unknown". */
  label: string;
  tone: Tone;
  /** Why the badge says what it says: the gateway's reason, the saved change, the config error, or why unknown. */
  reason: string | null;
  /** "connection lost, last seen 2m ago" while stale; null while live. */
  note: string | null;
}

/**
 * A gateway of a host's fleet as shown: `stale` is why the host's states are not current (another host out of
 * reach, with `note` saying since when), null while they are: this host's always are.
 */
export function shownGateway(
  fleet: Pick<HostFleet, 'gateways' | 'profiles'> | undefined,
  name: string,
  stale: string | null,
  note: string | null = null,
): ShownGateway {
  if (stale !== null)
    return {
      status: null,
      state: 'unknown',
      label: 'unknown',
      tone: 'idle',
      reason: note ?? stale,
      note: note ?? stale,
    };
  const status = fleet?.gateways[name] ?? null;
  const state = status?.state ?? 'stopped';
  const label = stateLabel(status ?? undefined);
  const configError = fleet?.profiles.find((p) => p.name === name)?.configError ?? null;
  const reason =
    label !== state
      ? `saved ${status?.pendingRestart}`
      : (status?.reason ?? (state === 'stopped' ? configError : null));
  return { status, state, label, tone: label !== state ? 'warn' : stateTone[state], reason, note: null };
}

/** Start, Stop and Restart of a shown gateway: what its state allows, none while the host cannot be asked. */
export function gatewayVerbs(
  shown: Pick<ShownGateway, 'state'>,
  blocked: string | null,
  pending: GatewayVerb | null = null,
): Record<GatewayVerb, Availability> {
  const off = (reason: string): Availability => ({ enabled: false, reason });
  if (blocked !== null || shown.state === 'unknown') {
    const no = off(blocked ?? 'its state is unknown');
    return { start: no, stop: no, restart: no };
  }
  const verbs = verbsFor(shown.state, pending);
  const one = (verb: GatewayVerb) =>
    verbs[verb] ? { enabled: true, reason: null } : off(`the gateway is ${shown.state}`);
  return { start: one('start'), stop: one('stop'), restart: one('restart') };
}

/** The profiles that are set up, one name a line: a string, so a store selection of it is stable. */
export const configuredNames = (profiles: readonly ProfileView[]): string =>
  profiles
    .filter((p) => p.configured)
    .map((p) => p.name)
    .join('\n');

/**
 * A host's profiles as one string, equal while nothing in them changed: another host's arrive anew with every report,
 * and the audit is asked again only when a profile did change.
 */
export const profilesSignature = (profiles: readonly ProfileView[]): string => JSON.stringify(profiles);

/** What Start all, Stop all and Restart all of one host work on. */
export interface FleetView {
  profiles: number;
  /** Whether a gateway runs there (known only while live). */
  running: boolean;
  /** Why nothing can be asked of the host now; null when it can. */
  blocked: string | null;
}

/** A gateway Stop all and Restart all act on: a process, or a start or restart on its way. */
const isUnderWay = (gateway: Pick<GatewayStatus, 'pid'> & { state?: GatewayState }) =>
  gateway.pid !== null || (gateway.state !== undefined && isRunningState(gateway.state));

export function fleetOf(
  profiles: readonly ProfileView[],
  gateways: readonly (Pick<GatewayStatus, 'pid'> & { state?: GatewayState })[],
  blocked: string | null,
): FleetView {
  return { profiles: profiles.length, running: blocked === null && gateways.some(isUnderWay), blocked };
}

export type FleetVerb = 'startAll' | 'stopAll' | 'restartAll';

/** Start all needs a profile, Stop all and Restart all a running gateway; none of them a host out of reach. */
export function fleetActions(fleet: FleetView): Record<FleetVerb, Availability> {
  const on: Availability = { enabled: true, reason: null };
  const off = (reason: string): Availability => ({ enabled: false, reason });
  if (fleet.blocked !== null) {
    const blocked = off(fleet.blocked);
    return { startAll: blocked, stopAll: blocked, restartAll: blocked };
  }
  const some = fleet.profiles ? on : off('no profiles yet');
  const running = fleet.running ? on : off('no gateway is running');
  return { startAll: some, stopAll: running, restartAll: running };
}

/** What the port planner works on for a host: its profiles, findings, listeners and ephemeral range. */
export interface PlanningInput {
  profiles: readonly ProfileView[];
  findings: readonly Finding[];
  listeners: readonly Listener[];
  ephemeral: PortRange | null;
}

export const planningOf = (fleet: HostFleet | null | undefined): PlanningInput =>
  fleet
    ? {
        profiles: fleet.profiles,
        findings: fleet.findings,
        listeners: fleet.listeners,
        ephemeral: fleet.ephemeralRange,
      }
    : { profiles: [], findings: [], listeners: [], ephemeral: null };

/** The Add host form as typed. */
export interface HostForm {
  name: string;
  destination: string;
  sshConfig: string;
  command: string;
}

export type HostFormErrors = Partial<Record<keyof HostForm, string>>;

export type HostFormCheck =
  { ok: true; args: CommandArgs<'hosts.add'>; errors: HostFormErrors } | { ok: false; errors: HostFormErrors };

/**
 * The form checked by the contract's own schema (`hosts.add`), each problem under its field, plus a name already used
 * by another host. Empty optional fields take the contract's defaults (ssh's own config, `lobsterpot`).
 */
export function checkHostForm(form: HostForm, hostNames: readonly string[]): HostFormCheck {
  const name = form.name.trim();
  const args: CommandArgs<'hosts.add'> = {
    name,
    destination: form.destination.trim(),
    ...(form.sshConfig.trim() ? { sshConfig: form.sshConfig.trim() } : {}),
    ...(form.command.trim() ? { command: form.command.trim() } : {}),
  };
  const errors: HostFormErrors = {};
  const checked = checkWith(commandSchemas['hosts.add'], args);
  if (!checked.ok) {
    for (const problem of checked.problems) {
      const [field = '', ...rest] = problem.split(': ');
      if (isFormField(field)) errors[field] ??= withoutEcho(rest.join(': '));
    }
  }
  const clash = hostNames.find((other) => sameProfileName(other, name));
  if (!errors.name && clash !== undefined) errors.name = `is already the name of host '${clash}'`;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, args, errors };
}

/** The contract echoes a refused value; a form has it in front of the person already. */
export const withoutEcho = (message: string) => message.replace(/ \(got .*\)$/s, '');

const FORM_FIELDS = ['name', 'destination', 'sshConfig', 'command'] as const;
const isFormField = (field: string): field is keyof HostForm => (FORM_FIELDS as readonly string[]).includes(field);
