import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatewayStates } from '../../contract/contract.ts';
import {
  causeOf,
  defaultWatchdogPolicy,
  historySpans,
  outages,
  quietWatchdog,
  SPAN_KINDS,
  UP_STATES,
  spanKind,
  uptime,
  watchdogStep,
  type HistoryCause,
  type HistoryEntry,
} from './history.ts';

const H = 3_600_000;
const person: HistoryCause = { kind: 'person', by: 'cli' };
const crash: HistoryCause = {
  kind: 'crash',
  by: 'killed (SIGKILL)',
  exit: { code: null, signal: 'SIGKILL' },
  lines: [],
};

describe('causes', () => {
  const exit = { code: 78, signal: null, meaning: 'config error (exit 78)', at: 5 };
  it('a command is the person; an exit is a crash with its code and last lines; a scheduled restart is the policy', () => {
    const base = { origin: 'cli', lines: [], exit: null, commanding: false } as const;
    expect(causeOf({ ...base, from: 'ready', to: 'stopping', commanding: true })).toEqual({
      kind: 'person',
      by: 'cli',
    });
    expect(
      causeOf({ ...base, from: 'starting', to: 'config-error', commanding: true, exit, lines: ['a', 'b'] }),
    ).toEqual({ kind: 'crash', by: 'config error (exit 78)', exit: { code: 78, signal: null }, lines: ['a', 'b'] });
    expect(causeOf({ ...base, from: 'stopping', to: 'stopped', commanding: true, exit })).toMatchObject({
      kind: 'person',
    });
    expect(causeOf({ ...base, from: 'restarting', to: 'starting' })).toEqual({ kind: 'policy', by: 'restart policy' });
    expect(causeOf({ ...base, from: 'stopped', to: 'external' })).toMatchObject({ kind: 'adopted' });
    expect(causeOf({ ...base, from: 'ready', to: 'degraded' })).toMatchObject({ kind: 'health' });
    const long = causeOf({ ...base, from: 'ready', to: 'restarting', exit, lines: ['x'.repeat(900), ...'abcdefg'] });
    expect(long.lines).toEqual([...'cdefg']);
  });

  it('a restart OpenClaw handed over is OpenClaw’s, not a crash of exit 0 nor the restart policy’s', () => {
    const base = { origin: 'serve', lines: [], commanding: false } as const;
    const handoff = 'OpenClaw asked for a restart (a config change: config reload: gateway.port)';
    const clean = { code: 0, signal: null, meaning: 'clean stop (exit 0)', at: 5 };
    expect(causeOf({ ...base, from: 'ready', to: 'restarting', exit: clean, handoff })).toEqual({
      kind: 'openclaw',
      by: handoff,
    });
    expect(causeOf({ ...base, from: 'restarting', to: 'starting', exit: null, handoff })).toEqual({
      kind: 'openclaw',
      by: handoff,
    });
    // Meant, like a person's restart: it counts as coming up again, not as an outage.
    expect(spanKind({ at: 1, state: 'restarting', reason: null, cause: { kind: 'openclaw', by: handoff } })).toBe(
      'starting',
    );
    // A person's command during it is still the person's.
    expect(
      causeOf({ ...base, from: 'restarting', to: 'stopped', exit: null, commanding: true, handoff }),
    ).toMatchObject({ kind: 'person' });
  });
});

