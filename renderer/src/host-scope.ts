// Where a panel acts and what it reads: this host (commands run directly, state from the store's own fields) or
// another (commands through `hosts.call`, state from that host's last report, shown only while live). The panels take
// a target instead of reading this host's store, so one component serves every host.
import { useEffect, useMemo, useState } from 'react';
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
  liveStatus,
  planningOf,
  profilesSignature,
  unreachableReason,
  type FleetView,
  type PlanningInput,
} from './hosts-model.ts';
import { offlineReason, runOn, useStore } from './store.ts';
import type { ViewState } from './reducer.ts';

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

/** Why nothing can be asked of the host now: the window is offline, or another host is out of reach. */
export const blockedIn = (
  state: Pick<ViewState, 'hosts' | 'connection' | 'connectionReason'>,
  host: string | null,
): string | null => {
  const offline = offlineReason(state);
  if (offline !== null || host === null) return offline;
  const view = state.hosts[host];
  return view ? unreachableReason(view) : `${host} is not a host Lobsterpot knows`;
};

/** Why nothing can be asked of the host now (null while the window is connected and the host live). */
export const useBlocked = (host: string | null): string | null => useStore((s) => blockedIn(s, host));

/** What the port planner works on for the host. */
export function usePlanning(host: string | null): PlanningInput {
  const local = useStore(
    useShallow((s) => ({
      profiles: s.profiles,
      findings: s.findings,
      listeners: s.listeners,
      ephemeral: s.ephemeralRange,
    })),
  );
  const view = useStore((s) => (host === null ? null : (s.hosts[host] ?? null)));
  return useMemo(() => (host === null ? local : planningOf(view)), [host, local, view]);
}

/** A gateway's status on the host; for another host only while its states are live. */
export const useGateway = (host: string | null, name: string): GatewayStatus | null =>
  useStore((s) => {
    if (host === null) return s.gateways[name] ?? null;
    const view = s.hosts[host];
    return view ? liveStatus(view, name) : null;
  });

const NO_PROFILES: readonly ProfileView[] = [];

/** The host's profiles as last known (another host's, live or not). */
const useProfiles = (host: string | null): readonly ProfileView[] =>
  useStore((s) => (host === null ? s.profiles : (s.hosts[host]?.remote?.profiles ?? NO_PROFILES)));

/** The host's profiles that are set up, one name a line. */
export function useConfiguredNames(host: string | null): string {
  const profiles = useProfiles(host);
  return useMemo(() => configuredNames(profiles), [profiles]);
}

/**
 * Changes when a profile of the host does (its config, ports, paths): what the audit is asked again on. This host's
 * profiles change by event; another host's arrive anew with each of its reports, so their content is compared.
 */
export function useProfilesVersion(host: string | null): unknown {
  const profiles = useProfiles(host);
  return useMemo(() => (host === null ? profiles : profilesSignature(profiles)), [host, profiles]);
}

/** What Start all, Stop all and Restart all of the host may do now. */
export const useFleet = (host: string | null): FleetView =>
  useStore(
    useShallow((s): FleetView => {
      if (host === null) return fleetOf(s.profiles, Object.values(s.gateways), blockedIn(s, null));
      const remote = s.hosts[host]?.remote;
      return fleetOf(remote?.profiles ?? [], remote?.gateways ?? [], blockedIn(s, host));
    }),
  );

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
