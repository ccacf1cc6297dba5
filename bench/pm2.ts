// Row 7: pm2, the tool people would otherwise pick to keep several gateways up, on the same 3 gateways with the same
// argv and environment, in the same run: its daemon's idle cost, a SIGKILLed gateway back to ready, and what it says
// of a gateway that is up but not ready.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gatewayArgv, spawnEnv } from '../electron/gateways/node/spawn.ts';
import { isAlive, signalGroup } from '../electron/platform/node/processes.ts';
import { probeReadiness } from '../electron/gateways/node/probes.ts';
import { REAL_OPENCLAW } from '../tests/integration/world.ts';
import { watchReadyz, type Fleet } from './fleet.ts';
import { contextSwitches, type IdleCost } from './idle.ts';
import { ms, procStatus, processCpuMs, sleep, times, type Row } from './lib.ts';
import { PM2_VERSION, setupPm2 } from './setup-pm2.ts';

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; restart_time: number };
}

export interface Pm2Measures {
  idle: IdleCost;
  /** SIGKILL to /readyz answering 200 again, per crash. */
  backToReady: number[];
  /** What `pm2 jlist` said of the gateway while /readyz did not answer 200 yet, and for how long it said `online`. */
  beforeReady: { statuses: string[]; onlineMs: number };
}

