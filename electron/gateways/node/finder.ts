// Finding a profile's running gateway: each candidate — a lock's owner, the run record's pid, a listener on the base
// port that says it runs this config — is judged by `decideAdoption` from its facts, read here. Stale records are
// forgotten on the way; nothing is ever signalled.
import type { Listener } from '../../ports/common/findings.ts';
import {
  candidatePid,
  decideAdoption,
  isOpenClawGatewayArgv,
  type AdoptionDecision,
  type AdoptionFacts,
} from './adoption.ts';
import { readGatewayLocks } from './locks.ts';
import { processFacts } from '../../platform/node/processes.ts';
import { listListeners } from '../../platform/node/sockets.ts';
import { probeReadiness, withRpc } from './probes.ts';
import type { RunRecord, RunRecords } from './run-records.ts';

export interface GatewaySearch {
  profile: string;
  stateDir: string;
  configPath: string;
  basePort: number;
  footprint: readonly number[];
  /** The gateway's token: only a gateway that proves it runs this config over RPC is taken without a lock or record. */
  token: string | null;
  records: RunRecords;
}

export interface FoundGateway {
  decision: Extract<AdoptionDecision, { kind: 'adopt' }>;
  record: RunRecord;
}

/** The running gateway of this profile, if any, with the evidence. */
export async function findRunningGateway(
  search: GatewaySearch,
  scanned?: readonly Listener[],
): Promise<FoundGateway | null> {
  const { profile, stateDir, configPath, basePort: base, token, records } = search;
  const [locks, record] = await Promise.all([readGatewayLocks(stateDir, configPath), records.read(profile)]);
  const expectedPorts = new Set([base, ...search.footprint]);
  const lockPorts = locks.flatMap((lock) => (lock.port === null ? [] : [lock.port]));
  const listeners = scanned ?? (await listListeners(new Set([...expectedPorts, ...lockPorts])));
  const recordFacts = record.pid === null ? null : { pid: record.pid, startTime: record.startTime };
  const judge = async (partial: Pick<AdoptionFacts, 'lock' | 'record' | 'identity'>) => {
    const pid = candidatePid({ ...partial, listeners });
    if (pid === null) return null;
    return decideAdoption({
      profile,
      stateDir,
      configPath,
      expectedPorts,
      listeners,
      process: await processFacts(pid),
      ...partial,
    });
  };
  for (const lock of locks) {
    const decision = await judge({ lock, record: recordFacts, identity: null });
    if (decision?.kind === 'adopt') return { decision, record };
  }
  if (recordFacts) {
    const decision = await judge({ lock: null, record: recordFacts, identity: null });
    if (decision?.kind === 'adopt') return { decision, record };
    if (decision?.kind === 'stale')
      await records.update(profile, () => ({ pid: null, startTime: null, startedAt: null }));
  }
  // Without a lock or record (another OpenClaw version), a listener on the base port must say it runs this config.
  const holder = listeners.find((l) => l.port === base && l.pid !== null);
  // Asked only of an OpenClaw gateway by its command line: a squatter that never answers would cost a probe timeout.
  const holderFacts = !locks.length && holder?.pid ? await processFacts(holder.pid) : null;
  if (holderFacts && isOpenClawGatewayArgv(holderFacts.argv) && token && (await probeReadiness(base, 1000)).live) {
    const configPathSaid = await withRpc(base, token, async (rpc) => rpc.hello.configPath, { admin: true }).catch(
      () => null,
    );
    if (configPathSaid) {
      const decision = await judge({ lock: null, record: null, identity: { port: base, configPath: configPathSaid } });
      if (decision?.kind === 'adopt') return { decision, record };
    }
  }
  return null;
}
