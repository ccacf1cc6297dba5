// Row 9's V8 flags for `serve`: the installed build's serve started three ways side by side (V8's JIT as Node has it,
// without the optimizing compilers, lite mode: what bin/lobsterpot.js runs), each in a data dir of its own with no
// gateway: its RSS after a quiet stretch, then the CPU it spends answering `state.snapshot` asks and `status --json` runs.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ControlClient } from '../electron/supervisor/node/control.ts';
import { isAlive, signalGroup } from '../electron/platform/node/processes.ts';
import { freePortBlock } from '../tests/integration/world.ts';
import { ms, processCpuMs, procStatus, sleep, times, type Row } from './lib.ts';

export const FLAG_SETS = [
  { label: 'JIT as Node has it', flags: [] as string[] },
  { label: '`--no-opt --no-maglev`', flags: ['--no-opt', '--no-maglev'] },
  { label: '`--lite-mode` (what `lobsterpot serve` runs)', flags: ['--lite-mode'] },
];

export interface FlagRun {
  label: string;
  rssMb: number;
  anonMb: number;
  fileMb: number;
  /** CPU of the serve process while it answered `asks` snapshots over the control socket. */
  askCpuMs: number;
  /** CPU of the serve process while `runs` installed `status --json` commands went through it. */
  statusCpuMs: number;
}

/** Starts the three serves at once from the installed build's `main.js`, measures each, then ends them. */
export async function benchServeFlags(
  mainJs: string,
  lobsterpot: string,
  scratch: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  { seconds = 20, asks = 300, runs = 20 } = {},
): Promise<FlagRun[]> {
  const launch = `const { run } = await import(${JSON.stringify(pathToFileURL(mainJs).href)}); process.exitCode = await run(process.argv.slice(1));`;
  const started = await Promise.all(
    FLAG_SETS.map(async ({ flags }, at) => {
      const dataDir = join(scratch, `flags-${at}`);
      mkdirSync(dataDir, { recursive: true });
      const port = await freePortBlock(10);
      // The same start-up flag bin/lobsterpot.js sets for serve, so only the compiler flags differ.
      const args = ['--semi-space-growth-factor=1', ...flags, '--input-type=module', '-e', launch];
      const child = spawn(process.execPath, [...args, 'serve', '--port', String(port)], {
        env: { ...env, LOBSTERPOT_HOME: dataDir },
        detached: true,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      return { child, dataDir, listening: () => /token=/.test(out) };
    }),
  );
  try {
    const deadline = Date.now() + 60_000;
    while (!started.every((s) => s.listening())) {
      if (Date.now() > deadline) throw new Error('the three serves did not listen within 60 s');
      await sleep(100);
    }
    log(`  serve three ways (${FLAG_SETS.map((f) => f.label).join(', ')}), no gateway: ${seconds} s quiet …`);
    await sleep(seconds * 1000);
    const results: FlagRun[] = [];
    for (const [at, { child, dataDir }] of started.entries()) {
      const pid = child.pid as number;
      const kb = (key: string) => (procStatus(pid, key) ?? NaN) / 1024;
      const memory = { rssMb: kb('VmRSS'), anonMb: kb('RssAnon'), fileMb: kb('RssFile') };
      const client = await ControlClient.connect(dataDir);
      if (!client) throw new Error(`serve ${at} does not answer on its control socket`);
      let before = processCpuMs(pid);
      for (let i = 0; i < asks; i++) await client.call('state.snapshot', {});
      const askCpuMs = processCpuMs(pid) - before;
      client.close();
      before = processCpuMs(pid);
      for (let i = 0; i < runs; i++) {
        const status = spawn(lobsterpot, ['status', '--json'], {
          env: { ...env, LOBSTERPOT_HOME: dataDir },
          stdio: 'ignore',
        });
        await new Promise((resolve) => status.once('exit', resolve));
      }
      const statusCpuMs = processCpuMs(pid) - before;
      results.push({ label: FLAG_SETS[at]?.label ?? '', ...memory, askCpuMs, statusCpuMs });
      log(
        `    ${FLAG_SETS[at]?.label}: ${memory.rssMb.toFixed(1)} MB; ${asks} asks ${ms(askCpuMs)} CPU, ${runs} status --json ${ms(statusCpuMs)} CPU`,
      );
    }
    return results;
  } finally {
    for (const { child } of started) if (child.pid && isAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
  }
}

/** One row per flag set, against the JIT's. */
export function flagRows(runs: FlagRun[], asks = 300, statusRuns = 20): Row[] {
  const [jit] = runs;
  return runs.map((run, at) => ({
    measure: `serve (no gateway) with ${run.label}: RSS (anonymous + file); its CPU for ${asks} state.snapshot asks, for ${statusRuns} \`status --json\``,
    lobsterpot: `${run.rssMb.toFixed(1)} MB (${run.anonMb.toFixed(1)} + ${run.fileMb.toFixed(1)}); ${ms(run.askCpuMs)}, ${ms(run.statusCpuMs)}`,
    naive: '–',
    ratio:
      at === 0 || !jit
        ? '–'
        : `${(run.rssMb - jit.rssMb).toFixed(1)} MB, CPU ${times(run.askCpuMs / jit.askCpuMs)} the JIT's`,
    target: '',
  }));
}