export class Pm2 {
  readonly #bin: string;
  readonly #env: NodeJS.ProcessEnv;
  constructor(bin: string, env: NodeJS.ProcessEnv) {
    this.#bin = bin;
    this.#env = env;
  }

  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
      execFile(process.execPath, [this.#bin, ...args], { env: this.#env, timeout: 60_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
  }

  async list(): Promise<Pm2Process[]> {
    const text = await this.run(['jlist']);
    // jlist may print a notice before the JSON array.
    return JSON.parse(text.slice(text.indexOf('['))) as Pm2Process[];
  }
}

/** pm2 installed, its environment (Lobsterpot's for a gateway, plus PM2_HOME) and an ecosystem file for `names`. */
export function pm2Setup(fleet: Fleet, names: string[], pm2Home: string, log: (line: string) => void) {
  const bin = setupPm2(log);
  // The environment Lobsterpot gives a gateway (spawn.ts), which pm2's daemon passes on to its apps (with its own additions).
  const env = {
    ...spawnEnv({
      profile: '',
      nodePath: process.execPath,
      openclawPath: REAL_OPENCLAW,
      home: fleet.world.home,
      parentEnv: process.env,
      logFile: '',
    }),
    PM2_HOME: pm2Home,
  };
  // The binary itself with Lobsterpot's argv: with a Node interpreter pm2 would load the script inside its own wrapper,
  // where OpenClaw's entry does not run as the main module.
  const apps = names.map((name) => ({
    name,
    script: process.execPath,
    args: gatewayArgv({ openclawPath: REAL_OPENCLAW, profile: name }),
    interpreter: 'none',
    cwd: fleet.world.home,
    autorestart: true,
  }));
  const ecosystem = join(pm2Home, 'gateways.json');
  writeFileSync(ecosystem, JSON.stringify({ apps }, null, 2));
  return { bin, env, ecosystem };
}

export async function benchPm2(fleet: Fleet, log: (line: string) => void, seconds: number): Promise<Pm2Measures> {
  const three = fleet.names.slice(0, 3);
  const ports = three.map((name) => fleet.port(name));
  const pm2Home = join(dirname(fleet.world.home), 'pm2');
  mkdirSync(pm2Home, { recursive: true });
  const { bin, env, ecosystem } = pm2Setup(fleet, three, pm2Home, log);
  const pm2 = new Pm2(bin, env);
  let daemon: number | null = null;
  const pids = new Set<number>();
  try {
    log(`  pm2 ${PM2_VERSION} (PM2_HOME ${pm2Home}) starting ${three.join(', ')} …`);
    const watcher = watchReadyz(ports[0] as number);
    await pm2.run(['start', ecosystem]);
    daemon = Number(readFileSync(join(pm2Home, 'pm2.pid'), 'utf8').trim());
    fleet.world.pids.add(daemon);
    // What pm2 says of the first gateway until it is ready.
    const statuses = new Set<string>();
    let onlineSince: number | null = null;
    let ready = false;
    void watcher.first.then(() => (ready = true));
    while (!ready) {
      const app = (await pm2.list()).find((p) => p.name === three[0]);
      if (app && !ready) {
        statuses.add(app.pm2_env.status);
        if (app.pm2_env.status === 'online') onlineSince ??= performance.now();
      }
      // Each `pm2 jlist` is a Node process of its own: asked once a second, so it does not slow the gateways' start.
      if (!ready) await Promise.race([watcher.first, sleep(1000)]);
    }
    const onlineMs = onlineSince === null ? NaN : (await watcher.first) - onlineSince;
    log(`  pm2 said ${[...statuses].join(', ')} for ${ms(onlineMs)} before /readyz said 200`);
    await fleet.world.until(
      'the three pm2 gateways to be ready',
      async () => (await Promise.all(ports.map((port) => probeReadiness(port)))).every((probe) => probe.ready),
      180_000,
    );
    for (const app of await pm2.list()) {
      pids.add(app.pid);
      fleet.world.pids.add(app.pid);
    }
    await sleep(5000);
    const idle = await idleOf(daemon, seconds);
    log(
      `  pm2 daemon idle: ${ms(idle.cpuMs)} CPU in ${idle.elapsedS.toFixed(1)} s (${(idle.share * 100).toFixed(3)} %), peak RSS ${idle.peakRssMb.toFixed(0)} MB, ${idle.wakeups.toFixed(1)} wake-ups/s`,
    );
    // A SIGKILLed gateway: pm2 sees the exit and spawns it again at once (no restart delay by default).
    const backToReady: number[] = [];
    for (let i = 0; i < 2; i++) {
      const app = (await pm2.list()).find((p) => p.name === three[0]) as Pm2Process;
      const killed = performance.now();
      signalGroup(app.pid, 'SIGKILL');
      await fleet.world.until(`pid ${app.pid} to be gone`, () => !isAlive(app.pid), 10_000);
      const again = watchReadyz(ports[0] as number);
      backToReady.push((await again.first) - killed);
      again.stop();
      log(`  pm2 crash ${i + 1}: ready again after ${ms(backToReady.at(-1)!)}`);
    }
    for (const app of await pm2.list()) {
      pids.add(app.pid);
      fleet.world.pids.add(app.pid);
    }
    return { idle, backToReady, beforeReady: { statuses: [...statuses], onlineMs } };
  } finally {
    await pm2.run(['kill']).catch(() => undefined);
    // Whatever `pm2 kill` left: the daemon's and the gateways' groups.
    for (const pid of [...pids, ...(daemon ? [daemon] : [])]) if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
    await fleet.world.until(
      'the pm2 gateways to be gone',
      async () => (await Promise.all(ports.map((port) => probeReadiness(port)))).every((probe) => !probe.live),
      30_000,
    );
  }
}

async function idleOf(pid: number, seconds: number): Promise<IdleCost> {
  const cpu = processCpuMs(pid);
  const switches = contextSwitches(pid);
  const started = performance.now();
  await sleep(seconds * 1000);
  const elapsedS = (performance.now() - started) / 1000;
  const cpuMs = processCpuMs(pid) - cpu;
  return {
    cpuMs,
    elapsedS,
    share: cpuMs / 1000 / elapsedS,
    wakeups: (contextSwitches(pid) - switches) / elapsedS,
    peakRssMb: (procStatus(pid, 'VmHWM') ?? NaN) / 1024,
    rssMb: (procStatus(pid, 'VmRSS') ?? NaN) / 1024,
  };
}

/** Lobsterpot's figure as a multiple of pm2's (more than 1: Lobsterpot costs more). */
const versus = (ours: number, theirs: number) =>
  theirs > 0 ? `Lobsterpot ${times(ours / theirs)} pm2's` : 'pm2: none measured';

/** Section 7: pm2 beside Lobsterpot, each measured in this run. */
export function pm2Rows(
  pm2: Pm2Measures,
  ours: { idle: IdleCost | null; backToReady: number[]; startingPhases: string[] },
): Row[] {
  const list = (values: number[]) => values.map((v) => ms(v)).join(', ');
  const idle = ours.idle;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return [
    {
      measure: `Idle ${pm2.idle.elapsedS.toFixed(0)} s, 3 ready gateways: CPU of the supervisor (share of one core)`,
      lobsterpot: idle ? `${ms(idle.cpuMs)} (${(idle.share * 100).toFixed(3)} %)` : '',
      naive: `pm2 daemon: ${ms(pm2.idle.cpuMs)} (${(pm2.idle.share * 100).toFixed(3)} %)`,
      ratio: idle ? versus(idle.share, pm2.idle.share) : '',
    },
    {
      measure: 'Wake-ups of the supervisor (context switches of all its threads)',
      lobsterpot: idle ? `${idle.wakeups.toFixed(1)} /s` : '',
      naive: `${pm2.idle.wakeups.toFixed(1)} /s`,
      ratio: idle ? versus(idle.wakeups, pm2.idle.wakeups) : '',
    },
    {
      measure: 'Peak RSS of the supervisor (VmHWM)',
      lobsterpot: idle ? `${idle.peakRssMb.toFixed(0)} MB` : '',
      naive: `${pm2.idle.peakRssMb.toFixed(0)} MB`,
      ratio: idle ? versus(idle.peakRssMb, pm2.idle.peakRssMb) : '',
    },
    {
      measure: 'A SIGKILLed ready gateway to ready again (/readyz 200, independent poller), 2 crashes',
      lobsterpot: list(ours.backToReady),
      naive: list(pm2.backToReady),
      ratio: ours.backToReady.length ? versus(mean(ours.backToReady), mean(pm2.backToReady)) : '',
    },
    {
      measure: 'What each says of a gateway that is up but not ready yet',
      lobsterpot: `\`starting\`, phases ${ours.startingPhases.map((p) => `\`${p}\``).join(' → ')}, until \`ready\``,
      naive: `\`${pm2.beforeReady.statuses.join('`, `')}\` (\`online\` for ${ms(pm2.beforeReady.onlineMs)} before /readyz said 200)`,
      ratio: '',
    },
  ];
}
