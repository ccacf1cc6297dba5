// Row 9: the npm package as a person installs it (`npm pack`, `npm install -g` into a fresh prefix), beside pm2 in the
// same run: the command's start (`--version`, `status --json` / `pm2 jlist` with the supervisor up), the supervisor's
// idle RSS with 0 and 3 ready gateways, and a SIGKILLed gateway's new process and ready again.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive, signalGroup } from '../electron/platform/node/processes.ts';
import { defaultRestartPolicy } from '../electron/gateways/common/restart-policy.ts';
import { probeReadiness } from '../electron/gateways/node/probes.ts';
import { freePortBlock } from '../tests/integration/world.ts';
import { watchReadyz, type Fleet } from './fleet.ts';
import {
  childrenCpuMs,
  median,
  ms,
  processCpuMs,
  procStatus,
  sleep,
  times,
  verdict,
  type Row,
  type Section,
} from './lib.ts';
import { Pm2, pm2Setup } from './pm2.ts';
import { benchServeFlags, flagRows, type FlagRun } from './serve-flags.ts';

const root = join(import.meta.dirname, '..');
const run = promisify(execFile);
// The installed bins start with `#!/usr/bin/env node`: the bench's own Node (the pinned 24) comes first.
const PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);

/** Packs this checkout and installs the tarball into a fresh prefix; returns the installed `lobsterpot`. */
async function installPackage(scratch: string, log: (line: string) => void): Promise<string> {
  const npm = (args: string[]) =>
    run('npm', args, { cwd: root, env: { ...process.env, PATH }, maxBuffer: 16 * 2 ** 20, timeout: 300_000 });
  const started = performance.now();
  await npm(['run', 'build:cli']);
  const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', scratch]);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const prefix = join(scratch, 'prefix');
  await npm([
    'install',
    '-g',
    '--prefix',
    prefix,
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    join(scratch, filename),
  ]);
  log(`  packed and installed ${filename} into ${prefix} in ${ms(performance.now() - started)}`);
  return join(prefix, 'bin', 'lobsterpot');
}

/** Wall time of one command, from spawn to exit. */
async function wall(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}`);
  return performance.now() - started;
}

/**
 * Median wall time of each command, run in turns (so load on the machine falls on both alike), after two warm-ups;
 * `cpu` gets each command's mean CPU (user + system of the waited-for child: what load does not inflate).
 */
async function medians(commands: Array<() => Promise<number>>, count: number, cpu: number[] = []): Promise<number[]> {
  const samples = commands.map(() => [] as number[]);
  const cpuTotals = commands.map(() => 0);
  for (let i = 0; i < count + 2; i++) {
    for (const [at, command] of commands.entries()) {
      const before = childrenCpuMs();
      const time = await command();
      if (i < 2) continue;
      samples[at]?.push(time);
      cpuTotals[at] = (cpuTotals[at] ?? 0) + childrenCpuMs() - before;
    }
  }
  cpu.splice(0, cpu.length, ...cpuTotals.map((total) => total / count));
  return samples.map((values) => median(values));
}

interface Rss {
  /** VmRSS at the end of the quiet stretch. */
  idleMb: number;
  /** VmHWM: the most it ever held. */
  peakMb: number;
  /** CPU (user + system) over the quiet stretch. */
  cpuMs: number;
}

async function idleRss(pid: number, seconds: number): Promise<Rss> {
  const before = processCpuMs(pid);
  await sleep(seconds * 1000);
  return {
    idleMb: (procStatus(pid, 'VmRSS') ?? NaN) / 1024,
    peakMb: (procStatus(pid, 'VmHWM') ?? NaN) / 1024,
    cpuMs: processCpuMs(pid) - before,
  };
}

/** The children of `parent` (of every thread of it). */
function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${parent}/task`)) {
    try {
      const text = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
      pids.push(...text.trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      // the thread ended meanwhile
    }
  }
  return pids;
}

/** A gateway's command line: `node openclaw.mjs --profile P gateway run` at first, then OpenClaw's process.title. */
function isGateway(pid: number, profile: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return (argv.includes('gateway') && argv.includes(profile)) || (argv[0] ?? '').startsWith('openclaw');
  } catch {
    return false;
  }
}

interface Crash {
  newProcessMs: number;
  readyMs: number;
}