describe('causes, for every change of state (exhaustive over the states)', () => {
  const exit = { code: 1, signal: null, meaning: 'exited with code 1', at: 5 };
  const transitions = gatewayStates.flatMap((from) => gatewayStates.map((to) => ({ from, to })));
  const facts = (commanding: boolean, withExit: boolean) =>
    transitions.map(({ from, to }) => ({
      from,
      to,
      commanding,
      origin: 'window',
      exit: withExit ? exit : null,
      lines: [],
    }));

  it('a person’s command is credited to its author (the face it came through), never to a crash or the policy', () => {
    for (const f of facts(true, false)) expect(causeOf(f)).toEqual({ kind: 'person', by: 'window' });
  });

  it('an exit nobody asked for is a crash, with how it ended; during a command only a start, stop or stopped is not', () => {
    for (const f of facts(false, true)) expect(causeOf(f)).toMatchObject({ kind: 'crash', by: 'exited with code 1' });
    for (const f of facts(true, true)) {
      const commanded = ['starting', 'stopping', 'stopped'].includes(f.to);
      expect(causeOf(f).kind).toBe(commanded ? 'person' : 'crash');
    }
  });

  it('without a command or an exit: the policy restarts, a gateway found running is adopted, the rest is the probe', () => {
    for (const f of facts(false, false)) {
      const { kind } = causeOf(f);
      expect(['policy', 'adopted', 'health']).toContain(kind);
      if (kind === 'adopted') expect(f.from).toBe('stopped');
      if (f.to === 'restarting' || f.to === 'crash-looping') expect(kind).toBe('policy');
    }
  });

  it('the uptime reads the causes as meant: a person’s stop is intended, a crash into any state not serving is down', () => {
    const stop = causeOf({ from: 'ready', to: 'stopped', commanding: true, origin: 'cli', exit, lines: [] });
    expect(spanKind({ at: 1, state: 'stopped', reason: null, cause: stop })).toBe('intended');
    for (const to of gatewayStates.filter((s) => !UP_STATES.includes(s) && s !== 'starting')) {
      const cause = causeOf({ from: 'ready', to, commanding: false, origin: 'cli', exit, lines: [] });
      expect(spanKind({ at: 1, state: to, reason: null, cause })).toBe('down');
    }
    // A restart after a crash is still the outage; a start a person asked for is not.
    const policy = causeOf({
      from: 'restarting',
      to: 'starting',
      commanding: false,
      origin: 'cli',
      exit: null,
      lines: [],
    });
    expect(spanKind({ at: 1, state: 'starting', reason: null, cause: policy })).toBe('down');
    const start = causeOf({ from: 'stopped', to: 'starting', commanding: true, origin: 'cli', exit: null, lines: [] });
    expect(spanKind({ at: 1, state: 'starting', reason: null, cause: start })).toBe('starting');
  });
});

