// Where a panel acts and what it reads: a host's fleet in the store (this host's always live, another's its last
// report, its states shown only while live) and its commands (this host's run directly, another's through
// `hosts.call`). Every panel takes a host, so one component serves every host.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type {
  CommandArgs,
  CommandName,
  CommandResults,
  GatewayStatus,
  ProfileView,
} from '../../electron/contract/contract.ts';
import {
  configuredNames,
  fleetOf,
  planningOf,
  profilesSignature,
  shownGateway,
  staleNote,
  unreachableReason,
  type FleetView,
  type PlanningInput,
  type ShownGateway,
} from './hosts-model.ts';
import { keepLogTail, offlineReason, runOn, useStore } from './store.ts';
import { hostKey, type HostFleet, type ViewState } from './reducer.ts';
import { useNow } from './components/ui/time.ts';

export type Reply<C extends CommandName> = { ok: true; result: CommandResults[C] } | { ok: false; error: string };

/** Runs a command on one host. */
export type Runner = <C extends CommandName>(command: C, args: CommandArgs<C>) => Promise<Reply<C>>;

export interface HostTarget {
  /** null: this host. */
  host: string | null;
  run: Runner;
}

const targets = new Map<string | null, HostTarget>();

/** The target of a host, the same object each time (panels keep it in their effects' dependencies). */
export function targetOf(host: string | null): HostTarget {
  let target = targets.get(host);
  if (!target) {
    target = { host, run: (command, args) => runOn(host, command, args) };
    targets.set(host, target);
  }
  return target;
}

export const LOCAL: HostTarget = targetOf(null);

/** A label as this host's panel has it, "… on lab" for another host's. */
export const onHost = (label: string, host: string | null): string => (host === null ? label : `${label} on ${host}`);

/** A panel's heading: under a host's own heading, one level down. */
export const headingFor = (host: string | null) => (host === null ? 'h2' : 'h3');

/** A host's fleet: this host's always, another's once it has reported. */
export const fleetIn = (state: Pick<ViewState, 'fleets'>, host: string | null): HostFleet | undefined =>
  state.fleets[hostKey(host)];

/**
 * Why the host's gateway states are not current; null while they are. This host's always are; another's while the
 * window and that host are connected and its view is fresh.
 */
export function staleIn(
  state: Pick<ViewState, 'hosts' | 'fleets' | 'connection' | 'connectionReason'>,
  host: string | null,
): string | null {
  if (host === null) return null;
  const link = state.hosts[host];
  if (!link) return `${host} is not a host Lobsterpot knows`;
  return offlineReason(state) ?? unreachableReason(link, state.fleets[host]);
}

/** Why nothing can be asked of the host now: the window is offline, or another host is out of reach. */
export const blockedIn = (
  state: Pick<ViewState, 'hosts' | 'fleets' | 'connection' | 'connectionReason'>,
  host: string | null,
): string | null => offlineReason(state) ?? staleIn(state, host);

/** Why nothing can be asked of the host now (null while the window is connected and the host live). */
export const useBlocked = (host: string | null): string | null => useStore((s) => blockedIn(s, host));

const NO_PROFILES: readonly ProfileView[] = [];

/** The host's profiles as last known (another host's, live or not). */
export const useProfiles = (host: string | null): readonly ProfileView[] =>
  useStore((s) => fleetIn(s, host)?.profiles ?? NO_PROFILES);

/** One profile of the host as last known; null once it is gone. */
export const useProfile = (host: string | null, name: string): ProfileView | null =>
  useStore((s) => fleetIn(s, host)?.profiles.find((p) => p.name === name) ?? null);

/** What the port planner works on for the host. */
export function usePlanning(host: string | null): PlanningInput {
  const fleet = useStore((s) => fleetIn(s, host));
  return useMemo(() => planningOf(fleet), [fleet]);
}

/** A gateway of the host as shown: its status only while the host's states are current, else since when not. */
export function useShown(host: string | null, name: string): ShownGateway {
  const stale = useStore((s) => staleIn(s, host));
  const fleet = useStore((s) => fleetIn(s, host));
  const link = useStore((s) => (host === null ? undefined : s.hosts[host]));
  const now = useNow(stale === null ? 60_000 : 1000);
  const note = stale !== null && link ? (staleNote(link, fleet, now) ?? stale) : stale;
  return useMemo(() => shownGateway(fleet, name, stale, note), [fleet, name, stale, note]);
}

