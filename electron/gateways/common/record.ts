// One record per profile: what is wanted of its gateway (`spec`) and what was last seen of it (`observed`), each fact
// with when it was seen. Observations only update the record; the published status is a function of it (`statusOf`),
// so what a face shows is what was seen last, never a field some code forgot to refresh.
import type { GatewayOwner, GatewayStatus, SupervisorInfo, WatchdogStatus } from '../../contract/contract.ts';
import { unknownHealth } from '../../contract/status.ts';
import type { Listener } from '../../ports/common/findings.ts';
import type { Blocked, Spec } from './reconcile.ts';

/** A fact and when it was seen (epoch ms; 0: never seen, the value is the default). */
export interface Seen<T> {
  value: T;
  at: number;
}

/** The process part of a gateway's status, as its state machine (GatewayProcess) reports it. */
export type ProcessStatus = Pick<
  GatewayStatus,
  | 'state'
  | 'reason'
  | 'pid'
  | 'owner'
  | 'startedAt'
  | 'readyAt'
  | 'restarts'
  | 'lastExit'
  | 'nextRestartAt'
  | 'health'
  | 'phase'
>;

/** Everything that can be observed of one profile's gateway. */
export interface Facts {
  /** The process: spawned, adopted, exited, probed (GatewayProcess). */
  process: ProcessStatus;
  /** A process is there or about to be (a spawn on its way, a restart scheduled). */
  active: boolean;
  /** The base port the config asks for (a file event changes it). */
  basePort: number;
  /** The port the running gateway listens on, from its spawn or its lock: never re-derived from a changed config. */
  runningPort: number | null;
  /** Who listens on the footprint (a listener scan). */
  listeners: Listener[];
  /** What the gateway said over its RPC (its hello). */
  rpc: GatewayStatus['rpc'];
  /** The profile's OS service. */
  service: GatewayStatus['service'];
  /** Who runs a gateway Lobsterpot did not start (its parent chain and supervisor markers). */
  supervisor: SupervisorInfo | null;
  /** The watchdog's alert, while it finds the gateway meant to run and not ready. */
  watchdog: WatchdogStatus | null;
  /** The OpenClaw version installed on disk (the located one). */
  installed: string | null;
  /** The doctor's offer after an exit 78, and its last run (from the run record). */
  doctor: GatewayStatus['doctor'];
  /** The holder a start was refused for (port-blocked), by pid. */
  blockedBy: { pid: number; port: number } | null;
}

export type Observed = { [K in keyof Facts]: Seen<Facts[K]> };

/** What a person and the flags want, and whom Lobsterpot took the gateway on for. */
export interface RecordSpec extends Spec {
  /** Who the gateway Lobsterpot watches belongs to (its spawn: lobsterpot; an adoption: its decision); null: none. */
  ownership: GatewayOwner | null;
}

export interface GatewayRecord {
  profile: string;
  spec: RecordSpec;
  observed: Observed;
}

export const noRpc = (): GatewayStatus['rpc'] => ({ version: null, configPath: null, checkedAt: null, error: null });
export const noService = (): GatewayStatus['service'] => ({ installed: false, active: false, label: null });

const never = <T>(value: T): Seen<T> => ({ value, at: 0 });

/** A profile's record before anything is seen or wanted. */
export function emptyRecord(profile: string, basePort: number): GatewayRecord {
  return {
    profile,
    spec: { intent: null, restartOnCrash: false, autostart: false, ownership: null },
    observed: {
      process: never({
        state: 'stopped',
        reason: null,
        pid: null,
        owner: null,
        startedAt: null,
        readyAt: null,
        restarts: 0,
        lastExit: null,
        nextRestartAt: null,
        health: unknownHealth(),
        phase: null,
      }),
      active: never(false),
      basePort: never(basePort),
      runningPort: never(null),
      listeners: never([]),
      rpc: never(noRpc()),
      service: never(noService()),
      supervisor: never(null),
      watchdog: never(null),
      installed: never(null),
      doctor: never({ offered: false, last: null }),
      blockedBy: never(null),
    },
  };
}

/** The record after `facts` were seen at `at`: each fact given is replaced with its time; the others are kept. */
export function withFacts(record: GatewayRecord, facts: Partial<Facts>, at: number): GatewayRecord {
  const observed = { ...record.observed };
  for (const key of Object.keys(facts) as (keyof Facts)[]) {
    if (facts[key] === undefined) continue;
    (observed as Record<keyof Facts, Seen<unknown>>)[key] = { value: facts[key], at };
  }
  return { ...record, observed };
}

/** The record with what is wanted replaced by `spec` (the parts given). */
export const withSpec = (record: GatewayRecord, spec: Partial<RecordSpec>): GatewayRecord => ({
  ...record,
  spec: { ...record.spec, ...spec },
});

/** The OpenClaw version a gateway runs beside the one on disk: "restart to update" when a running gateway differs. */
export function versionsOf(
  running: string | null,
  installed: string | null,
  hasProcess: boolean,
): GatewayStatus['versions'] {
  return {
    running,
    installed,
    restartToUpdate: hasProcess && running !== null && installed !== null && running !== installed,
  };
}

/** The port the gateway listens on (or would). */
export const portOf = (record: GatewayRecord): number =>
  record.observed.runningPort.value ?? record.observed.basePort.value;

/** A saved port the running gateway has not taken (a hot reload keeps the old one): it needs a restart. */
export function pendingRestartOf(record: GatewayRecord): string | null {
  const { runningPort, basePort, active, process } = record.observed;
  const running = runningPort.value;
  if (running === null || !active.value || process.value.owner === null) return null;
  return basePort.value === running ? null : `port ${basePort.value} (runs on ${running})`;
}

/** The published status: a function of the record alone. */
export function statusOf(record: GatewayRecord): GatewayStatus {
  const o = record.observed;
  const process = o.process.value;
  const hasProcess = process.pid !== null;
  return {
    profile: record.profile,
    ...process,
    port: portOf(record),
    listeners: o.listeners.value,
    rpc: o.rpc.value,
    service: o.service.value,
    pendingRestart: pendingRestartOf(record),
    supervisor: hasProcess ? o.supervisor.value : null,
    versions: versionsOf(o.rpc.value.version, o.installed.value, hasProcess),
    watchdog: o.watchdog.value,
    doctor: o.doctor.value,
  };
}

/**
 * The holder of a port-blocked refusal, and whether it is gone: it exited (`holderAlive` says), or a listener scan
 * seen after the refusal no longer shows it on the port. Null when the gateway is not refused for a holder.
 */
export function blockedOf(record: GatewayRecord, holderAlive: (pid: number) => boolean): Blocked | null {
  const { blockedBy, listeners, process } = record.observed;
  const held = blockedBy.value;
  if (!held || process.value.state !== 'port-blocked') return null;
  const scannedSince = listeners.at >= blockedBy.at;
  const listening = listeners.value.some((l) => l.port === held.port && l.pid === held.pid);
  const gone = !holderAlive(held.pid) ? 'exited' : scannedSince && !listening ? 'left the port' : null;
  return { pid: held.pid, port: held.port, gone };
}