describe('uptime and outages', () => {
  const now = 100 * H;
  const history: HistoryEntry[] = [
    { at: now - 30 * H, state: 'ready', reason: null, cause: person },
    { at: now - 10 * H, state: 'restarting', reason: 'killed', cause: crash },
    { at: now - 10 * H + 60_000, state: 'starting', reason: null, cause: { kind: 'policy', by: 'restart policy' } },
    { at: now - 9 * H, state: 'ready', reason: null, cause: { kind: 'health', by: 'probe' } },
    { at: now - 2 * H, state: 'stopping', reason: null, cause: person },
    { at: now - 2 * H + 1000, state: 'stopped', reason: null, cause: person },
  ];

  it('counts a crash as down and a person’s stop as intended', () => {
    expect(uptime(history, now, 24 * H)).toEqual({
      upMs: 21 * H,
      startingMs: 0,
      downMs: H,
      intendedMs: 2 * H,
      refusedMs: 0,
      unknownMs: 0,
      ratio: 21 / 22,
    });
    expect(uptime(history, now, 7 * 24 * H).unknownMs).toBe(7 * 24 * H - 30 * H);
  });

  it('lists the outage with the crash that began it', () => {
    expect(outages(history, now, 24 * H)).toEqual([
      { from: now - 10 * H, to: now - 9 * H, states: ['restarting', 'starting'], cause: crash, reason: 'killed' },
    ]);
    const ongoing = [...history, { at: now - H, state: 'crash-looping' as const, reason: 'x', cause: crash }];
    expect(outages(ongoing, now, 24 * H).at(-1)).toMatchObject({ from: now - H, to: null });
  });

  const entries = fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 10 * H }),
      state: fc.constantFrom(...gatewayStates),
      reason: fc.constant(null),
      cause: fc.option(
        fc.constantFrom<HistoryEntry['cause']>(person, crash, { kind: 'policy', by: 'restart policy' }),
        { nil: undefined },
      ),
    }),
    { maxLength: 40 },
  );

  it('splits every window into its kinds; outages are ordered, disjoint, inside it (property)', () => {
    fc.assert(
      fc.property(
        entries,
        fc.integer({ min: 1, max: 12 * H }),
        fc.integer({ min: 0, max: 12 * H }),
        (list, window, now) => {
          const u = uptime(list, now, window);
          expect(u.upMs + u.startingMs + u.downMs + u.intendedMs + u.refusedMs + u.unknownMs).toBe(window);
          if (u.ratio !== null) expect(u.ratio).toBeGreaterThanOrEqual(0);
          if (u.ratio !== null) expect(u.ratio).toBeLessThanOrEqual(1);
          const found = outages(list, now, window);
          let last = now - window;
          let total = 0;
          for (const outage of found) {
            expect(outage.from).toBeGreaterThanOrEqual(last);
            const end = outage.to ?? now;
            expect(end).toBeGreaterThan(outage.from);
            total += end - outage.from;
            last = end;
          }
          expect(total).toBe(u.downMs);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('the timeline of issue 20, defect 5', () => {
  const now = 10 * H;
  const stopped: HistoryEntry = { at: now - 4 * H, state: 'stopped', reason: null, cause: person };

  it('A refused start of a stopped gateway is no outage: the gateway stays stopped, the refusal shows as such', () => {
    const refused: HistoryEntry = {
      at: now - 2 * H,
      state: 'port-blocked',
      reason: 'pid 77 (nc) listens on 21000',
      cause: person,
    };
    const history = [stopped, refused];
    expect(outages(history, now, 24 * H)).toEqual([]);
    expect(uptime(history, now, 24 * H)).toMatchObject({ downMs: 0, refusedMs: 2 * H, intendedMs: 2 * H, ratio: null });
    expect(historySpans(history, now, 4 * H).map((s) => s.kind)).toEqual(['intended', 'refused']);
    expect(spanKind({ ...refused, state: 'config-error' }, 'intended')).toBe('refused');
  });

  it('A refused start during an outage keeps the outage going; a refusal by the restart policy is an outage', () => {
    const crashed: HistoryEntry = { at: now - 4 * H, state: 'crash-looping', reason: 'x', cause: crash };
    const refused: HistoryEntry = { at: now - 2 * H, state: 'port-blocked', reason: 'y', cause: person };
    expect(outages([crashed, refused], now, 24 * H)).toEqual([
      { from: now - 4 * H, to: null, states: ['crash-looping', 'port-blocked'], cause: crash, reason: 'x' },
    ]);
    const policy: HistoryEntry = { ...refused, cause: { kind: 'policy', by: 'restart policy' } };
    expect(spanKind(policy, 'intended')).toBe('down');
  });

  it('Starting is its own kind, not the grey of "stopped on purpose"; a restart after a crash stays in the outage', () => {
    const starting: HistoryEntry = { at: now - 2 * H, state: 'starting', reason: null, cause: person };
    expect(spanKind(starting)).toBe('starting');
    expect(spanKind({ ...starting, cause: { kind: 'adopted', by: 'found running' } })).toBe('starting');
    expect(spanKind({ ...starting, cause: null })).toBe('starting');
    expect(spanKind({ ...starting, cause: { kind: 'policy', by: 'restart policy' } })).toBe('down');
    expect(spanKind({ ...starting, state: 'stopping' })).toBe('intended');
    expect(SPAN_KINDS).toContain('starting');
  });

  it('Right after a start whose first half was spent starting, uptime is 50 %, not 100 %', () => {
    const history: HistoryEntry[] = [
      { at: now - 20_000, state: 'starting', reason: null, cause: person },
      { at: now - 10_000, state: 'ready', reason: null, cause: { kind: 'health', by: 'probe' } },
    ];
    const figure = uptime(history, now, 24 * H);
    expect(figure).toMatchObject({ upMs: 10_000, startingMs: 10_000, downMs: 0, ratio: 0.5 });
    // Starting is meant to run but no outage.
    expect(outages(history, now, 24 * H)).toEqual([]);
  });
});

describe('watchdog', () => {
  const policy = defaultWatchdogPolicy;
  const run = (times: number[], facts = { meantToRun: true, ready: false }) => {
    let state = quietWatchdog();
    const alerts: number[] = [];
    for (const t of times) {
      const step = watchdogStep(state, facts, t, policy);
      state = step.state;
      if (step.alert) alerts.push(t);
    }
    return { state, alerts };
  };

  it('alerts after 2 min, then after 2, 4, 8… min, capped at an hour', () => {
    const minute = 60_000;
    const times = Array.from({ length: 600 }, (_, i) => i * minute);
    const { alerts } = run(times);
    expect(alerts.slice(0, 5).map((t) => t / minute)).toEqual([2, 4, 8, 16, 32]);
    const gaps = alerts.slice(1).map((t, i) => (t - (alerts[i] ?? 0)) / minute);
    expect(Math.max(...gaps)).toBe(60);
  });

  it('is quiet once acknowledged, and forgets all once ready or no longer meant to run', () => {
    let { state } = run([0, 120_000]);
    expect(state.alerts).toBe(1);
    state = { ...state, acknowledged: true };
    expect(watchdogStep(state, { meantToRun: true, ready: false }, 10 * 3_600_000, policy).alert).toBe(false);
    expect(watchdogStep(state, { meantToRun: true, ready: true }, 1, policy).state).toEqual(quietWatchdog());
    expect(watchdogStep(state, { meantToRun: false, ready: false }, 1, policy).state).toEqual(quietWatchdog());
  });
});
