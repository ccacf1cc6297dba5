// Rows 1–3: real gateways of the pinned OpenClaw in a throwaway HOME, driven by Lobsterpot's Manager and, side by side,
// by the OpenClaw CLI the way a user without Lobsterpot would.
import { processesInGroup } from '../electron/platform/node/processes.ts';
import { probeReadiness } from '../electron/gateways/node/probes.ts';
import { cpus } from 'node:os';
import {
  median,
  ms,
  percentile,
  readStat,
  runOpenClaw,
  selfCpuMs,
  sleep,
  times,
  verdict,
  type Row,
  type Section,
} from './lib.ts';
import { type Fleet, nextState, watchReadyz } from './fleet.ts';

/** Row 1: one status refresh of N running gateways. */
export async function benchStatus(
  fleet: Fleet,
  log: (line: string) => void,
): Promise<Section & { cliThree: { cpuMs: number; wallMs: number } | null }> {
  const rows: Row[] = [];
  const have = fleet.names.length;
  if (have < 5) await fleet.addProfiles(5 - have);
  const names = fleet.names.slice(0, 5);
  log('  starting 5 gateways …');
  await fleet.startAll(names);

  // Fresh gateways keep busy (and log a lot) for a few seconds after ready: measure once they have settled.
  await sleep(5000);

  const lobsterpotCycle = async (ports: number[]) => {
    for (let i = 0; i < 20; i++) await Promise.all(ports.map((port) => probeReadiness(port)));
    const cycles = 200;
    const cpu = selfCpuMs();
    const started = performance.now();
    for (let i = 0; i < cycles; i++) await Promise.all(ports.map((port) => probeReadiness(port)));
    return { cpuMs: (selfCpuMs() - cpu) / cycles, wallMs: (performance.now() - started) / cycles };
  };
  const cliRefresh = async (subset: string[], up = subset) => {
    let cpuMs = 0;
    let wallMs = 0;
    for (const name of subset) {
      const run = await runOpenClaw(fleet.world.home, name, ['status', '--json']);
      // A refresh that failed measured nothing worth comparing.
      if (up.includes(name) && run.code !== 0) throw new Error(`openclaw status of ${name} failed: ${run.stdout}`);
      cpuMs += run.cpuMs;
      wallMs += run.wallMs;
    }
    return { cpuMs, wallMs };
  };

  let cliThree = null;
  for (const n of [1, 3, 5]) {
    const subset = names.slice(0, n);
    const ports = subset.map((name) => fleet.port(name));
    const ours = await lobsterpotCycle(ports);
    // Two CLI refreshes, the better one counts (the first may pay for a cold disk cache).
    const cli = [await cliRefresh(subset), await cliRefresh(subset)].sort((a, b) => a.cpuMs - b.cpuMs)[0]!;
    log(
      `  N=${n}: Lobsterpot ${ms(ours.cpuMs)} CPU / ${ms(ours.wallMs)} wall; CLI ${ms(cli.cpuMs)} CPU / ${ms(cli.wallMs)} wall`,
    );
    if (n === 3) cliThree = cli;
    const ratio = cli.cpuMs / ours.cpuMs;
    rows.push({
      measure: `Status refresh, ${n} gateway${n > 1 ? 's' : ''} up: CPU (wall)`,
      lobsterpot: `${ms(ours.cpuMs)} (${ms(ours.wallMs)})`,
      naive: `${ms(cli.cpuMs)} (${ms(cli.wallMs)})`,
      ratio: `${times(ratio)} CPU, ${times(cli.wallMs / ours.wallMs)} wall`,
      target: verdict(ratio >= 500, '≥ 500× less CPU'),
    });
  }

  // The full refresh (configs, locks, /proc listener scan, findings) runs every 30 s beside the probes.
  {
    const refreshes = 20;
    const cpu = selfCpuMs();
    const started = performance.now();
    for (let i = 0; i < refreshes; i++) await fleet.manager.refresh();
    const cpuMs = (selfCpuMs() - cpu) / refreshes;
    const wallMs = (performance.now() - started) / refreshes;
    log(`  full refresh of 5 profiles: ${ms(cpuMs)} CPU / ${ms(wallMs)} wall`);
    rows.push({
      measure: 'Full rescan, 5 profiles (configs, locks, listeners, findings): CPU (wall)',
      lobsterpot: `${ms(cpuMs)} (${ms(wallMs)})`,
      naive: '(no CLI equivalent)',
      ratio: '',
    });
  }

  // One of three down: the CLI waits for it.
  const down = names[2]!;
  await fleet.stopAll(names.slice(2));
  const subset = names.slice(0, 3);
  const ports = subset.map((name) => fleet.port(name));
  const ours = await lobsterpotCycle(ports);
  log(`  one of 3 down: CLI status of the down gateway without --timeout (this takes about a minute) …`);
  const cli = await cliRefresh(subset, subset.slice(0, 2));
  const downRun = await runOpenClaw(fleet.world.home, down, ['status', '--json', '--timeout', '3000']);
  log(`  3 with one down: Lobsterpot ${ms(ours.cpuMs)} / ${ms(ours.wallMs)}; CLI ${ms(cli.cpuMs)} / ${ms(cli.wallMs)}`);
  rows.push({
    measure: 'Status refresh, 3 gateways, 1 down: CPU (wall)',
    lobsterpot: `${ms(ours.cpuMs)} (${ms(ours.wallMs)})`,
    naive: `${ms(cli.cpuMs)} (${ms(cli.wallMs)})`,
    ratio: `${times(cli.cpuMs / ours.cpuMs)} CPU, ${times(cli.wallMs / ours.wallMs)} wall`,
  });
  await fleet.stopAll(subset);
  return {
    cliThree,
    title: '1. Status refresh',
    rows,
    notes: [
      "Lobsterpot's refresh is its health poll: one `GET /readyz` per gateway, side by side (the mean of 200 cycles after 20 unmeasured ones, CPU of the whole bench process, which also runs the Manager's own polling meanwhile). The CLI way runs `openclaw --profile <p> status --json` for each gateway in turn (CPU of the CLI processes, the better of two refreshes). Neither counts the gateways' own CPU to answer.",
      `With a gateway down, \`status --json\` without \`--timeout\` waits for it; even with \`--timeout 3000\` the down gateway alone cost ${ms(downRun.wallMs)} wall and ${ms(downRun.cpuMs)} CPU in this run. Lobsterpot's probe of a closed port is refused at once.`,
      'The full rescan (row below the refreshes) is the other periodic work of the app: profiles and configs re-read, locks checked, listeners read from /proc, findings recomputed. It runs every 30 s (and on a file event: a profile, config or lock that changed) and is part of the idle cost in row 5.',
    ],
  };
}

