// A gateway's history as pure functions: why each state change happened, uptime over a window, the outages, and the
// watchdog's schedule. The core records the entries (core/run-records.ts); these read them. Pure: time is passed in.
import type { ExitRecord, GatewayState } from '../../contract/contract.ts';
import { statesWhere } from '../../contract/states.ts';

/**
 * Why a state changed: a person's command, the restart policy, a crash, a probe's answer, or a gateway found running;
 * `alert`: no change, the watchdog's alert sent through another gateway, and its answer (it never changes how time counts);
 * `update`, `rollback`: no change either, a rollout putting the profile on another OpenClaw install (its restart follows).
 */
export type CauseKind =
  'person' | 'policy' | 'crash' | 'health' | 'adopted' | 'doctor' | 'openclaw' | 'alert' | 'update' | 'rollback';
/** Every kind: a record read back keeps only these. */
export const CAUSE_KINDS: readonly CauseKind[] = [
  'person',
  'policy',
  'crash',
  'health',
  'adopted',
  'doctor',
  'openclaw',
  'alert',
  'update',
  'rollback',
];

export interface HistoryCause {
  kind: CauseKind;
  /** Who or what acted: the origin of a command (`cli`, `app`, `serve`), `restart policy`, `probe`… */
  by: string | null;
  /** For a crash: how the process ended. */
  exit?: { code: number | null; signal: string | null } | null;
  /** For a crash: the gateway's last lines (bounded). */
  lines?: string[];
}

export interface HistoryEntry {
  at: number;
  state: GatewayState;
  reason: string | null;
  /** Absent in records written before causes were kept. */
  cause?: HistoryCause | null;
}

/** States in which the gateway serves. */
export const UP_STATES: readonly GatewayState[] = statesWhere('up');
const TRANSITIONS: readonly GatewayState[] = ['starting', 'stopping', 'stopped'];
export const CAUSE_LINES = 5;
const LINE_CHARS = 300;

export interface TransitionFacts {
  from: GatewayState;
  to: GatewayState;
  /** A command (start, stop, restart, delete…) is running on the profile. */
  commanding: boolean;
  /** Who runs this supervisor (`app`, `serve`, `cli`): a command's author. */
  origin: string;
  /** The process exited since the last recorded change. */
  exit: ExitRecord | null;
  /** The gateway's last lines, when it exited. */
  lines: readonly string[];
  /** OpenClaw asked for the restart under way (a consumed hand-off), in words. */
  handoff?: string | null;
}

