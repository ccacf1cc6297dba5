// `npm run bench`: every row of the benchmark table, Lobsterpot against the way a user would do it without it, measured
// side by side in this run. Prints the table and writes BENCHMARKS.md (a run of only some sections prints only).
//   npm run bench                  all nine sections (about 30 minutes here: real gateways, quiet minutes, pm2,
//                                  10,000 profiles)
//   npm run bench -- --only 4,6    some sections (7, pm2, shows Lobsterpot's side when 2 and 5 run too)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchConflicts } from './conflicts.ts';
import { benchReady, benchStartStop, benchStatus } from './gateways.ts';
import { benchFaults, faultRows, type FaultTimes } from './faults.ts';
import { Fleet } from './fleet.ts';
import { benchIdle, type IdleCost } from './idle.ts';
import { benchPm2, pm2Rows, type Pm2Measures } from './pm2.ts';
import type { Row, Section } from './lib.ts';
import { benchWindow } from './window.ts';
import { benchHosts } from './hosts.ts';
import { benchPackage } from './package.ts';
import { REAL_OPENCLAW } from '../tests/integration/world.ts';

const root = join(import.meta.dirname, '..');

function parseOnly(argv: string[]): Set<number> {
  const at = argv.indexOf('--only');
  const all = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  if (at < 0) return all;
  const wanted = new Set((argv[at + 1] ?? '').split(',').map(Number));
  if (![...wanted].every((n) => all.has(n))) {
    console.error('usage: npm run bench [-- --only 1,2,3,4,5,6,7,8,9]');
    process.exit(2);
  }
  return wanted;
}

