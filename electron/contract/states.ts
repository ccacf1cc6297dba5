// What each gateway state means, in one exhaustive table: the core, the CLI, the tray and the window all read it.
import type { GatewayState } from './status.ts';

export interface StateTraits {
  /** A process is there (or about to be): what Stop and Restart act on. */
  running: boolean;
  /** The gateway serves (uptime counts it). */
  up: boolean;
  /** It serves and is well: a start succeeded, the dashboard opens, the watchdog is quiet. */
  healthy: boolean;
  /** A gateway of Lobsterpot's that serves: a saved change waits for its restart ("restart to apply"). */
  applies: boolean;
  /** A start waits no longer: the state needs nothing more to happen, or needs the person. */
  settled: boolean;
  /** Something is wrong that a person should see (the tray turns red). */
  failing: boolean;
  /** Entering it is worth a notification. */
  notifies: boolean;
  /** How a face colours it. */
  tone: 'ok' | 'busy' | 'bad' | 'idle' | 'info';
}

const t = (
  running: boolean,
  up: boolean,
  healthy: boolean,
  applies: boolean,
  settled: boolean,
  failing: boolean,
  notifies: boolean,
  tone: StateTraits['tone'],
) => ({ running, up, healthy, applies, settled, failing, notifies, tone }) satisfies StateTraits;

export const STATES: Readonly<Record<GatewayState, StateTraits>> = {
  // running, up, healthy, applies, settled, failing, notifies, tone
  stopped: t(false, false, false, false, true, false, false, 'idle'),
  starting: t(true, false, false, false, false, false, false, 'busy'),
  ready: t(true, true, true, true, true, false, false, 'ok'),
  degraded: t(true, true, false, true, true, true, false, 'bad'),
  stopping: t(false, false, false, false, false, false, false, 'busy'),
  restarting: t(true, false, false, false, false, false, false, 'busy'),
  'crash-looping': t(false, false, false, false, true, true, true, 'bad'),
  'port-blocked': t(false, false, false, false, true, true, true, 'bad'),
  'config-error': t(false, false, false, false, true, true, true, 'bad'),
  external: t(true, true, true, false, true, false, false, 'info'),
  unresponsive: t(true, false, false, false, false, true, true, 'bad'),
};

/** The states with a trait, in the contract's order. */
export const statesWhere = (trait: keyof Omit<StateTraits, 'tone'>): GatewayState[] =>
  (Object.keys(STATES) as GatewayState[]).filter((state) => STATES[state][trait]);

/** States with a gateway process there (or about to be): what Stop and Restart act on. */
export const RUNNING_STATES: readonly GatewayState[] = statesWhere('running');
export const isRunningState = (state: GatewayState) => STATES[state].running;