/** Row 2: the delay from /readyz first answering 200 to Lobsterpot's `ready` event. */
export async function benchReady(
  fleet: Fleet,
  log: (line: string) => void,
  cliDetection: number[],
  starts = Number(process.env.BENCH_STARTS ?? 12),
): Promise<Section & { startingPhases: string[] }> {
  if (fleet.names.length < 2) await fleet.addProfiles(2 - fleet.names.length);
  const pair = fleet.names.slice(0, 2);
  const delays: number[] = [];
  const startToReady: number[] = [];
  const readyAt = new Map<string, number>();
  // What Lobsterpot says of a gateway that is up but not ready yet: the start phases it reports before `ready`.
  const phases = new Set<string>();
  const off = fleet.manager.on((event) => {
    if (event.type !== 'gateway-state' || !pair.includes(event.status.profile)) return;
    if (event.status.state === 'starting' && event.status.phase) phases.add(event.status.phase.name);
    if (event.status.state === 'ready' && !readyAt.has(event.status.profile)) {
      readyAt.set(event.status.profile, performance.now());
    }
  });
  try {
    // Two at a time: each sample is still one gateway's own start.
    for (let round = 0; delays.length < starts; round++) {
      readyAt.clear();
      const watchers = pair.map((name) => watchReadyz(fleet.port(name)));
      const started = performance.now();
      await fleet.startAll(pair);
      const firsts = await Promise.all(watchers.map((w) => w.first));
      for (const [i, name] of pair.entries()) {
        const event = readyAt.get(name);
        if (event === undefined) throw new Error(`no ready event for ${name}`);
        delays.push(event - (firsts[i] as number));
        startToReady.push(event - started);
      }
      watchers.forEach((w) => w.stop());
      await fleet.stopAll(pair);
      log(
        `  round ${round + 1}: delays ${delays
          .slice(-2)
          .map((d) => ms(d))
          .join(', ')}`,
      );
    }
  } finally {
    off();
  }
  const p50 = median(delays);
  const p95 = percentile(delays, 95);
  return {
    startingPhases: [...phases],
    title: '2. Ready detection',
    rows: [
      {
        measure: `Ready detection after /readyz first says 200, ${delays.length} starts: p50 / p95`,
        lobsterpot: `${ms(p50)} / ${ms(p95)}`,
        naive: cliDetection.length ? cliReadiness(cliDetection) : '',
        ratio: '',
        target: verdict(p95 <= 50, 'p95 at most 50 ms'),
      },
      {
        measure: 'Start to ready, same starts: p50 / p95 (for scale)',
        lobsterpot: `${ms(median(startToReady))} / ${ms(percentile(startToReady, 95))}`,
        naive: '',
        ratio: '',
      },
    ],
    notes: [
      "An independent poller (its own sockets, every 20 ms) notes when `/readyz` first answers 200; the delay is from that answer's arrival to the Manager's `gateway-state` event with state `ready`. The poller's own 20 ms step is the resolution (a delay can come out slightly negative when Lobsterpot's probe wins).",
      `Two gateways start side by side per round, ${delays.length} starts in all; delays: ${delays.map((d) => Math.round(d)).join(', ')} ms. Lobsterpot polls /readyz every 200 ms while a gateway starts and probes at once when the gateway writes to its log (its \`[gateway] ready\` line comes a few ms after /readyz turns 200).`,
      `The CLI column is the \`openclaw health --json\` loop of the CLI way in row 3 (${cliDetection.length} starts, watched by the same poller): \`health\` answers ok once the gateway takes connections, before \`/readyz\` says 200 (median ${ms(-median(cliDetection))} before it here), so the CLI has no way to tell ready; delays: ${cliDetection.map((d) => Math.round(d)).join(', ')} ms.`,
    ],
  };
}

