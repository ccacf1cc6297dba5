// The timeline strip of one gateway: its history cut into spans that were up, starting, down (an outage), stopped on
// purpose, a start refused, or unknown, over a window ending now. Pure; the spans are the core's own
// (electron/gateways/common/history.ts), so the strip counts time exactly as the uptime figures do.
import type { GatewayState } from '../../electron/contract/contract.ts';
import { historySpans, type HistoryEntry, type SpanKind } from '../../electron/gateways/common/history.ts';
import { entryText } from '../../electron/gateways/common/gateway-text.ts';

export { SPAN_KINDS, type SpanKind } from '../../electron/gateways/common/history.ts';

export interface StripSpan {
  from: number;
  to: number;
  kind: SpanKind;
  /** The state the span began with; null before the first entry. */
  state: GatewayState | null;
  /** Why it began, for the span's tooltip. */
  cause: string;
}

/** The words of each kind, for the legend and the tooltips: every kind drawn has an entry. */
export const KIND_WORDS: Record<SpanKind, string> = {
  up: 'up',
  starting: 'starting',
  down: 'down',
  intended: 'stopped on purpose',
  refused: 'start refused',
  unknown: 'unknown',
};

/** The spans of `[now - windowMs, now]`, oldest first; neighbours of one kind and state are merged. */
export function stripSpans(entries: readonly HistoryEntry[], now: number, windowMs: number): StripSpan[] {
  const spans: StripSpan[] = [];
  for (const { from, to, kind, entry } of historySpans(entries, now, windowMs)) {
    const state = entry?.state ?? null;
    const last = spans.at(-1);
    if (last && last.kind === kind && last.state === state && last.to === from) last.to = to;
    else spans.push({ from, to, kind, state, cause: entry ? entryText(entry) : 'nothing recorded yet' });
  }
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
  const sum: Record<SpanKind, number> = { up: 0, starting: 0, down: 0, intended: 0, refused: 0, unknown: 0 };
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
    w: Math.max(span.kind === 'down' || span.kind === 'refused' ? 2 : 0.5, (span.to - span.from) * scale),
  }));
}
