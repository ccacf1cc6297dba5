import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatewayStates, type GatewayStatus } from '../../electron/contract/contract.ts';
import { gatewayStatus } from '../../electron/contract/fixtures.ts';
import { uptime, type HistoryCause, type HistoryEntry } from '../../electron/gateways/common/history.ts';
import {
  causeText,
  ownerText,
  uptimeText,
  versionText,
  watchdogRaised,
  watchdogText,
} from '../../electron/gateways/common/gateway-text.ts';
import {
  auditCounts,
  doctorSummary,
  findingsOf,
  handOverOffer,
  restartAllSummary,
  watchdogNotice,
} from './peer-model.ts';
import { KIND_WORDS, layout, SPAN_KINDS, stripSpans, stripWindow, totals } from './timeline-model.ts';

const H = 3_600_000;
const person: HistoryCause = { kind: 'person', by: 'app' };
const crash: HistoryCause = {
  kind: 'crash',
  by: 'killed (SIGKILL)',
  exit: { code: null, signal: 'SIGKILL' },
  lines: [],
};

describe('the timeline strip', () => {
  it('cuts the history into up, down, stopped on purpose and unknown, merging neighbours', () => {
    const entries: HistoryEntry[] = [
      { at: 2 * H, state: 'starting', reason: null, cause: person },
      { at: 2 * H + 1000, state: 'ready', reason: null, cause: { kind: 'health', by: 'probe' } },
      { at: 5 * H, state: 'restarting', reason: 'killed', cause: crash },
      { at: 5 * H + 2000, state: 'starting', reason: null, cause: { kind: 'policy', by: 'restart policy' } },
      { at: 5 * H + 9000, state: 'ready', reason: null, cause: { kind: 'health', by: 'probe' } },
      { at: 8 * H, state: 'stopping', reason: null, cause: person },
      { at: 8 * H + 500, state: 'stopped', reason: null, cause: person },
    ];
    const spans = stripSpans(entries, 10 * H, 10 * H);
    expect(spans.map((s) => [s.kind, s.state])).toEqual([
      ['unknown', null],
      ['starting', 'starting'],
      ['up', 'ready'],
      ['down', 'restarting'],
      ['down', 'starting'],
      ['up', 'ready'],
      ['intended', 'stopping'],
      ['intended', 'stopped'],
    ]);
    expect(spans[3]?.cause).toBe('crash: killed (SIGKILL) — killed');
    expect(spans[0]).toMatchObject({ from: 0, to: 2 * H, cause: 'nothing recorded yet' });
    // A strip over a young history shows the time since its first entry, at least ten seconds.
    expect(stripWindow(entries, 10 * H, 24 * H)).toBe(8 * H);
    expect(stripWindow(entries, 10 * H, 4 * H)).toBe(4 * H);
    expect(stripWindow([{ ...entries[0]!, at: 10 * H - 5 }], 10 * H, 24 * H)).toBe(10_000);
    expect(stripWindow([], 10 * H, 24 * H)).toBe(24 * H);
    const placed = layout(spans, 1000);
    expect(placed[0]).toMatchObject({ x: 0, w: 200 });
    // A crash of seconds is still a visible sliver.
    expect(placed[3]?.w).toBe(2);
    expect(stripSpans([{ at: 0, state: 'stopped', reason: null }], H, H)[0]?.kind).toBe('intended');
    expect(stripSpans([{ at: 0, state: 'crash-looping', reason: null }], H, H)[0]?.kind).toBe('down');
  });

  it('The strip draws starting in a kind of its own with a legend entry, not the grey of "stopped on purpose"', () => {
    const entries: HistoryEntry[] = [
      { at: 0, state: 'stopped', reason: null, cause: person },
      { at: H, state: 'starting', reason: null, cause: person },
      { at: 2 * H, state: 'ready', reason: null, cause: { kind: 'health', by: 'probe' } },
    ];
    const kinds = stripSpans(entries, 3 * H, 3 * H).map((s) => s.kind);
    expect(kinds).toEqual(['intended', 'starting', 'up']);
    // Every kind the strip can draw has its words in the legend.
    for (const kind of SPAN_KINDS) expect(KIND_WORDS[kind]).toBeTruthy();
    expect(new Set(Object.values(KIND_WORDS)).size).toBe(SPAN_KINDS.length);
  });

  it('The strip draws a refused start of a stopped gateway as refused, no outage span', () => {
    const entries: HistoryEntry[] = [
      { at: 0, state: 'stopped', reason: null, cause: person },
      { at: H, state: 'port-blocked', reason: 'in use', cause: person },
    ];
    expect(stripSpans(entries, 2 * H, 2 * H).map((s) => s.kind)).toEqual(['intended', 'refused']);
  });

  it('counts every millisecond as the core’s uptime does, whatever the history (fast-check)', () => {
    const entries = fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 10 * H }),
        state: fc.constantFrom(...gatewayStates),
        reason: fc.constant(null),
        cause: fc.option(fc.constantFrom<HistoryEntry['cause']>(person, crash, { kind: 'policy', by: 'x' }), {
          nil: undefined,
        }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 12 * H }), fc.integer({ min: 0, max: 12 * H }), (h, w, now) => {
        const spans = stripSpans(h, now, w);
        const sum = totals(spans);
        const core = uptime(h, now, w);
        expect(sum).toEqual({
          up: core.upMs,
          starting: core.startingMs,
          down: core.downMs,
          intended: core.intendedMs,
          refused: core.refusedMs,
          unknown: core.unknownMs,
        });
        // Spans tile the window: no gap, no overlap.
        for (const [i, span] of spans.entries()) {
          expect(span.to).toBeGreaterThan(span.from);
          if (i) expect(span.from).toBe(spans[i - 1]?.to);
        }
        if (spans.length) expect([spans[0]?.from, spans.at(-1)?.to]).toEqual([now - w, now]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ownership, versions, the watchdog, rolling restarts, the audit and the doctor, in words', () => {
  const status = (extra: Partial<GatewayStatus>) =>
    gatewayStatus('alpha', 18789, { owner: 'lobsterpot', pid: 10, state: 'ready', supervisor: null, ...extra });

  it('offers the hand-over that makes sense: to Lobsterpot from a service, to a service from Lobsterpot', () => {
    expect(handOverOffer(status({}))).toBe('to-service');
    expect(handOverOffer(status({ owner: 'service' }))).toBe('to-lobsterpot');
    expect(
      handOverOffer(
        status({ owner: null, pid: null, state: 'stopped', service: { installed: true, active: false, label: 'u' } }),
      ),
    ).toBe('to-lobsterpot');
    // Under pm2 there is no service to take it from, and a stopped gateway has nothing to hand to a service.
    expect(handOverOffer(status({ owner: 'external', supervisor: { name: 'pm2', pid: 3, evidence: [] } }))).toBeNull();
    expect(handOverOffer(status({ owner: null, pid: null, state: 'stopped' }))).toBeNull();
    expect(ownerText(status({}))).toBe('Lobsterpot');
    expect(ownerText(status({ owner: 'external', supervisor: { name: 'pm2', pid: 3, evidence: [] } }))).toBe(
      'another supervisor: pm2 (pid 3)',
    );
    expect(ownerText(status({ owner: 'service', supervisor: { name: 'systemd', pid: null, evidence: [] } }))).toBe(
      'its OS service: systemd',
    );
    expect(ownerText(status({ owner: 'external' }))).toBe('started outside Lobsterpot');
    expect(ownerText(status({ pid: null }))).toBe('not running');
  });

  it('says restart to update only when the running version differs from the installed one', () => {
    expect(versionText({ running: '2026.9.5', installed: '2026.9.6', restartToUpdate: true })).toBe(
      'runs OpenClaw 2026.9.5, 2026.9.6 is installed: restart to update',
    );
    expect(versionText({ running: '2026.9.6', installed: '2026.9.6', restartToUpdate: false })).toBeNull();
    expect(versionText(undefined)).toBeNull();
  });

  it('words the watchdog’s alert, and raises it only until acknowledged', () => {
    const watchdog = { since: 0, alerts: 2, nextAt: 9 * 60_000, acknowledged: false };
    expect(watchdogText(watchdog, 5 * 60_000)).toBe('meant to run, not ready for 5m 0s: 2 alerts, next in 4m 0s');
    expect(watchdogText({ ...watchdog, acknowledged: true }, 60_000)).toBe(
      'meant to run, not ready for 1m 0s (acknowledged)',
    );
    expect(watchdogRaised(watchdog)).toBe(true);
    expect(watchdogRaised({ ...watchdog, acknowledged: true })).toBe(false);
    expect(watchdogRaised(null)).toBe(false);
    // The browser says each alert once; an acknowledged one no more.
    const alpha = { profile: 'alpha', state: 'stopped' as const, watchdog };
    expect(watchdogNotice(1, alpha, 5 * 60_000)?.title).toBe('alpha: meant to run, not ready (stopped)');
    expect(watchdogNotice(2, alpha, 5 * 60_000)).toBeNull();
    expect(watchdogNotice(0, { ...alpha, watchdog: { ...watchdog, acknowledged: true } }, 0)).toBeNull();
  });

  it('sums up a rolling restart: who came back, who did not and why, who was not tried', () => {
    expect(
      restartAllSummary({
        rolling: true,
        restarted: [{ profile: 'alpha', state: 'ready' }],
        failed: [{ profile: 'beta', state: 'crash-looping', reason: 'crash-looping: exit 1' }],
        notTried: ['gamma'],
      }),
    ).toEqual({
      ok: false,
      text: 'Restarted alpha one at a time. beta did not come back: crash-looping: exit 1. Not tried: gamma.',
    });
    expect(restartAllSummary({ rolling: true, restarted: [], failed: [], notTried: [] })).toEqual({
      ok: true,
      text: 'No gateway was running: nothing restarted.',
    });
  });

  it('counts the audit’s findings, finds a profile’s, and words causes, uptime and the doctor', () => {
    const finding = (severity: 'error' | 'warning', profiles: string[]) =>
      ({ kind: 'shared-credential', severity, profiles, message: 'm', fix: 'f' }) as const;
    const findings = [finding('error', ['a', 'b']), finding('error', ['c', 'd']), finding('warning', ['a', 'c'])];
    expect(auditCounts(findings)).toBe('2 errors, 1 warning');
    expect(auditCounts([])).toBeNull();
    expect(findingsOf(findings, 'a')).toHaveLength(2);
    expect(uptimeText({ ratio: 1 })).toBe('100 %');
    expect(uptimeText({ ratio: 0.99999 })).toBe('99.9 %');
    expect(uptimeText({ ratio: null })).toBe('unknown');
    expect(causeText(crash)).toBe('crash: killed (SIGKILL)');
    expect(causeText({ kind: 'crash', by: null, exit: { code: 1, signal: null } })).toBe('crash: exit code 1');
    expect(causeText(person)).toBe('a person (app)');
    expect(causeText(undefined)).toBe('-');
    expect(doctorSummary({ at: 0, code: 0, report: [], retry: 'ready' })).toBe(
      'doctor --fix finished; then one start: ready',
    );
  });
});
