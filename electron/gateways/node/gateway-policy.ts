// The parts of a gateway's life that are data: the injected effects, the restart and readiness policies, the
// process part of a status. gateway-process.ts is the state machine over them.
import type { GatewayState } from '../../contract/contract.ts';
import type { ProcessStatus } from '../common/record.ts';
import type { Listener } from '../../ports/common/findings.ts';
import type { Clock } from '../../platform/node/clock.ts';
import type { HealthProbe, StartupProbe } from './probes.ts';

export interface GatewayExit {
  code: number | null;
  signal: string | null;
}

export interface GatewayChild {
  pid: number;
  /** Settles when the process has exited. */
  exit: Promise<GatewayExit>;
  /** What the process printed since it was spawned (the end of it is enough). */
  output(): Promise<string[]>;
}

export interface GatewayDeps {
  spawn(): Promise<GatewayChild>;
  /** Signals the process group led by `pid`, or the process alone when `group` is false. */
  signal(pid: number, signal: NodeJS.Signals, group: boolean): void;
  isAlive(pid: number): boolean;
  probe(port: number): Promise<HealthProbe>;
  /** `/startupz`, asked only while a gateway starts; null where the version does not serve it. */
  startup?(port: number): Promise<StartupProbe | null>;
  /** Listeners still on the footprint's ports (after a stop they must be gone). */
  footprintListeners(): Promise<Listener[]>;
  /** What the OS says of a process that does not answer ("stopped (SIGSTOP)"), for the unresponsive state's evidence. */
  describeProcess?(pid: number): Promise<string | null>;
  clock: Clock;
}

import type { Pending } from '../common/reconcile.ts';

export type { RestartPolicy } from '../common/restart-policy.ts';
export { defaultRestartPolicy } from '../common/restart-policy.ts';

export interface ReadinessPolicy {
  fastPollMs: number;
  fastPhaseMs: number;
  slowPollMs: number;
  warnAfterMs: number;
  failAfterMs: number;
  /**
   * Health polling of a gateway whose death no event reports (adopted) or that did not answer last time. A ready child
   * of ours that answered is asked after half of unresponsiveAfterMs: its exit is an event, and a hang still shows in
   * time.
   */
  healthPollMs: number;
  /** How long a stop waits for the footprint's ports to be released. */
  releaseWaitMs: number;
  /** A live process that has not answered a probe for this long is `unresponsive`. */
  unresponsiveAfterMs: number;
}

export const defaultReadinessPolicy: ReadinessPolicy = {
  fastPollMs: 200,
  // A fresh gateway takes 5–15 s to be ready (bench/): the fast phase covers that, the slow one the stragglers.
  fastPhaseMs: 30_000,
  slowPollMs: 1000,
  warnAfterMs: 30_000,
  failAfterMs: 90_000,
  healthPollMs: 2000,
  releaseWaitMs: 5000,
  unresponsiveAfterMs: 20_000,
};

export type { ProcessStatus } from '../common/record.ts';

/** What a gateway is run with, read when it is needed: the port it listens on, the stop's grace, the readiness policy. */
export interface GatewayTerms {
  /** The port the running gateway listens on (recorded at spawn or adoption, whatever the config now says). */
  port(): number;
  graceMs(): number;
  readiness?: Partial<ReadinessPolicy>;
}

/** OpenClaw's restart hand-off, for a process that runs in its external mode. */
export interface HandoffSource {
  /** Whether the process can have left a hand-off (it runs in external mode): else none is looked for. */
  handsOff(): boolean;
  /** After a clean exit: the restart hand-off OpenClaw left for this pid, consumed; null when there is none. */
  take(pid: number): Promise<string | null>;
}

/** Where the process machine tells what happened to it. */
export interface ProcessReports {
  changed(process: { readonly state: GatewayState; readonly status: ProcessStatus }): void;
  /** A start was made or ended (the manager keeps its record of gateways it runs). */
  spawned?(pid: number | null): void;
  /** A subscriber threw: reported here, never allowed to wedge the state machine. */
  error?(error: unknown): void;
}

export interface GatewayProcessOptions {
  profile: string;
  terms: GatewayTerms;
  /**
   * What the reconcile step decides on: a crash of a process of ours, a consumed hand-off, a scheduled restart fallen
   * due. Without it a crash or a hand-off ends in `stopped`.
   */
  decide?: (pending: Pending) => void;
  handoffs?: HandoffSource;
  reports: ProcessReports;
}