/** SIGKILLs the group of gateway `pid` under `parent`; times its new process (polled each ms) and /readyz 200. */
async function crash(fleet: Fleet, parent: number, pid: number, profile: string, port: number): Promise<Crash> {
  // The other gateways are children too: only one that was not there before the kill is the new one.
  const before = new Set(childrenOf(parent));
  const killed = performance.now();
  signalGroup(pid, 'SIGKILL');
  const deadline = killed + 120_000;
  let next: number | undefined;
  while ((next = childrenOf(parent).find((child) => !before.has(child) && isGateway(child, profile))) === undefined) {
    if (performance.now() > deadline) throw new Error(`no new process for ${profile} in 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const newProcessMs = performance.now() - killed;
  fleet.world.pids.add(next);
  const watcher = watchReadyz(port);
  const readyMs = (await watcher.first) - killed;
  watcher.stop();
  return { newProcessMs, readyMs };
}

/**
 * Waits until the gateway has been ready long enough: the first crash after the restart policy's `resetAfterReadyMs`
 * (a gateway that was up a while: restarted at once), the second 15 s after the first's ready (backoff from there).
 */
async function readyAWhile(readyAt: number, crashIndex: number) {
  const wanted = crashIndex === 0 ? defaultRestartPolicy.resetAfterReadyMs + 5000 : 15_000;
  await sleep(Math.max(0, readyAt + wanted - performance.now()));
}

interface Side {
  version: number;
  status: number;
  /** Mean CPU of one command (the command's process only, not the supervisor answering it). */
  statusCpu?: number;
  idle0: Rss;
  idle3: Rss;
  crashes: Crash[];
}

export async function benchPackage(
  fleet: Fleet,
  log: (line: string) => void,
  seconds = Number(process.env.BENCH_PACKAGE_IDLE_SECONDS ?? 30),
  count = Number(process.env.BENCH_PACKAGE_RUNS ?? 15),
): Promise<Section> {
  const scratch = mkdtempSync(join(tmpdir(), 'lp-bench-package-'));
  try {
    const lobsterpot = await installPackage(scratch, log);
    const mainJs = join(dirname(dirname(lobsterpot)), 'lib', 'node_modules', 'lobsterpot', 'out', 'cli', 'main.js');
    const three = fleet.names.slice(0, 3);
    const ports = three.map((name) => fleet.port(name));
    for (const name of three) await fleet.manager.execute('profiles.setFlags', { name, flags: { autostart: false } });
    await fleet.manager.close({ leave: true });
    const env = { ...process.env, PATH, HOME: fleet.world.home, LOBSTERPOT_HOME: fleet.world.dataDir };
    const pm2Home = join(scratch, 'pm2');
    mkdirSync(pm2Home);
    const setup = pm2Setup(fleet, three, pm2Home, log);
    const pm2 = new Pm2(setup.bin, setup.env);
    const pm2Bin = (args: string[]) => wall(process.execPath, [setup.bin, ...args], setup.env);

    log(`  --version, ${count} each in turns …`);
    const [oursVersion, pm2Version] = (await medians(
      [() => wall(lobsterpot, ['--version'], env), () => pm2Bin(['--version'])],
      count,
    )) as [number, number];

    log(`    lobsterpot ${ms(oursVersion)}, pm2 ${ms(pm2Version)}`);
    const flagRuns: FlagRun[] = await benchServeFlags(mainJs, lobsterpot, scratch, env, log);
    const ours: Partial<Side> = { version: oursVersion };
    const theirs: Partial<Side> = { version: pm2Version };

    // Lobsterpot: the installed serve, no gateway running, then all three started through the installed command.
    const server = spawn(lobsterpot, ['serve', '--port', String(await freePortBlock(10))], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const serverPid = server.pid as number;
    fleet.world.pids.add(serverPid);
    try {
      await fleet.world.until('the installed serve to listen', () => /token=/.test(out), 60_000);
      await sleep(5000);
      log(`  installed serve (pid ${serverPid}), no gateway: ${seconds} s quiet …`);
      ours.idle0 = await idleRss(serverPid, seconds);
      log(`    ${mb(ours.idle0 as Rss)}`);
      // pm2's daemon (no app) runs beside it meanwhile, so that the two commands are timed in turns, under one load.
      await pm2.run(['ping']);
      const early = Number(readFileSync(join(pm2Home, 'pm2.pid'), 'utf8').trim());
      fleet.world.pids.add(early);
      const cpu: number[] = [];
      [ours.status, theirs.status] = await medians(
        [() => wall(lobsterpot, ['status', '--json'], env), () => pm2Bin(['jlist'])],
        count,
        cpu,
      );
      [ours.statusCpu, theirs.statusCpu] = cpu;
      await pm2.run(['kill']);
      log(`    status --json: ${ms(ours.status as number)}, pm2 jlist: ${ms(theirs.status as number)}`);
      await run(lobsterpot, ['start', '--all'], { env, timeout: 180_000 });
      await fleet.world.until(
        'the three gateways to be ready',
        async () => (await Promise.all(ports.map((port) => probeReadiness(port)))).every((probe) => probe.ready),
        180_000,
      );
      let readyAt = performance.now();
      const gatewayPid = async (name: string) => {
        const { stdout } = await run(lobsterpot, ['status', '--json'], { env });
        const status = JSON.parse(stdout) as { gateways: Array<{ profile: string; pid: number | null }> };
        for (const gateway of status.gateways) if (gateway.pid !== null) fleet.world.pids.add(gateway.pid);
        const pid = status.gateways.find((gateway) => gateway.profile === name)?.pid;
        if (!pid) throw new Error(`no pid for ${name} in status --json`);
        return pid;
      };
      await gatewayPid(three[0] as string);
      await sleep(5000);
      log(`  three ready gateways: ${seconds} s quiet …`);
      ours.idle3 = await idleRss(serverPid, seconds);
      log(`    ${mb(ours.idle3 as Rss)}`);
      ours.crashes = [];
      for (let i = 0; i < 2; i++) {
        // Ready a while first: the first restart is at once only for a gateway that was up, not one crash-looping.
        await readyAWhile(readyAt, i);
        const pid = await gatewayPid(three[0] as string);
        const killedAt = performance.now();
        ours.crashes.push(await crash(fleet, serverPid, pid, three[0] as string, ports[0] as number));
        readyAt = killedAt + ours.crashes.at(-1)!.readyMs;
        log(
          `    crash ${i + 1}: new process ${ms(ours.crashes.at(-1)!.newProcessMs)}, ready ${ms(ours.crashes.at(-1)!.readyMs)}`,
        );
      }
    } finally {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT');
      await Promise.race([exited, sleep(60_000)]);
      if (isAlive(serverPid)) signalGroup(serverPid, 'SIGKILL');
      await fleet.world.until(
        'the gateways serve started to be gone',
        async () => (await Promise.all(ports.map((port) => probeReadiness(port)))).every((probe) => !probe.live),
        60_000,
      );
    }

    // pm2: its daemon with no app, then the same three gateways from an ecosystem file.
    let daemon: number | null = null;
    try {
      await pm2.run(['ping']);
      daemon = Number(readFileSync(join(pm2Home, 'pm2.pid'), 'utf8').trim());
      fleet.world.pids.add(daemon);
      await sleep(5000);
      log(`  pm2 daemon (pid ${daemon}), no app: ${seconds} s quiet …`);
      theirs.idle0 = await idleRss(daemon, seconds);
      log(`    ${mb(theirs.idle0 as Rss)}`);
      await pm2.run(['start', setup.ecosystem]);
      await fleet.world.until(
        'the three pm2 gateways to be ready',
        async () => (await Promise.all(ports.map((port) => probeReadiness(port)))).every((probe) => probe.ready),
        180_000,
      );
      let readyAt = performance.now();
      for (const app of await pm2.list()) fleet.world.pids.add(app.pid);
      await sleep(5000);
      log(`  pm2, three ready gateways: ${seconds} s quiet …`);
      theirs.idle3 = await idleRss(daemon, seconds);
      log(`    ${mb(theirs.idle3 as Rss)}`);
      theirs.crashes = [];
      for (let i = 0; i < 2; i++) {
        await readyAWhile(readyAt, i);
        const app = (await pm2.list()).find((p) => p.name === three[0]);
        if (!app) throw new Error(`pm2 lists no ${three[0]}`);
        const killedAt = performance.now();
        theirs.crashes.push(await crash(fleet, daemon, app.pid, three[0] as string, ports[0] as number));
        readyAt = killedAt + theirs.crashes.at(-1)!.readyMs;
        log(
          `    crash ${i + 1}: new process ${ms(theirs.crashes.at(-1)!.newProcessMs)}, ready ${ms(theirs.crashes.at(-1)!.readyMs)}`,
        );
      }
    } finally {
      await pm2.run(['kill']).catch(() => undefined);
      if (daemon && isAlive(daemon)) signalGroup(daemon, 'SIGKILL');
      for (const pid of fleet.world.pids) if (isAlive(pid) && pid !== process.pid) signalGroup(pid, 'SIGKILL');
    }
    return {
      title: '9. The npm package beside pm2',
      rows: [...packageRows(ours as Side, theirs as Side), ...flagRows(flagRuns)],
      notes: NOTES,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const mb = (rss: Rss) =>
  `${rss.idleMb.toFixed(1)} MB (peak ${rss.peakMb.toFixed(1)} MB; CPU ${ms(rss.cpuMs)} over the stretch)`;

function packageRows(ours: Side, theirs: Side): Row[] {
  const ratio = (a: number, b: number) => `${times(a / b)} pm2's`;
  const rows: Row[] = [
    {
      measure: '`lobsterpot --version` / `pm2 --version`, median wall',
      lobsterpot: ms(ours.version),
      naive: ms(theirs.version),
      ratio: ratio(ours.version, theirs.version),
      target: verdict(ours.version <= 0.6 * theirs.version, "≤ 0.6 × pm2's"),
    },
    {
      measure: '`lobsterpot status --json` with serve up (no gateway) / `pm2 jlist` with its daemon up, median wall',
      lobsterpot: ms(ours.status),
      naive: ms(theirs.status),
      ratio: ratio(ours.status, theirs.status),
      target: verdict(ours.status <= 0.6 * theirs.status, "≤ 0.6 × pm2's"),
    },
    {
      measure: '…the same commands: mean CPU of the command’s own process (user + system; not its supervisor’s)',
      lobsterpot: ms(ours.statusCpu ?? NaN),
      naive: ms(theirs.statusCpu ?? NaN),
      ratio: ratio(ours.statusCpu ?? NaN, theirs.statusCpu ?? NaN),
      target: '',
    },
    {
      measure: 'Idle RSS of the supervisor, no gateway (VmRSS after the quiet stretch; peak VmHWM; its CPU meanwhile)',
      lobsterpot: mb(ours.idle0),
      naive: mb(theirs.idle0),
      ratio: ratio(ours.idle0.idleMb, theirs.idle0.idleMb),
      target: verdict(ours.idle0.idleMb <= theirs.idle0.idleMb, "≤ pm2's daemon"),
    },
    {
      measure: 'Idle RSS of the supervisor, 3 ready gateways',
      lobsterpot: mb(ours.idle3),
      naive: mb(theirs.idle3),
      ratio: ratio(ours.idle3.idleMb, theirs.idle3.idleMb),
      target: verdict(ours.idle3.idleMb <= theirs.idle3.idleMb, "≤ pm2's daemon"),
    },
  ];
  for (const [at, label] of ['first', 'second'].entries()) {
    const a = ours.crashes[at] as Crash;
    const b = theirs.crashes[at] as Crash;
    rows.push(
      {
        measure: `A SIGKILLed ready gateway, ${label} crash: its new process`,
        lobsterpot: ms(a.newProcessMs),
        naive: ms(b.newProcessMs),
        ratio: ratio(a.newProcessMs, b.newProcessMs),
        target: at === 0 ? verdict(a.newProcessMs <= 200, '≤ 0.2 s for the first restart') : 'backoff from the second',
      },
      {
        measure: `…then ready again (/readyz 200), ${label} crash`,
        lobsterpot: ms(a.readyMs),
        naive: ms(b.readyMs),
        ratio: ratio(a.readyMs, b.readyMs),
        target: at === 0 ? verdict(a.readyMs <= b.readyMs, "≤ pm2's") : '',
      },
    );
  }
  return rows;
}

const NOTES = [
  'The package is this checkout as `npm pack` makes it (`npm run build:cli` first: the CLI and serve bundled into out/cli, beside the built window), installed with `npm install -g --prefix` into a temporary folder and run through its `bin/lobsterpot` as a person would, on the pinned Node; pm2 7 from .cache/pm2 through its own bin. Both run in the same HOME, with the same three profiles, one after the other (they cannot hold the same ports at once).',
  'Commands: each measured from spawn to exit, the two tools in turns, two warm-ups first (the first run of the package fills Node’s compile cache). `status --json` asks the running serve (no gateway) over its control socket; `pm2 jlist` asks pm2’s daemon (no app), started beside that serve for these runs so both are timed under the same load.',
  'Idle RSS: /proc VmRSS of the supervisor process alone (the gateways are counted on neither side) after a quiet stretch that starts 5 s after it is up (no gateway) or after the three are ready; VmHWM is the most it held since it started. Lobsterpot’s serve also serves the window over HTTP; the gateways are started by `lobsterpot start --all` through that serve.',
  'serve’s V8 flags (the last three rows): the installed build’s `main.js` run by `node <flags> -e` as three serves at once, each in a data dir of its own with no gateway, after the quiet stretch; then, one serve at a time, its CPU (from /proc) while 300 `state.snapshot` asks go over one control connection, and while 20 installed `status --json` commands go through it.',
  'Crashes: the first SIGKILL of the gateway’s process group comes once it has been ready for 65 s (the restart policy counts a gateway ready 60 s as up a while: restarted at once), the second 15 s after the first’s ready again (a crash in a row: Lobsterpot’s backoff, 1 s ±20 %); pm2 gets the same. Its new process is the first child of the supervisor (polled each ms in /proc) running that profile’s gateway, and ready is an independent /readyz poller’s first 200.',
];
