// What a profile's runtime needs from the rest of the core, in narrow parts the composition root builds once.
import type { Finding } from '../../ports/common/findings.ts';
import type { GatewayStatus, LobsterpotEvent, WatchdogStatus } from '../../contract/contract.ts';
import type { PortProfile } from '../../ports/common/ports.ts';
import type { Clock } from '../../platform/node/clock.ts';
import type { OpenClawAccess } from '../../openclaw/node/access.ts';
import type { ProfileRegistry } from '../../profiles/node/registry.ts';
import type { SettingsStore } from '../../settings/node/settings.ts';
import type { ReadinessPolicy, RestartPolicy } from './gateway-policy.ts';
import type { RunRecords } from './run-records.ts';

/** Where and as whom this process runs gateways. */
export interface RuntimeHost {
  home: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Who acts through this process (`app`, `serve`, `cli`), recorded with a person's intent. */
  origin: string;
  /** This process stays to supervise (the app, `serve`): it can take OpenClaw's restart hand-offs. */
  supervises?: boolean;
  restartPolicy?: Partial<RestartPolicy> | undefined;
  readinessPolicy?: Partial<ReadinessPolicy> | undefined;
}

/** The files a runtime reads and writes: settings, run records, profile configs. */
export interface RuntimeStore {
  settings: SettingsStore;
  records: RunRecords;
  registry: ProfileRegistry;
}

/** The port model's view over every profile (ports/). */
export interface PortChecks {
  blockingFindings(draft: PortProfile): Finding[];
  suggestPort(exclude: string): number | null;
  refreshListeners(): Promise<void>;
}

/** Where a runtime reports what it saw. */
export interface RuntimeReports {
  /** The end of a reconcile step: the profile's status, changed (sent as its one `gateway-state`). */
  publish(status: GatewayStatus): void;
  /** Other events (log lines, warnings). */
  emit(event: LobsterpotEvent): void;
  log(message: string): void;
  /** Right before this process spawns the profile's gateway (the quit policy stops those); throws to refuse. */
  spawned(name: string): void;
  /** The watchdog's alert for the profile, if any. */
  watchdog(name: string): WatchdogStatus | null;
}

export interface RuntimeDeps {
  host: RuntimeHost;
  clock: Clock;
  store: RuntimeStore;
  openclaw: OpenClawAccess;
  ports: PortChecks;
  report: RuntimeReports;
}
