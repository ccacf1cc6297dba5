// Row 4: conflict analysis of 10 … 10,000 profiles, Lobsterpot's interval index against comparing every pair of port
// sets. Pure computation: no gateways. BENCH_CONFLICTS=10,100 limits the counts (all pairs of 10,000 take minutes).
import { GROUP_ABOVE } from '../electron/ports/common/clashes.ts';
import { PortIndex } from '../electron/ports/common/conflicts.ts';
import type { Finding } from '../electron/ports/common/findings.ts';
import { footprintPorts, type PortProfile } from '../electron/ports/common/ports.ts';
import { median, ms, seededRandom, times, verdict, type Section } from './lib.ts';

const PORT_CLASHES = new Set<Finding['kind']>(['same-base', 'footprint-overlap', 'port-in-footprint', 'same-port']);

/** `count` profiles with base ports spread at random (fixed seed) over 20000–60000, as a large fleet would be. */
export function fleet(count: number, seed = 4): PortProfile[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const stateDir = `/home/op/.openclaw-bot${i}`;
    return {
      name: `bot${i}`,
      port: 20000 + Math.floor(random() * 40000),
      stateDir,
      configPath: `${stateDir}/openclaw.json`,
      workspace: `${stateDir}/workspace`,
    };
  });
}

/**
 * A big fleet as it can really be: `count` profiles on well-spaced blocks (120 apart, from 1024; 500 blocks end at
 * 60904) shared by the profiles that take turns, 20 to a block. On one host at most 581 footprints of 111 ports fit
 * side by side, so 10,000 profiles cannot have fewer clashing pairs than stacks like these give.
 */
export function stackedFleet(count: number, perBlock = 20): PortProfile[] {
  return Array.from({ length: count }, (_, i) => {
    const stateDir = `/home/op/.openclaw-team${i}`;
    return {
      name: `team${i}`,
      port: 1024 + 120 * Math.floor(i / perBlock),
      stateDir,
      configPath: `${stateDir}/openclaw.json`,
      workspace: `${stateDir}/workspace`,
    };
  });
}

/** The straightforward way: every profile's port set, every pair compared. Returns the clashing pairs. */
export function naiveAnalyze(profiles: readonly PortProfile[]): [number, number][] {
  const sets = profiles.map((p) => new Set(footprintPorts(p)));
  const clashes: [number, number][] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      for (const port of sets[i] as Set<number>) {
        if ((sets[j] as Set<number>).has(port)) {
          clashes.push([i, j]);
          break;
        }
      }
    }
  }
  return clashes;
}

/** The straightforward editor: the draft's port set against every other profile's (already built) set. */
function naiveEdit(sets: readonly Set<number>[], draft: PortProfile): number {
  const mine = footprintPorts(draft);
  let clashes = 0;
  for (const set of sets) if (mine.some((port) => set.has(port))) clashes++;
  return clashes;
}

/** Median ms per call of `fn`, repeated until `budgetMs` is spent (at least `minRuns` times), and its last result. */
function timePerCall<T>(fn: () => T, budgetMs: number, minRuns = 3): { ms: number; result: T } {
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  let result: T;
  do {
    const started = performance.now();
    result = fn();
    samples.push(performance.now() - started);
  } while ((samples.length < minRuns || performance.now() < deadline) && samples.length < 10_000);
  return { ms: median(samples), result };
}

/** What the analysis says of one fleet: the clashing pairs it names one by one, and the crowds it names as one. */
function readFindings(findings: readonly Finding[]) {
  const pairs = new Set(
    findings.filter((f) => PORT_CLASHES.has(f.kind) && f.profiles.length === 2).map((f) => f.profiles.join('|')),
  );
  const crowds = findings.filter((f) => f.kind === 'footprint-overlap' && f.profiles.length > 2);
  const crowdOf = new Map<string, number>();
  crowds.forEach((crowd, i) => crowd.profiles.forEach((name) => crowdOf.set(name, i)));
  return { pairs, crowds, crowdOf };
}

/** Every pair all-pairs found is a finding of its own or inside one crowd, and nothing else is: else the rows mean nothing. */
function checkAgainstNaive(
  profiles: readonly PortProfile[],
  naivePairs: readonly [number, number][],
  read: ReturnType<typeof readFindings>,
) {
  let named = 0;
  for (const [i, j] of naivePairs) {
    const [a, b] = [(profiles[i] as PortProfile).name, (profiles[j] as PortProfile).name].sort() as [string, string];
    if (read.pairs.has(`${a}|${b}`)) named++;
    else if (read.crowdOf.get(a) === undefined || read.crowdOf.get(a) !== read.crowdOf.get(b))
      throw new Error(`${profiles.length} profiles: all-pairs found ${a} and ${b} clash, the index did not`);
  }
  if (named !== read.pairs.size)
    throw new Error(
      `${profiles.length} profiles: the index named ${read.pairs.size} pairs, all-pairs ${named} of them`,
    );
}

