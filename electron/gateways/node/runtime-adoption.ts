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
import { decideAdopt } from '../common/reconcile.ts';
import type { ProfileRuntime } from './profile-runtime.ts';

/** Finds a gateway already running for this profile and watches it; `background` yields to a command on its way. */
export async function adopt(runtime: ProfileRuntime, listeners?: readonly Listener[], background = false) {
  const { gateway, supervisor } = runtime;
  const tracked = () => gateway.isActive || gateway.state === 'stopping';
  if (tracked()) return;
  runtime.observe({ service: await runtime.services().status(runtime.name) });
  const found = await findRunning(runtime, listeners);
  // Decided again after each await (reconcile.ts): a spawn or a command may have come meanwhile.
  const decideNow = () =>
    decideAdopt({
      tracked: tracked(),
      yields: background && supervisor.busy,
      found: found && found.decision,
      serviceActive: runtime.fact('service').active,
      basePort: runtime.basePort(),
      recordedPort: found && found.record.pid === found.decision.pid ? found.record.port : null,
    });
  const first = decideNow();
  if (!found || first.kind !== 'adopt') return;
  const probe = await probeReadiness(first.port, 1000);
  const decision = decideNow();
  if (decision.kind !== 'adopt') return;
  const { pid, port, owner } = decision;
  runtime.lastPid = pid;
  runtime.observe({ runningPort: port });
  runtime.reconciler.want({ ownership: owner });
  gateway.adopt(pid, {
    owner,
    group: (await processGroupOf(pid)) === pid,
    startedAt: found.record.pid === pid ? found.record.startedAt : null,
    ready: probe.ready === true,
    probe,
  });
  void runtime.follow();
  void whoSupervises(runtime, pid, owner);
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
  const supervisor = owner === 'lobsterpot' ? null : await findSupervisor(pid).catch(() => null);
  if (runtime.gateway.pid === pid) runtime.observe({ supervisor });
}
