// Adoption: finding a gateway of this profile that is already running and watching it. Each candidate — a lock's
// owner, the run record's pid, a listener on the base port that says it runs this config — is judged by
// `decideAdoption` from its facts (finder.ts): a pid whose start time or command line does not match is stale and
// never signalled.
import type { Listener } from '../../ports/common/findings.ts';
import { footprintPorts } from '../../ports/common/ports.ts';
import { processGroupOf } from '../../platform/node/processes.ts';
import { listListeners } from '../../platform/node/sockets.ts';
import { findSupervisor } from '../../platform/node/services.ts';
import { findRunningGateway } from './finder.ts';
import { probeReadiness } from './probes.ts';
import type { ProfileRuntime } from './profile-runtime.ts';

/** Finds a gateway already running for this profile and watches it; `background` yields to a command on its way. */
export async function adopt(runtime: ProfileRuntime, listeners?: readonly Listener[], background = false) {
  const { gateway, supervisor } = runtime;
  if (gateway.isActive || gateway.state === 'stopping') return;
  runtime.service = await runtime.services().status(runtime.name);
  const found = await findRunning(runtime, listeners);
  // Checked again after the awaits: a spawn may have happened meanwhile.
  if (!found || gateway.isActive || (background && supervisor.busy)) return;
  const { decision, record } = found;
  const port = decision.port ?? runtime.basePort();
  const probe = await probeReadiness(port, 1000);
  if (gateway.isActive || (background && supervisor.busy)) return;
  const owner = runtime.service.active ? 'service' : decision.owner;
  runtime.lastPid = decision.pid;
  runtime.runningPort = port;
  gateway.adopt(decision.pid, {
    owner,
    group: (await processGroupOf(decision.pid)) === decision.pid,
    startedAt: record.pid === decision.pid ? record.startedAt : null,
    ready: probe.ready === true,
    probe,
  });
  void runtime.follow();
  void whoSupervises(runtime, decision.pid, owner);
}

/** The running gateway of this profile, if any, with the evidence (finder.ts). */
export function findRunning(runtime: ProfileRuntime, scanned?: readonly Listener[]) {
  const { profile } = runtime;
  return findRunningGateway(
    {
      profile: runtime.name,
      stateDir: profile.stateDir,
      configPath: profile.configPath,
      basePort: runtime.basePort(),
      footprint: footprintPorts(runtime.portProfile()),
      token: profile.config?.token ?? null,
      records: runtime.deps.store.records,
    },
    scanned,
  );
}

/** Something of this profile still runs: its tracked process, or a gateway that adoption recognises (for delete). */
export async function stillRunning(runtime: ProfileRuntime): Promise<string | null> {
  if (runtime.gateway.pid !== null) return `pid ${runtime.gateway.pid}`;
  const found = await findRunning(runtime);
  return found ? `pid ${found.decision.pid}: ${found.decision.evidence.join('; ')}` : null;
}

/** Listeners left on the footprint by the last process or its group (an orphaned Chrome, say). */
export async function leftovers(runtime: ProfileRuntime): Promise<Listener[]> {
  const pid = runtime.lastPid;
  if (pid === null) return [];
  const held: Listener[] = [];
  for (const listener of await listListeners(new Set(footprintPorts(runtime.portProfile())))) {
    if (listener.pid === null) continue;
    if (listener.pid === pid || (await processGroupOf(listener.pid)) === pid) held.push(listener);
  }
  return held;
}

/** Who runs a gateway Lobsterpot did not start, from its parent chain and environment markers. */
async function whoSupervises(runtime: ProfileRuntime, pid: number, owner: string) {
  runtime.supervisorInfo = owner === 'lobsterpot' ? null : await findSupervisor(pid).catch(() => null);
  if (runtime.gateway.pid === pid) runtime.changed();
}