export function benchConflicts(log: (line: string) => void): Section {
  const rows: Section['rows'] = [];
  const notes: string[] = [];
  const counts = (process.env.BENCH_CONFLICTS ?? '10,100,1000,10000').split(',').map(Number);
  let previous: { full: number; naive: number; edit: number; naiveEdit: number } | null = null;
  const fleets = counts.map((count) => ({ count, profiles: fleet(count), stacked: false }));
  const biggest = Math.max(...counts);
  if (biggest >= 1000) fleets.push({ count: biggest, profiles: stackedFleet(biggest), stacked: true });
  for (const { count, profiles, stacked } of fleets) {
    const index = new PortIndex(profiles);
    const read = readFindings(index.analyze());
    const budget = count >= 10_000 ? 3000 : 1000;
    // A full analysis as the Manager runs it: build the index, analyse.
    const full = timePerCall(() => new PortIndex(profiles).analyze(), budget).ms;
    // All pairs of 10,000 profiles take minutes: one run is the sample.
    const naiveRun = timePerCall(() => naiveAnalyze(profiles), count >= 10_000 ? 0 : budget, 1);
    const naive = naiveRun.ms;
    checkAgainstNaive(profiles, naiveRun.result, read);
    // A keystroke in the editor: the index is built once per snapshot; each edit asks for the draft's findings and a
    // suggested free port.
    const random = seededRandom(count);
    const target = profiles[Math.floor(count / 2)] as PortProfile;
    const draft = () => ({ ...target, port: 20000 + Math.floor(random() * 40000) });
    const edit = timePerCall(() => {
      const d = draft();
      index.findingsFor(d);
      index.suggestBasePort({ near: d.port, exclude: d.name });
    }, budget).ms;
    const sets = profiles.filter((p) => p !== target).map((p) => new Set(footprintPorts(p)));
    const naiveOne = timePerCall(() => naiveEdit(sets, draft()), budget).ms;
    const clashing = naiveRun.result.length;
    const inCrowds = clashing - read.pairs.size;
    log(
      `  ${count} profiles${stacked ? ' (stacked)' : ''}: ${clashing} clashing pairs, ${read.crowds.length} crowds; full ${ms(full)} vs ${ms(naive)}; edit ${ms(edit)} vs ${ms(naiveOne)}`,
    );
    const growth = (now: number, before: number | undefined) =>
      before === undefined || stacked ? '' : ` (×${(now / before).toFixed(1)} for ×10 profiles)`;
    const n = (value: number) => value.toLocaleString('en-US');
    const shape = stacked
      ? `${n(count)} profiles, a real big fleet: ${n(count / 20)} blocks 120 apart, 20 profiles each`
      : `${n(count)} profiles`;
    const grouping =
      read.crowds.length > 0
        ? `; ${n(inCrowds)} of them in ${n(read.crowds.length)} crowd finding${read.crowds.length > 1 ? 's' : ''}`
        : '';
    // n log n: ×10 profiles costs ×10 · log(10n)/log(n), about ×13 from 100 to 1,000.
    const nLogN = previous ? (10 * Math.log(count)) / Math.log(count / 10) : NaN;
    const fullTarget = stacked
      ? verdict(full <= 20, 'at most 20 ms')
      : count === 1000
        ? verdict(
            full <= 2 && full / (previous?.full ?? NaN) < 2 * nLogN,
            `at most 2 ms, ×10 near n log n (×${nLogN.toFixed(1)})`,
          )
        : count === 10_000
          ? verdict(full < 100, 'under 100 ms, clashes grouped per crowd')
          : '';
    rows.push({
      measure: `Full analysis, ${shape} (${n(clashing)} clashing pairs${grouping})`,
      lobsterpot: `${ms(full)}${growth(full, previous?.full)}`,
      naive: `${ms(naive)}${growth(naive, previous?.naive)}`,
      ratio: times(naive / full),
      target: fullTarget,
    });
    rows.push({
      measure: `Single-port edit, ${shape}`,
      lobsterpot: `${ms(edit)}${growth(edit, previous?.edit)}`,
      naive: `${ms(naiveOne)}${growth(naiveOne, previous?.naiveEdit)}`,
      ratio: times(naiveOne / edit),
      target: count === 1000 && !stacked ? verdict(edit <= 0.05, 'at most 50 µs') : '',
    });
    if (!stacked) previous = { full, naive, edit, naiveEdit: naiveOne };
  }
  notes.push(
    'Profiles get base ports at random (fixed seed) in 20000–60000, so clashes grow with the count: at 10,000 the range is oversubscribed and every profile shares ports with several others.',
    `Full analysis = building the index and listing every finding (what the Manager does after each change); the all-pairs way compares the port sets of every pair. A run of more than ${GROUP_ABOVE} overlapping footprints is one finding (a crowd: how many profiles, which ports, how many of them fit 120 apart), since its pairs would bury every other finding; smaller runs keep a finding per pair. Checked in this run: every pair all-pairs found is a finding of its own or inside one crowd, and every pair finding is one all-pairs found.`,
    'A real big fleet: on one host at most 581 footprints of 111 ports fit side by side, so 10,000 profiles with few clashes cannot exist; the fewest clashing pairs come from profiles that take turns sharing well-spaced blocks (here 20 to a block, 120 apart from 1024). Each block is one crowd.',
    "Single-port edit = one keystroke in the editor: the draft's findings and a suggested free port against an index built once (the intervals no base may take are merged on the first keystroke of the profile being edited, then found by binary search); the naive way compares the draft's port set with every other profile's (sets built once).",
  );
  return { title: '4. Conflict analysis', rows, notes };
}