function table(sections: Section[]): string {
  const header = ['Measure', 'Lobsterpot', 'CLI / naive way', 'Ratio', 'Target'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const section of sections) {
    lines.push(`| **${section.title}** | | | | |`);
    for (const row of section.rows as Row[]) {
      const cells = [row.measure, row.lobsterpot, row.naive || '–', row.ratio || '–', row.target || ''];
      lines.push(`| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

/** The 1-minute load average: other work on the machine skews every timing, so each run says what it was. */
const load = () => loadavg()[0]?.toFixed(2) ?? '?';

function machine(chromium: string | null, loadAtStart: string): string[] {
  const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const osName = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  const cpu = cpus();
  const openclaw = JSON.parse(readFileSync(join(REAL_OPENCLAW, '..', 'package.json'), 'utf8')) as { version: string };
  const lobsterpot = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const dirty = git(['status', '--porcelain']) ? ' with uncommitted changes' : '';
  return [
    `- Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osName}, Linux ${release()}`,
    `- Lobsterpot ${lobsterpot.version} at ${git(['rev-parse', '--short', 'HEAD'])}${dirty}; Node ${process.version}; OpenClaw ${openclaw.version}${chromium ? `; Chromium ${chromium}` : ''}`,
    `- Run on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; load average (1 min) ${loadAtStart} at the start, ${load()} at the end`,
  ];
}

async function main() {
  const only = parseOnly(process.argv.slice(2));
  if (Number(process.versions.node.split('.')[0]) < 24) {
    console.error(`the benchmarks run on the pinned Node 24 (this is ${process.version}): use \`npm run bench\``);
    process.exit(2);
  }
  const log = (line: string) => console.log(line);
  const loadAtStart = load();
  log(`load average ${loadAtStart}`);
  const sections = new Map<number, Section>();
  let chromium: string | null = null;

  if ([1, 2, 3, 5, 7].some((n) => only.has(n))) {
    log('Real gateways (OpenClaw in a throwaway HOME) …');
    const fleet = await Fleet.create(log);
    const stop = () => void fleet.dispose().finally(() => process.exit(130));
    process.once('SIGINT', stop);
    try {
      await fleet.addProfiles(3);
      let cliDetection: number[] = [];
      if (only.has(3)) {
        log('3. Start all / stop all');
        const section = await benchStartStop(fleet, log);
        cliDetection = section.cliDetection;
        sections.set(3, section);
      }
      let faults: FaultTimes | null = null;
      let startingPhases: string[] = [];
      if (only.has(2)) {
        log('2. Ready, crash and hang detection');
        const section = await benchReady(fleet, log, cliDetection);
        startingPhases = section.startingPhases;
        faults = await benchFaults(fleet, log);
        section.rows.push(...faultRows(faults));
        sections.set(2, section);
        section.notes.push(
          "Crashes: the gateway's process group is SIGKILLed from outside once it is ready; detection is the Manager's `gateway-state` event with state `restarting` (the child's `exit` event, no poll). Ready again is when an independent poller (started once the killed pid is gone) gets 200 from /readyz: Lobsterpot's backoff (1 s doubling, ±20 %, reset after 60 s ready) plus a fresh gateway's start. Hang: SIGSTOP of the group; the first probe that gets no answer says `degraded`, and `unresponsive` follows once the gateway has not answered for unresponsiveAfterMs (20 s); a ready gateway is probed every 10 s, one that did not answer every 2 s.",
        );
      }
      let cliPerRefresh = null;
      if (only.has(1)) {
        log('1. Status refresh');
        const section = await benchStatus(fleet, log);
        cliPerRefresh = section.cliThree;
        sections.set(1, section);
      }
      let pm2: Pm2Measures | null = null;
      if (only.has(7)) {
        log('7. Side by side with pm2');
        pm2 = await benchPm2(fleet, log, Number(process.env.BENCH_IDLE_SECONDS ?? 60));
      }
      let idle: IdleCost | null = null;
      if (only.has(5)) {
        log('5. Idle cost of lobsterpot serve');
        const section = await benchIdle(fleet, log, cliPerRefresh);
        idle = section.idle;
        sections.set(5, section);
      }
      if (pm2) {
        sections.set(7, {
          title: '7. Side by side with pm2',
          rows: pm2Rows(pm2, { idle, backToReady: faults?.backToReady ?? [], startingPhases }),
          notes: [
            "pm2 is installed for the bench only (`bench/setup-pm2.ts`, into the ignored .cache/pm2), its PM2_HOME in the run's temporary folder, and started on the same three profiles with Lobsterpot's argv and environment (`gatewayArgv`, `spawnEnv` of electron/gateways/node/spawn.ts; pm2 adds its own variables), from an ecosystem file with autorestart. At the end `pm2 kill`, then the daemon's and gateways' process groups are killed.",
            "Idle: the pm2 daemon (God) over the same length of quiet as row 5, measured from /proc the same way, after the three are ready plus 5 s; Lobsterpot's column is row 5's `lobsterpot serve`, which also serves the window over HTTP. The gateways themselves are counted on neither side.",
            'A SIGKILLed gateway: the same independent /readyz poller as in row 2, started once the killed pid is gone. pm2 restarts at once (no restart delay by default); Lobsterpot waits its backoff first (row 2).',
            "Up but not ready: while /readyz does not answer 200, `pm2 jlist` is asked in a loop for the first gateway's status; Lobsterpot's column lists the start phases its `starting` state went through in row 2.",
          ],
        });
      }
    } finally {
      process.off('SIGINT', stop);
      await fleet.dispose();
    }
  }
  if (only.has(4)) {
    log('4. Conflict analysis');
    try {
      sections.set(4, benchConflicts(log));
    } catch (error) {
      // One failed section still leaves the others' rows to print.
      log(`  failed: ${(error as Error).message}`);
    }
  }
  if (only.has(6)) {
    log('6. The window');
    const section = await benchWindow(log);
    chromium = section.chromium;
    sections.set(6, section);
  }

  if (only.has(8)) {
    log('8. Another host over SSH');
    try {
      sections.set(8, await benchHosts(log));
    } catch (error) {
      log(`  failed: ${(error as Error).message}`);
    }
  }

  if (only.has(9)) {
    log('9. The npm package beside pm2');
    // A world of its own: the installed serve is this HOME's only supervisor, then pm2 on the same three profiles.
    const fleet = await Fleet.create(log);
    try {
      await fleet.addProfiles(3);
      sections.set(9, await benchPackage(fleet, log));
    } catch (error) {
      log(`  failed: ${(error as Error).stack ?? String(error)}`);
    } finally {
      await fleet.dispose();
    }
  }

  const ordered = [...sections.entries()].sort(([a], [b]) => a - b).map(([, section]) => section);
  const text = table(ordered);
  console.log(`\n${text}\n`);
  if (only.size < 9) {
    console.log(machine(chromium, loadAtStart).join('\n'));
    return;
  }
  const notes = ordered.flatMap((section) => [`### ${section.title}`, '', ...section.notes.map((n) => `- ${n}`), '']);
  const missed = ordered.flatMap((s) => s.rows).filter((row) => row.target?.startsWith('MISSED'));
  writeFileSync(
    join(root, 'BENCHMARKS.md'),
    [
      '# Benchmarks',
      '',
      'Written by `npm run bench` (in `bench/`): each row measures Lobsterpot and the way a user would otherwise do the same thing, side by side in one run. Timings live here, never in `npm test`.',
      '',
      ...machine(chromium, loadAtStart),
      '',
      text,
      '',
      missed.length
        ? `Targets missed in this run: ${missed.map((row) => row.measure).join('; ')}.`
        : 'Every target was met in this run.',
      '',
      '## How each row is measured',
      '',
      ...notes,
    ].join('\n'),
  );
  console.log('written to BENCHMARKS.md');
}

await main();