/** What the CLI's `health` loop noticed, against readiness: it says ok before the gateway is ready. */
function cliReadiness(delays: number[]): string {
  const p50 = median(delays);
  return p50 < 0
    ? `no ready check: \`openclaw health\` said ok ${ms(-p50)} before ready (p50)`
    : `${ms(p50)} / ${ms(percentile(delays, 95))} (\`openclaw health\` loop)`;
}

/** Row 3: start all and stop all of 3 gateways. */
export async function benchStartStop(
  fleet: Fleet,
  log: (line: string) => void,
): Promise<Section & { cliDetection: number[] }> {
  if (fleet.names.length < 3) await fleet.addProfiles(3 - fleet.names.length);
  const three = fleet.names.slice(0, 3);
  // The first start of a fresh profile does one-time work: a start and stop first, not counted.
  log('  warming up (first start of fresh profiles, not counted) …');
  await fleet.startAll(three);
  await fleet.stopAll(three);

  const timed = async (action: () => Promise<unknown>) => {
    const started = performance.now();
    await action();
    return performance.now() - started;
  };
  const ours = { start: [] as number[], stop: [] as number[] };
  const cli = { start: [] as number[], stop: [] as number[] };
  const cliDetection: number[] = [];
  // Each gateway's start to ready: alone (one after another), then side by side within the start-all rounds.
  const alone = new Map<string, number>();
  for (const name of three) {
    alone.set(name, await timed(() => fleet.startAll([name])));
    await fleet.stopAll([name]);
  }
  const sideBySide = new Map<string, number[]>(three.map((name) => [name, []]));
  const parts = { ourCpu: [] as number[], gatewayCpu: [] as number[] };
  const startAllOurs = async () => {
    const started = performance.now();
    const cpu = selfCpuMs();
    const readyAt = three.map((name) => nextState(fleet.manager, name, (s) => s.state === 'ready'));
    await fleet.startAll(three);
    parts.ourCpu.push(selfCpuMs() - cpu);
    for (const [i, name] of three.entries()) sideBySide.get(name)?.push((await readyAt[i]!).at - started);
    parts.gatewayCpu.push(await gatewaysCpuMs(fleet, three));
  };
  // Taking turns, so neither way always runs on a warmer machine.
  for (let round = 0; round < 2; round++) {
    ours.start.push(await timed(startAllOurs));
    ours.stop.push(await timed(() => fleet.stopAll(three)));
    const pids: number[] = [];
    cli.start.push(
      await timed(async () => {
        for (const name of three) {
          const { pid, detectionMs } = await fleet.cliStart(name);
          pids.push(pid);
          cliDetection.push(detectionMs);
        }
      }),
    );
    cli.stop.push(
      await timed(async () => {
        for (const [i, name] of three.entries()) await fleet.cliStop(name, pids[i] as number);
      }),
    );
    log(
      `  round ${round + 1}: Lobsterpot start ${ms(ours.start.at(-1)!)}, stop ${ms(ours.stop.at(-1)!)}; CLI start ${ms(cli.start.at(-1)!)}, stop ${ms(cli.stop.at(-1)!)}`,
    );
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const ourStart = mean(ours.start);
  const ourStop = mean(ours.stop);
  const cliStart = mean(cli.start);
  const cliStop = mean(cli.stop);
  const ourCpu = mean(parts.ourCpu);
  const gatewayCpu = mean(parts.gatewayCpu);
  const share = ourCpu / gatewayCpu;
  const eachAlone = three.map((name) => alone.get(name) as number);
  const eachTogether = three.map((name) => mean(sideBySide.get(name) as number[]));
  log(
    `  parts: Lobsterpot ${ms(ourCpu)} CPU, the gateways ${ms(gatewayCpu)} CPU; alone ${eachAlone.map(ms).join(', ')}; side by side ${eachTogether.map(ms).join(', ')}`,
  );
  return {
    cliDetection,
    title: '3. Start all / stop all',
    rows: [
      {
        measure: "Start all, its parts: Lobsterpot's own CPU (share of the gateways' CPU to ready)",
        lobsterpot: `${ms(ourCpu)} (${(share * 100).toFixed(2)} % of ${ms(gatewayCpu)})`,
        naive: '',
        ratio: '',
        target: verdict(share < 0.01, "under 1 % of the gateways' CPU"),
      },
      {
        measure: `Start to ready of each gateway alone, then the ${three.length} side by side (${cpus().length} cores)`,
        lobsterpot: `${eachAlone.map(ms).join(', ')}; side by side ${eachTogether.map(ms).join(', ')}`,
        naive: '',
        ratio: `${times(mean(eachTogether) / mean(eachAlone))} the time side by side`,
      },
      {
        measure: 'Start all, 3 gateways, until each is ready',
        lobsterpot: ms(ourStart),
        naive: ms(cliStart),
        ratio: `${times(cliStart / ourStart)} faster`,
      },
      {
        measure: 'Stop all, 3 gateways, until each has exited and released its ports',
        lobsterpot: ms(ourStop),
        naive: ms(cliStop),
        ratio: `${times(cliStop / ourStop)} faster`,
      },
    ],
    notes: [
      "The parts of a start all: Lobsterpot's CPU is the bench process's (its Manager spawns, probes and records; nothing else runs in it meanwhile), the gateways' is every process of their groups at ready. Alone = each gateway started by itself, one after another; side by side = the same gateway within the start-all rounds: the difference is what three Node processes that each want a core for seconds cost on this machine's cores, not Lobsterpot's share.",
      'Each figure is the mean of two rounds taken in turns, after a warm-up start of the fresh profiles. Lobsterpot starts (and stops) the three side by side and returns when each is ready (or has exited and released its ports). The CLI way does one after another: `openclaw --profile <p> gateway run` in the background, then `openclaw --profile <p> health --json --timeout 2000` until it answers; to stop, SIGTERM (`openclaw gateway stop` only manages OS services and refuses otherwise), then `health` until it no longer answers. The CLI start time is a lower bound: `health` says ok before the gateway is ready (row 2).',
    ],
  };
}

/** CPU so far of every process in the gateways' groups (each gateway leads its own group), in ms. */
async function gatewaysCpuMs(fleet: Fleet, names: string[]): Promise<number> {
  let total = 0;
  for (const name of names) {
    const pid = fleet.manager.snapshot().gateways.find((g) => g.profile === name)?.pid;
    if (!pid) continue;
    for (const member of await processesInGroup(pid)) {
      try {
        const { fields } = readStat(member);
        // utime + stime + the children it has waited for (cutime + cstime), in clock ticks of 10 ms.
        total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10;
      } catch {
        // gone meanwhile
      }
    }
  }
  return total;
}
