// The reconcile decision for one profile, as a pure function of its record: what a person and the flags want (spec)
// against what was last seen of the process. Level-triggered: the same record always gives the same decision, so a
// missed or repeated observation costs nothing.
import { afterCrash, type CrashStreak, type RestartPolicy } from './restart-policy.ts';

/** Who asked for something: the face it came through, from where, and when. */
export interface Author {
  by: string;
  from: string | null;
  at: number;
}

/** What is wanted of a profile's gateway. */
export interface Spec {
  /** A person's last start or stop, with its author (the run record holds it, so every Lobsterpot process sees it). */
  intent: { wanted: 'running' | 'stopped'; author: Author } | null;
  restartOnCrash: boolean;
  autostart: boolean;
}

/** A fact about the process that calls for a decision; `token` names the process it is about. */
export type Pending =
  | { kind: 'crash'; token: number; why: string; wasReadyFor: number | null; streak: CrashStreak }
  | { kind: 'restart-due'; token: number }
  /** The process ended asking for a restart through OpenClaw's hand-off (`why`: its cause, in words). */
  | { kind: 'handoff'; token: number; why: string };

/** A start refused as port-blocked by a holder named by pid, and whether that holder is still there. */
export interface Blocked {
  pid: number;
  port: number;
  /** The holder has exited, or a scan after the refusal no longer sees it on the port. */
  gone: 'exited' | 'left the port' | null;
}

export interface ReconcileInput {
  spec: Spec;
  pending: Pending | null;
  blocked?: Blocked | null;
  /** A person's stop (or delete) is queued or running on the profile. */
  stopping: boolean;
}

export type Decision =
  | { kind: 'nothing' }
  | { kind: 'restart'; token: number; delayMs: number; reason: string; streak: CrashStreak }
  | { kind: 'respawn'; token: number }
  /** The holder that blocked a start is gone: the refusal no longer holds, and no dead pid is cited. */
  | { kind: 'unblock'; reason: string }
  | { kind: 'end'; token: number; state: 'stopped' | 'crash-looping'; reason: string; streak: CrashStreak | null };

/** The flag allows a restart and no person's stop stands (recorded, queued or running). */
export const mayRestart = (input: ReconcileInput): boolean =>
  input.spec.restartOnCrash && input.spec.intent?.wanted !== 'stopped' && !input.stopping;

export function decide(input: ReconcileInput, policy: RestartPolicy, random: () => number): Decision {
  const { pending, blocked } = input;
  if (blocked?.gone) {
    const reason = `port ${blocked.port} is free again (its holder ${blocked.gone})`;
    return { kind: 'unblock', reason };
  }
  if (!pending) return { kind: 'nothing' };
  if (pending.kind === 'handoff') {
    // OpenClaw's own restart is not a crash: no backoff, no streak, and no restart-on-crash flag needed.
    if (input.spec.intent?.wanted !== 'stopped' && !input.stopping) return { kind: 'respawn', token: pending.token };
    const reason = `${pending.why}; not restarted: it is meant to be stopped`;
    return { kind: 'end', token: pending.token, state: 'stopped', reason, streak: null };
  }
  if (pending.kind === 'restart-due') {
    // Asked again right before it happens: a person may have stopped the gateway from elsewhere meanwhile.
    if (mayRestart(input)) return { kind: 'respawn', token: pending.token };
    const reason = 'not restarted: it was stopped meanwhile';
    return { kind: 'end', token: pending.token, state: 'stopped', reason, streak: null };
  }
  const facts = { wasReadyFor: pending.wasReadyFor, mayRestart: mayRestart(input) };
  const { decision, streak } = afterCrash(policy, pending.streak, facts, random);
  const { token, why } = pending;
  if (decision.kind === 'stop') return { kind: 'end', token, state: 'stopped', reason: `exited: ${why}`, streak };
  if (decision.kind === 'crash-looping') {
    const reason = `exited ${decision.failedStarts} times in a row before becoming ready; last: ${why}`;
    return { kind: 'end', token, state: 'crash-looping', reason, streak };
  }
  const delay = decision.delayMs;
  const when = delay === 0 ? 'restarting now' : `restarting in ${(delay / 1000).toFixed(1)} s`;
  return { kind: 'restart', token, delayMs: delay, reason: `${why}; ${when}`, streak };
}

/** A gateway of this profile found running (finder.ts, judged by adoption.ts). */
export interface Found {
  pid: number;
  /** Where it listens (its lock's port or its listener); null while it is starting. */
  port: number | null;
  owner: 'lobsterpot' | 'external';
}

export interface AdoptInput {
  /** A process is already tracked here (spawned or adopted), or being stopped. */
  tracked: boolean;
  /** The look was made in the background while a command is on its way: the command decides for itself. */
  yields: boolean;
  found: Found | null;
  /** The profile's OS service is active: the gateway is the service's, whoever's record names it. */
  serviceActive: boolean;
  /** The port the config asks for: where a gateway found without a port is watched, when its record names none. */
  basePort: number;
  /** The port the run record says this pid was started on (null when the record names another pid, or none). */
  recordedPort: number | null;
}

export type AdoptDecision =
  { kind: 'adopt'; pid: number; port: number; owner: 'lobsterpot' | 'external' | 'service' } | { kind: 'nothing' };

/**
 * Whether to watch a gateway found running. Asked before and after the probe of it (a spawn or a command may come
 * meanwhile): never over a process already tracked, and a background look never pre-empts a command.
 */
export function decideAdopt(input: AdoptInput): AdoptDecision {
  const { found } = input;
  if (!found || input.tracked || input.yields) return { kind: 'nothing' };
  const owner = input.serviceActive ? 'service' : found.owner;
  // No port said (OpenClaw reloading, a gateway still starting): the one it was started on, before the config's.
  return { kind: 'adopt', pid: found.pid, port: found.port ?? input.recordedPort ?? input.basePort, owner };
}
