// Row 2, faults: crashes and a hang of a ready gateway from outside, as Lobsterpot's Manager reports them.
import { isAlive, signalGroup } from '../electron/platform/node/processes.ts';
import { ms, verdict, type Row } from './lib.ts';
import { type Fleet, nextState, watchReadyz } from './fleet.ts';

export interface FaultTimes {
  /** SIGKILL to the `restarting` event, per crash. */
  crash: number[];
  /** SIGKILL to /readyz answering 200 again (independent poller), per crash. */
  backToReady: number[];
  /** The backoff Lobsterpot waited before each restart. */
  backoff: number[];
  /** SIGSTOP to the first `degraded` and to the `unresponsive` event, and SIGCONT to `ready` again. */
  hang: { degraded: number; unresponsive: number; resumed: number } | null;
}

/** Row 2, faults: a ready gateway SIGKILLed from outside (twice), then SIGSTOPped, as Lobsterpot's Manager sees it. */
export async function benchFaults(fleet: Fleet, log: (line: string) => void, crashes = 2): Promise<FaultTimes> {
  const name = fleet.names[0] as string;
  const port = fleet.port(name);
  const times: FaultTimes = { crash: [], backToReady: [], backoff: [], hang: null };
  await fleet.startAll([name]);
  const pidOf = () => fleet.manager.snapshot().gateways.find((g) => g.profile === name)?.pid as number;
  for (let i = 0; i < crashes; i++) {
    const pid = pidOf();
    const restarting = nextState(fleet.manager, name, (s) => s.state === 'restarting');
    const ready = nextState(fleet.manager, name, (s) => s.state === 'ready' && s.pid !== pid);
    const killed = performance.now();
    signalGroup(pid, 'SIGKILL');
    const seen = await restarting;
    times.crash.push(seen.at - killed);
    times.backoff.push((seen.status.nextRestartAt ?? Date.now()) - Date.now() + (performance.now() - seen.at));
    // The poller starts once the killed process is gone, so an answer of the old one cannot count.
    await fleet.world.until(`${name}'s pid ${pid} to be gone`, () => !isAlive(pid), 10_000);
    const watcher = watchReadyz(port);
    times.backToReady.push((await watcher.first) - killed);
    watcher.stop();
    await ready;
    log(
      `  crash ${i + 1}: restarting after ${ms(times.crash.at(-1)!)}, ready again after ${ms(times.backToReady.at(-1)!)} (backoff ${ms(times.backoff.at(-1)!)})`,
    );
  }
  // A hang: the process is there but answers nothing (SIGSTOP); unresponsiveAfterMs is 20 s by default.
  const pid = pidOf();
  const degraded = nextState(fleet.manager, name, (s) => s.state === 'degraded' || s.state === 'unresponsive');
  const unresponsive = nextState(fleet.manager, name, (s) => s.state === 'unresponsive');
  const stopped = performance.now();
  signalGroup(pid, 'SIGSTOP');
  try {
    const first = await degraded;
    const hung = await unresponsive;
    const ready = nextState(fleet.manager, name, (s) => s.state === 'ready');
    const resumedAt = performance.now();
    signalGroup(pid, 'SIGCONT');
    const back = await ready;
    times.hang = {
      degraded: first.at - stopped,
      unresponsive: hung.at - stopped,
      resumed: back.at - resumedAt,
    };
    log(
      `  hang: degraded after ${ms(times.hang.degraded)}, unresponsive after ${ms(times.hang.unresponsive)}; ready ${ms(times.hang.resumed)} after SIGCONT`,
    );
  } finally {
    signalGroup(pid, 'SIGCONT');
  }
  await fleet.stopAll([name]);
  return times;
}

export function faultRows(faults: FaultTimes): Row[] {
  const list = (values: number[]) => values.map((v) => ms(v)).join(', ');
  const rows: Row[] = [
    {
      measure: `Crash detection: SIGKILL of a ready gateway to Lobsterpot's \`restarting\` event, ${faults.crash.length} crashes`,
      lobsterpot: list(faults.crash),
      naive: '',
      ratio: '',
      target: 'reported',
    },
    {
      measure: 'Crash to ready again (/readyz 200, independent poller), same crashes',
      lobsterpot: `${list(faults.backToReady)} (backoff ${list(faults.backoff)})`,
      naive: '',
      ratio: '',
    },
  ];
  if (faults.hang) {
    rows.push({
      measure:
        'Hang detection: SIGSTOP of a ready gateway to `degraded`, then `unresponsive` (unresponsiveAfterMs 20 s); SIGCONT to `ready`',
      lobsterpot: `${ms(faults.hang.degraded)}, ${ms(faults.hang.unresponsive)}; ${ms(faults.hang.resumed)}`,
      naive: '',
      ratio: '',
      target: verdict(
        faults.hang.unresponsive <= 22_500,
        'reported: unresponsive within the 20 s threshold and one poll',
      ),
    });
  }
  return rows;
}
