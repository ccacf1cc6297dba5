// Restart all: one gateway at a time (rolling), each back to ready before the next, stopping at the first that does
// not come back; or all at once. Returns a report of which restarted, which failed and why, which were not tried.
import type { GatewayState, GatewayStatus, RestartAllReport } from '../../contract/contract.ts';
import { STATES } from '../../contract/states.ts';

export interface RestartTarget {
  profile: string;
  /** The state before the restart: a gateway degraded before (a channel down) may come back degraded. */
  before: GatewayState;
}

function outcome(target: RestartTarget, status: GatewayStatus): string | null {
  if (STATES[status.state].healthy) return null;
  if (status.state === 'degraded' && target.before === 'degraded') return null;
  return `${status.state}${status.reason ? `: ${status.reason}` : ''}`;
}

export async function restartAll(
  targets: readonly RestartTarget[],
  restart: (profile: string) => Promise<GatewayStatus>,
  rolling: boolean,
): Promise<RestartAllReport> {
  const report: RestartAllReport = { rolling, restarted: [], failed: [], notTried: [] };
  const one = async (target: RestartTarget) => {
    try {
      const status = await restart(target.profile);
      const failure = outcome(target, status);
      if (failure === null) report.restarted.push({ profile: target.profile, state: status.state });
      else report.failed.push({ profile: target.profile, state: status.state, reason: failure });
      return failure === null;
    } catch (error) {
      report.failed.push({ profile: target.profile, state: null, reason: (error as Error).message });
      return false;
    }
  };
  if (!rolling) {
    await Promise.all(targets.map(one));
    return report;
  }
  for (const [index, target] of targets.entries()) {
    if (await one(target)) continue;
    report.notTried = targets.slice(index + 1).map((t) => t.profile);
    break;
  }
  return report;
}

/** The version a gateway runs beside the one on disk: "restart to update" when a running gateway differs from it. */
export function versionsOf(
  running: string | null,
  installed: string | null,
  hasProcess: boolean,
): { running: string | null; installed: string | null; restartToUpdate: boolean } {
  return {
    running,
    installed,
    restartToUpdate: hasProcess && running !== null && installed !== null && running !== installed,
  };
}
