// Ownership, versions, the watchdog's alert, the history, the doctor and hand-overs to and from the OS service.
import type { DoctorRun, GatewayStatus, HistoryReport } from '../../contract/contract.ts';
import { outages, uptime } from '../common/history.ts';
import type { Facts } from '../common/record.ts';
import { handOverToLobsterpot, handOverToService } from '../../platform/node/services.ts';
import { doctorOffered, runDoctor } from './doctor.ts';
import type { ProfileRuntime } from './profile-runtime.ts';
import { adopt } from './runtime-adoption.ts';

/** The facts of the version on disk, the watchdog and the doctor, read at every look at the profile. */
export function careFacts(runtime: ProfileRuntime): Pick<Facts, 'installed' | 'watchdog' | 'doctor'> {
  const { gateway, deps } = runtime;
  const record = deps.store.records.cached(runtime.name);
  return {
    installed: runtime.openclawRuntime().openclaw?.version ?? null,
    watchdog: deps.report.watchdog(runtime.name),
    doctor: { offered: doctorOffered(gateway.status, record), last: record.doctor },
  };
}

/** The history with uptime over 24 h and 7 days and the week's outages. */
export async function history(runtime: ProfileRuntime, limit: number): Promise<HistoryReport> {
  const { history } = await runtime.deps.store.records.read(runtime.name);
  const now = runtime.deps.clock.now();
  const day = 24 * 3_600_000;
  return {
    profile: runtime.name,
    entries: history.slice(-limit),
    uptime24h: uptime(history, now, day),
    uptime7d: uptime(history, now, 7 * day),
    outages: outages(history, now, 7 * day),
  };
}

/** OpenClaw's `doctor --fix` once after an exit 78, in the gateway's environment, then one retry of the start. */
export function doctor(runtime: ProfileRuntime): Promise<DoctorRun> {
  const { deps, name } = runtime;
  const records = deps.store.records;
  return runDoctor({
    profile: name,
    status: () => runtime.gateway.status,
    record: () => records.read(name),
    run: (args) => deps.openclaw.cli().run(runtime.target, args, { timeoutMs: 180_000 }),
    save: (run) => records.update(name, () => ({ doctor: run })),
    start: async () => (await runtime.supervisor.start()).state,
    changed: () => runtime.changed(),
    now: () => deps.clock.now(),
  });
}

/** Hands the gateway to Lobsterpot (the service is uninstalled) or to the OS service (installed on its port). */
export async function handOver(runtime: ProfileRuntime, to: 'lobsterpot' | 'service'): Promise<GatewayStatus> {
  const { deps, name } = runtime;
  const handOverDeps = {
    adapter: runtime.services(),
    profile: name,
    port: runtime.port(),
    start: async () => (await runtime.supervisor.start(), runtime.status()),
    stop: async () => void (await runtime.supervisor.stop()),
    refresh: () => adopt(runtime),
    status: () => runtime.status(),
    until: async (check: () => boolean | Promise<boolean>, ms: number) => {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return true;
    },
  };
  const status = to === 'lobsterpot' ? await handOverToLobsterpot(handOverDeps) : await handOverToService(handOverDeps);
  // The service's gateway is meant to run: the watchdog watches it too.
  if (to === 'service')
    await deps.store.records.update(name, () => ({
      intent: { wanted: 'running', at: deps.clock.now(), by: deps.host.origin },
    }));
  return status;
}