/** The cause of one state change, from what the runtime knows at that moment. */
export function causeOf(facts: TransitionFacts): HistoryCause {
  const { to, from, commanding, origin, exit } = facts;
  // A restart OpenClaw handed over: its exit is no crash, and the restart is its, not the restart policy's.
  if (facts.handoff && !commanding && (to === 'restarting' || to === 'starting'))
    return { kind: 'openclaw', by: facts.handoff };
  if (exit && !(commanding && TRANSITIONS.includes(to))) {
    const lines = facts.lines
      .slice(-CAUSE_LINES)
      .map((line) => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS - 1)}…` : line));
    return { kind: 'crash', by: exit.meaning, exit: { code: exit.code, signal: exit.signal }, lines };
  }
  if (commanding) return { kind: 'person', by: origin };
  if (from === 'restarting' && to === 'starting') return { kind: 'policy', by: 'restart policy' };
  if (to === 'restarting' || to === 'crash-looping') return { kind: 'policy', by: 'restart policy' };
  if (from === 'stopped' && (to === 'external' || UP_STATES.includes(to) || to === 'starting'))
    return { kind: 'adopted', by: 'found running' };
  return { kind: 'health', by: 'probe' };
}

/**
 * How a span of history counts: serving (`up`); coming up on a person's command or when found (`starting`, meant to
 * run but not an outage); not serving though meant to (`down`, an outage); stopped (or stopping) on purpose
 * (`intended`); a person's start refused before any spawn while it was not serving (`refused`: it stays stopped, no
 * outage); before the first recorded change (`unknown`).
 */
export type SpanKind = 'up' | 'starting' | 'down' | 'intended' | 'refused' | 'unknown';

/** Every kind, in the order a legend lists them. */
export const SPAN_KINDS: readonly SpanKind[] = ['up', 'starting', 'down', 'intended', 'refused', 'unknown'];

/** Entries that record something beside the state (the state is the one before): they never change how time counts. */
const NOTES: readonly CauseKind[] = ['alert', 'update', 'rollback'];
const REFUSALS: readonly GatewayState[] = ['port-blocked', 'config-error'];
/** Causes of a start that belongs to an outage: the restart policy after a crash, the doctor after an exit 78. */
const RECOVERIES: readonly CauseKind[] = ['policy', 'crash', 'health', 'doctor'];

/** How a span that begins with `entry` counts, given how the span before it counted. */
export function spanKind(entry: HistoryEntry | undefined, before: SpanKind = 'unknown'): SpanKind {
  if (!entry) return 'unknown';
  const cause = entry.cause ?? null;
  if (cause && NOTES.includes(cause.kind)) return before;
  if (UP_STATES.includes(entry.state)) return 'up';
  if (entry.state === 'starting') return cause && RECOVERIES.includes(cause.kind) ? 'down' : 'starting';
  // A restart OpenClaw asked for (a saved port, say) is meant: coming up again, not an outage.
  if (entry.state === 'restarting' && cause?.kind === 'openclaw') return 'starting';
  if (cause === null) return entry.state === 'stopped' ? 'intended' : 'down';
  if (cause.kind === 'person' && TRANSITIONS.includes(entry.state)) return 'intended';
  // A start refused by the preflight leaves a stopped gateway stopped; during an outage the outage goes on.
  if (cause.kind === 'person' && REFUSALS.includes(entry.state)) return before === 'down' ? 'down' : 'refused';
  return 'down';
}

export interface HistorySpan {
  from: number;
  to: number;
  kind: SpanKind;
  /** The entry the span began with; undefined before the first one. */
  entry: HistoryEntry | undefined;
}

export interface Uptime {
  upMs: number;
  /** Coming up on a person's command (or when found): meant to run, not serving yet, not an outage. */
  startingMs: number;
  /** Not serving while it was meant to (crashes, failed starts, blocked, unresponsive). */
  downMs: number;
  /** Stopped (or stopping) on a person's command. */
  intendedMs: number;
  /** A person's start refused before any spawn (port blocked, config error) while the gateway was stopped. */
  refusedMs: number;
  /** Before the first recorded change. */
  unknownMs: number;
  /** up / (up + starting + down): the share of the time meant to run that it served; null when there was none. */
  ratio: number | null;
}

const byTime = (history: readonly HistoryEntry[]) =>
  history
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);

/** The spans of the window `[now - windowMs, now]`, oldest first, each with how it counts. */
export function historySpans(history: readonly HistoryEntry[], now: number, windowMs: number): HistorySpan[] {
  return walk(history, now, windowMs).spans;
}

/** The spans, and how the time from the latest entry on counts. */
function walk(history: readonly HistoryEntry[], now: number, windowMs: number) {
  const start = now - windowMs;
  const sorted = byTime(history).filter((e) => e.at <= now);
  const spans: HistorySpan[] = [];
  let current: HistoryEntry | undefined;
  // Entries before the window still decide how its first span counts (a refusal during an outage).
  let kind: SpanKind = 'unknown';
  let cursor = start;
  for (const entry of sorted) {
    if (entry.at > cursor) {
      spans.push({ from: cursor, to: entry.at, kind, entry: current });
      cursor = entry.at;
    }
    current = entry;
    kind = spanKind(entry, kind);
  }
  if (now > cursor) spans.push({ from: cursor, to: now, kind, entry: current });
  return { spans, latest: kind };
}

/** Uptime over the window ending at `now` (24 h, 7 days…). */
export function uptime(history: readonly HistoryEntry[], now: number, windowMs: number): Uptime {
  const totals: Record<SpanKind, number> = { up: 0, starting: 0, down: 0, intended: 0, refused: 0, unknown: 0 };
  for (const span of historySpans(history, now, windowMs)) totals[span.kind] += span.to - span.from;
  const meant = totals.up + totals.starting + totals.down;
  return {
    upMs: totals.up,
    startingMs: totals.starting,
    downMs: totals.down,
    intendedMs: totals.intended,
    refusedMs: totals.refused,
    unknownMs: totals.unknown,
    ratio: meant > 0 ? totals.up / meant : null,
  };
}

export interface Outage {
  from: number;
  /** Null while it lasts. */
  to: number | null;
  states: GatewayState[];
  /** What began it (a crash with its exit code and last lines, a failed start…). */
  cause: HistoryCause | null;
  reason: string | null;
}

/** The outages within the window, oldest first: maximal spans in which the gateway did not serve though meant to. */
export function outages(history: readonly HistoryEntry[], now: number, windowMs: number): Outage[] {
  const found: Outage[] = [];
  let open: Outage | null = null;
  const { spans, latest } = walk(history, now, windowMs);
  for (const span of spans) {
    if (span.kind === 'down') {
      const state = span.entry?.state;
      if (!open) {
        open = {
          from: span.from,
          to: null,
          states: [],
          cause: span.entry?.cause ?? null,
          reason: span.entry?.reason ?? null,
        };
        found.push(open);
      }
      if (state && open.states.at(-1) !== state) open.states.push(state);
      open.to = span.to;
    } else if (open) {
      open = null;
    }
  }
  // The last one lasts while the latest entry is still down.
  const last = found.at(-1);
  if (last && last.to === now && latest === 'down') last.to = null;
  return found;
}

// ---- watchdog ----------------------------------------------------------------------------------------------------

export interface WatchdogPolicy {
  /** A gateway meant to run that is not ready this long raises the first alert. */
  afterMs: number;
  /** Then again after this, doubling… */
  repeatMs: number;
  /** …up to this. */
  maxRepeatMs: number;
}

export const defaultWatchdogPolicy: WatchdogPolicy = {
  afterMs: 120_000,
  repeatMs: 120_000,
  maxRepeatMs: 3_600_000,
};

export interface WatchdogState {
  /** Since when it is meant to run and not ready; null while all is well. */
  since: number | null;
  alerts: number;
  nextAt: number | null;
  acknowledged: boolean;
}

export const quietWatchdog = (): WatchdogState => ({ since: null, alerts: 0, nextAt: null, acknowledged: false });

/**
 * One look at a gateway: alerts once it has been meant to run and not ready for `afterMs`, then again after 2, 4, 8…
 * minutes (capped) until someone acknowledges; all is forgotten once it is ready or no longer meant to run.
 */
export function watchdogStep(
  state: WatchdogState,
  facts: { meantToRun: boolean; ready: boolean },
  now: number,
  policy: WatchdogPolicy = defaultWatchdogPolicy,
): { state: WatchdogState; alert: boolean } {
  if (!facts.meantToRun || facts.ready) return { state: quietWatchdog(), alert: false };
  if (state.since === null)
    return { state: { ...quietWatchdog(), since: now, nextAt: now + policy.afterMs }, alert: false };
  if (state.acknowledged || state.nextAt === null || now < state.nextAt) return { state, alert: false };
  const alerts = state.alerts + 1;
  const repeat = Math.min(policy.maxRepeatMs, policy.repeatMs * 2 ** (alerts - 1));
  return { state: { ...state, alerts, nextAt: now + repeat }, alert: true };
}
