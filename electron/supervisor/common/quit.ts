// Which gateways a supervisor stops when it quits, and what it says of those it leaves. The one rule: it stops every
// gateway whose process it spawned itself — those it started, and those it restarted (a person's restart, a rolling
// restart, a restart after a crash), adopted ones included, since the process left behind would be its own child. It
// leaves running what it found running and never restarted (started before it), what an OS service runs, and
// everything when Settings › On quit says to leave the gateways running. README.md states it for people.
import type { GatewayOwner } from '../../contract/contract.ts';

/** What the rule reads of one profile's gateway. */
export interface QuitFacts {
  name: string;
  /** A process is there, or a command on it is on its way. */
  running: boolean;
  /** This supervisor spawned the process that runs (or was asked to start it and spawned it). */
  spawnedHere: boolean;
  owner: GatewayOwner | null;
  /** Why it is in its state (a stop that failed says so here). */
  reason: string | null;
}

export interface QuitReport {
  stopped: string[];
  left: { name: string; why: string }[];
}

export const LEFT_BY_POLICY = 'Settings › On quit says to leave them running';
export const LEFT_STARTED_BEFORE = 'started before this server';
export const LEFT_TO_SERVICE = 'run by their OS service';

/** The gateways to stop: those this supervisor spawned, unless the quit policy leaves them all running. */
export function gatewaysToStop(gateways: readonly QuitFacts[], leave: boolean): string[] {
  return leave ? [] : gateways.filter((g) => g.spawnedHere).map((g) => g.name);
}

/** After the stops: which stopped (running before, not now), and why each one still running was left. */
export function quitReport(before: readonly QuitFacts[], after: readonly QuitFacts[], leave: boolean): QuitReport {
  const runningBefore = new Set(before.filter((g) => g.running).map((g) => g.name));
  const stopped = after.filter((g) => !g.running && runningBefore.has(g.name)).map((g) => g.name);
  const left = after.filter((g) => g.running).map((g) => ({ name: g.name, why: whyLeft(g, leave) }));
  return { stopped, left };
}

function whyLeft(gateway: QuitFacts, leave: boolean): string {
  if (leave) return LEFT_BY_POLICY;
  if (gateway.spawnedHere) return `it did not stop${gateway.reason ? ` (${gateway.reason})` : ''}`;
  return gateway.owner === 'service' ? LEFT_TO_SERVICE : LEFT_STARTED_BEFORE;
}

/** The lines a quitting supervisor prints: "leaving alpha, beta running: started before this server". */
export function quitLines(report: QuitReport): string[] {
  const lines: string[] = [];
  if (report.stopped.length) lines.push(`stopped ${report.stopped.join(', ')}: started or restarted by this server`);
  const byWhy = new Map<string, string[]>();
  for (const { name, why } of report.left) byWhy.set(why, [...(byWhy.get(why) ?? []), name]);
  for (const [why, names] of byWhy) lines.push(`leaving ${names.join(', ')} running: ${why}`);
  if (!lines.length) lines.push('no gateway was running');
  return lines;
}