/** A gateway's status on the host; for another host only while its states are live. */
export const useGateway = (host: string | null, name: string): GatewayStatus | null =>
  useStore((s) => (staleIn(s, host) === null ? (fleetIn(s, host)?.gateways[name] ?? null) : null));

/** The host's profiles that are set up, one name a line. */
export function useConfiguredNames(host: string | null): string {
  const profiles = useProfiles(host);
  return useMemo(() => configuredNames(profiles), [profiles]);
}

/**
 * Changes when a profile of the host does (its config, ports, paths): what the audit is asked again on. Another
 * host's profiles arrive anew with each of its reports, so their content is compared, the same way for every host.
 */
export function useProfilesVersion(host: string | null): unknown {
  const profiles = useProfiles(host);
  return useMemo(() => profilesSignature(profiles), [profiles]);
}

/** What Start all, Stop all and Restart all of the host may do now. */
export const useFleet = (host: string | null): FleetView =>
  useStore(
    useShallow((s): FleetView => {
      const fleet = fleetIn(s, host);
      return fleetOf(fleet?.profiles ?? [], Object.values(fleet?.gateways ?? {}), blockedIn(s, host));
    }),
  );

const REMOTE_LOG_EVERY_MS = 5000;

/**
 * A profile's log tail on its host, kept in the store: this host's is asked once and then grows by event; another
 * host's sends no events, so it is asked when shown and every 5 s while the host can be asked (`at`: when it was).
 */
export function useLogLines(
  target: HostTarget,
  name: string,
): { lines: string[] | undefined; at: number | null; error: string | null } {
  const { host, run } = target;
  const lines = useStore((s) => fleetIn(s, host)?.logs[name]);
  // This host's tail is asked once: events keep it since.
  const kept = host === null && lines !== undefined;
  const blocked = useBlocked(host);
  const [asked, setAsked] = useState<{ at: number | null; error: string | null }>({ at: null, error: null });
  useEffect(() => {
    if (blocked !== null || kept) return;
    let current = true;
    const ask = async () => {
      const result = await run('logs.tail', { name, lines: 500 });
      if (!current) return;
      if (result.ok) keepLogTail(host, name, result.result.lines);
      setAsked({ at: Date.now(), error: result.ok ? null : result.error });
    };
    void ask();
    if (host === null) return () => void (current = false);
    const timer = setInterval(() => void ask(), REMOTE_LOG_EVERY_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [host, run, name, blocked, kept]);
  return { lines, ...asked };
}

const SUGGEST_SETTLE_MS = 250;

/**
 * Another host's suggested base port, from its own planner (`ports.suggest`), asked again once `near` has settled;
 * nothing for this host (its suggestion is computed in the window) or while the host is out of reach.
 */
export function useRemoteSuggestion(
  target: HostTarget,
  near?: number,
  exclude?: string,
): { port: number | null; error: string | null } {
  const blocked = useBlocked(target.host);
  const [answer, setAnswer] = useState<{ port: number | null; error: string | null }>({ port: null, error: null });
  useEffect(() => {
    if (target.host === null || blocked !== null) return;
    let current = true;
    const timer = setTimeout(() => {
      void target
        .run('ports.suggest', { ...(near !== undefined ? { near } : {}), ...(exclude ? { exclude } : {}) })
        .then((result) => {
          if (current)
            setAnswer(result.ok ? { port: result.result.port, error: null } : { port: null, error: result.error });
        });
    }, SUGGEST_SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [target, blocked, near, exclude]);
  return answer;
}

/**
 * A report a host makes on request (the audit, OpenClaw's versions): asked when shown, again whenever the host's
 * profiles change or the host comes back, and by `look`; never while the host is out of reach. `setError` lets the
 * panel's own actions say what failed in the same place.
 */
export function useHostReport<C extends 'audit.run' | 'openclaw.versions'>(target: HostTarget, command: C) {
  const { host, run } = target;
  const profiles = useProfilesVersion(host);
  const blocked = useBlocked(host);
  const [report, setReport] = useState<CommandResults[C] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const look = useCallback(async () => {
    setLooking(true);
    const result = await run(command, {} as CommandArgs<C>);
    setLooking(false);
    if (result.ok) {
      setReport(result.result);
      setError(null);
    } else setError(result.error);
  }, [run, command]);
  useEffect(() => {
    if (blocked === null) void look();
  }, [profiles, look, blocked]);
  return { report, error, setError, looking, look, blocked };
}
