// The timeline strip of one gateway: its history cut into spans that were up, down (an outage), stopped on purpose or
// unknown, over a window ending now. Pure; counts time exactly as the core's uptime does (electron/common/history.ts).
import type { GatewayState } from '../../electron/contract/contract.ts';
import { UP_STATES, type HistoryEntry } from '../../electron/gateways/common/history.ts';
import { entryText } from '../../electron/gateways/common/gateway-text.ts';

export type SpanKind = 'up' | 'down' | 'intended' | 'unknown';

export interface StripSpan {
  from: number;
  to: number;
  kind: SpanKind;
  /** The state the span began with; null before the first entry. */
  state: GatewayState | null;
  /** Why it began, for the span's tooltip. */
  cause: string;
}

const TRANSITIONS: readonly GatewayState[] = ['starting', 'stopping', 'stopped'];

/** How a span that begins with `entry` counts; the same rule as the core's uptime. */
export function kindOf(entry: HistoryEntry | undefined): SpanKind {
  if (!entry) return 'unknown';
  if (UP_STATES.includes(entry.state)) return 'up';
  if (!entry.cause) return entry.state === 'stopped' ? 'intended' : 'down';
  return entry.cause.kind === 'person' && TRANSITIONS.includes(entry.state) ? 'intended' : 'down';
}

/** The spans of `[now - windowMs, now]`, oldest first; neighbours of one kind and state are merged. */
export function stripSpans(entries: readonly HistoryEntry[], now: number, windowMs: number): StripSpan[] {
  const start = now - windowMs;
  const sorted = entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.at <= now)
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
  const spans: StripSpan[] = [];
  const push = (from: number, to: number, entry: HistoryEntry | undefined) => {
    const kind = kindOf(entry);
    const state = entry?.state ?? null;
    const last = spans.at(-1);
    if (last && last.kind === kind && last.state === state && last.to === from) last.to = to;
    else spans.push({ from, to, kind, state, cause: entry ? entryText(entry) : 'nothing recorded yet' });
  };
  let current: HistoryEntry | undefined;
  let cursor = start;
  for (const entry of sorted) {
    if (entry.at > cursor) {
      push(cursor, entry.at, current);
      cursor = entry.at;
    }
    current = entry;
  }
  if (now > cursor) push(cursor, now, current);
  return spans;
}

/**
 * The window a strip shows: the chosen one, or less when the history is younger (a strip of mostly "unknown" says
 * nothing), at least ten seconds.
 */
export function stripWindow(entries: readonly HistoryEntry[], now: number, windowMs: number): number {
  const first = Math.min(...entries.map((e) => e.at));
  if (!Number.isFinite(first) || first >= now) return windowMs;
  return Math.min(windowMs, Math.max(10_000, now - first));
}

/** Milliseconds of each kind in the spans. */
export function totals(spans: readonly StripSpan[]): Record<SpanKind, number> {
  const sum: Record<SpanKind, number> = { up: 0, down: 0, intended: 0, unknown: 0 };
  for (const span of spans) sum[span.kind] += span.to - span.from;
  return sum;
}

/** Each span's place on a strip of `width`: x and width, at least a sliver so a short crash still shows. */
export function layout(spans: readonly StripSpan[], width: number): (StripSpan & { x: number; w: number })[] {
  const from = spans[0]?.from ?? 0;
  const to = spans.at(-1)?.to ?? from;
  const scale = to > from ? width / (to - from) : 0;
  return spans.map((span) => ({
    ...span,
    x: (span.from - from) * scale,
    w: Math.max(span.kind === 'down' ? 2 : 0.5, (span.to - span.from) * scale),
  }));
}
