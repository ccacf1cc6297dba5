// `npm run bench`: every row of the benchmark table, Lobsterpot against the way a user would do it without it, measured
// side by side in this run. Prints the table and writes BENCHMARKS.md (a run of only some sections prints only).
//   npm run bench                  all six sections (about 17 minutes here: real gateways, a quiet minute, 10,000 profiles)
//   npm run bench -- --only 4,6    some sections
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchConflicts } from './conflicts.ts';
import { Fleet, benchReady, benchStartStop, benchStatus } from './gateways.ts';
import { benchIdle } from './idle.ts';
import type { Row, Section } from './lib.ts';
import { benchWindow } from './window.ts';
import { REAL_OPENCLAW } from '../tests/integration/world.ts';

const root = join(import.meta.dirname, '..');

function parseOnly(argv: string[]): Set<number> {
  const at = argv.indexOf('--only');
  const all = new Set([1, 2, 3, 4, 5, 6]);
  if (at < 0) return all;
  const wanted = new Set((argv[at + 1] ?? '').split(',').map(Number));
  if (![...wanted].every((n) => all.has(n))) {
    console.error('usage: npm run bench [-- --only 1,2,3,4,5,6]');
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

function machine(chromium: string | null): string[] {
  const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const osName = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  const cpu = cpus();
  const openclaw = JSON.parse(readFileSync(join(REAL_OPENCLAW, '..', 'package.json'), 'utf8')) as { version: string };
  const lobsterpot = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const dirty = git(['status', '--porcelain']) ? ' with uncommitted changes' : '';
  return [
    `- Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osName}, Linux ${release()}`,
    `- Lobsterpot ${lobsterpot.version} at ${git(['rev-parse', '--short', 'HEAD'])}${dirty}; Node ${process.version}; OpenClaw ${openclaw.version}${chromium ? `; Chromium ${chromium}` : ''}`,
    `- Run on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  ];
}

async function main() {
  const only = parseOnly(process.argv.slice(2));
  if (Number(process.versions.node.split('.')[0]) < 24) {
    console.error(`the benchmarks run on the pinned Node 24 (this is ${process.version}): use \`npm run bench\``);
    process.exit(2);
  }
  const log = (line: string) => console.log(line);
  const sections = new Map<number, Section>();
  let chromium: string | null = null;

  if ([1, 2, 3, 5].some((n) => only.has(n))) {
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
      if (only.has(2)) {
        log('2. Ready detection');
        sections.set(2, await benchReady(fleet, log, cliDetection));
      }
      let cliPerRefresh = null;
      if (only.has(1)) {
        log('1. Status refresh');
        const section = await benchStatus(fleet, log);
        cliPerRefresh = section.cliThree;
        sections.set(1, section);
      }
      if (only.has(5)) {
        log('5. Idle cost of lobsterpot serve');
        sections.set(5, await benchIdle(fleet, log, cliPerRefresh));
      }
    } finally {
      process.off('SIGINT', stop);
      await fleet.dispose();
    }
  }
  if (only.has(4)) {
    log('4. Conflict analysis');
    sections.set(4, benchConflicts(log));
  }
  if (only.has(6)) {
    log('6. The window');
    const section = await benchWindow(log);
    chromium = section.chromium;
    sections.set(6, section);
  }

  const ordered = [...sections.entries()].sort(([a], [b]) => a - b).map(([, section]) => section);
  const text = table(ordered);
  console.log(`\n${text}\n`);
  if (only.size < 6) return;
  const notes = ordered.flatMap((section) => [`### ${section.title}`, '', ...section.notes.map((n) => `- ${n}`), '']);
  const missed = ordered.flatMap((s) => s.rows).filter((row) => row.target?.startsWith('MISSED'));
  writeFileSync(
    join(root, 'BENCHMARKS.md'),
    [
      '# Benchmarks',
      '',
      'Written by `npm run bench` (in `bench/`): each row measures Lobsterpot and the way a user would otherwise do the same thing, side by side in one run. Timings live here, never in `npm test`.',
      '',
      ...machine(chromium),
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
