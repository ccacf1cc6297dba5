// Complete, typed builders of the contract's values for tests: each gives every field, so a test says only what it
// is about and never casts a partial object to a contract type.
import { portProfile } from '../ports/common/fixtures.ts';
import type { PortProfile } from '../ports/common/ports.ts';
import { effectiveBasePort, footprintOf } from '../ports/common/ports.ts';
import { defaultSettings } from './settings.ts';
import type { HostView, ProfileView, Snapshot } from './snapshot.ts';
import type { Uptime } from '../gateways/common/history.ts';
import type {
  AuditReport,
  BackupResult,
  DashboardAccess,
  DoctorReport,
  ExportResult,
  HistoryReport,
  RestartAllReport,
} from './results.ts';
import { careUnknown, unknownHealth, type DoctorRun, type GatewayStatus } from './status.ts';
import type { InstallResult, RolloutStep, UpdateReport, VersionsReport } from './updates.ts';

/** A profile that is set up, at `port`, in `/home/u/.openclaw-<name>`. */
export function profileView(name: string, port: number | null, extra: Partial<PortProfile> = {}): ProfileView {
  const ports = portProfile(name, port, extra);
  const { port: effectivePort, source } = effectiveBasePort(name, ports.port);
  return {
    ...ports,
    effectivePort,
    portSource: source,
    configured: true,
    configError: null,
    footprint: footprintOf(ports),
    flags: { autostart: false, restartOnCrash: true, color: null, notes: '', mcpActions: false, openclawRuntime: null },
    browserProfiles: [],
  };
}

/** A stopped gateway on `port`, nothing known about it yet. */
export function gatewayStatus(profile: string, port: number, extra: Partial<GatewayStatus> = {}): GatewayStatus {
  return {
    profile,
    state: 'stopped',
    reason: null,
    pid: null,
    owner: null,
    startedAt: null,
    readyAt: null,
    restarts: 0,
    lastExit: null,
    port,
    listeners: [],
    health: unknownHealth(),
    rpc: { version: null, configPath: null, checkedAt: null, error: null },
    service: { installed: false, active: false, label: null },
    nextRestartAt: null,
    phase: null,
    pendingRestart: null,
    ...careUnknown(),
    ...extra,
  };
}

/** A snapshot of these profiles and gateways, the default settings, OpenClaw found. */
export function snapshot(extra: Partial<Snapshot> = {}): Snapshot {
  return {
    profiles: [],
    gateways: [],
    findings: [],
    listeners: [],
    settings: defaultSettings(),
    environment: {
      openclaw: { path: '/p/.cache/openclaw/node_modules/openclaw/openclaw.mjs', version: '2026.9.6' },
      node: { path: '/p/node_modules/node/bin/node', version: 'v24.21.0' },
      problem: null,
      fix: null,
    },
    ephemeralRange: { from: 32768, to: 60999 },
    audit: [],
    hosts: [],
    ...extra,
  };
}

/** Another host, connected to its `serve`, nothing seen of it yet. */
export function hostView(extra: Partial<HostView> = {}): HostView {
  return {
    name: 'box',
    destination: 'ops@box',
    sshConfig: null,
    command: 'lobsterpot',
    state: 'connected',
    since: 0,
    message: null,
    retryAt: null,
    supervisor: { pid: 42, kind: 'serve', startedByUs: false },
    remote: null,
    ...extra,
  };
}

/** An audit that found nothing, at `checkedAt` 0. */
export function auditReport(extra: Partial<AuditReport> = {}): AuditReport {
  return { findings: [], checkedAt: 0, hasErrors: false, ...extra };
}

/** Uptime with nothing recorded. */
export function uptime(extra: Partial<Uptime> = {}): Uptime {
  return { upMs: 0, startingMs: 0, downMs: 0, intendedMs: 0, refusedMs: 0, unknownMs: 0, ratio: null, ...extra };
}

/** A profile's history: started by a person at 0, ready at 1000, no outage. */
export function historyReport(profile: string, extra: Partial<HistoryReport> = {}): HistoryReport {
  return {
    profile,
    entries: [
      { at: 0, state: 'starting', reason: null, cause: { kind: 'person', by: 'cli' } },
      { at: 1000, state: 'ready', reason: null, cause: null },
    ],
    uptime24h: uptime(),
    uptime7d: uptime(),
    outages: [],
    ...extra,
  };
}

/** A `doctor --fix` that exited 0 and whose retry came up ready. */
export function doctorRun(extra: Partial<DoctorRun> = {}): DoctorRun {
  return { at: 0, code: 0, report: ['fixed'], retry: 'ready', ...extra };
}

/** A backup of `profile` by OpenClaw's own command. */
export function backupResult(profile: string, extra: Partial<BackupResult> = {}): BackupResult {
  return { profile, archive: `/backups/${profile}.tar.gz`, method: 'openclaw', bytes: 1024, ...extra };
}

/** A rolling restart where every profile came back. */
export function restartAllReport(profiles: string[], extra: Partial<RestartAllReport> = {}): RestartAllReport {
  return {
    rolling: true,
    restarted: profiles.map((profile) => ({ profile, state: 'ready' as const })),
    failed: [],
    notTried: [],
    ...extra,
  };
}

/** An export of `profiles` as a compose project in `/exports/compose`. */
export function exportResult(profiles: string[], extra: Partial<ExportResult> = {}): ExportResult {
  return {
    format: 'compose',
    directory: '/exports/compose',
    files: ['compose.yaml'],
    profiles,
    notes: [],
    ...extra,
  };
}

/** The Control UI of a gateway on `port`, opened with the token in the fragment. */
export function dashboardAccess(port: number, extra: Partial<DashboardAccess> = {}): DashboardAccess {
  const url = `http://127.0.0.1:${port}/`;
  return { url, token: 'secret', openUrl: `${url}#token=secret`, expiresAt: null, how: 'token', ...extra };
}

/** OpenClaw's doctor run for `status`'s profile, and the status after its retry. */
export function doctorReport(status: GatewayStatus, run: DoctorRun = doctorRun()): DoctorReport {
  return { profile: status.profile, run, status };
}

const LOCATED = '/p/.cache/openclaw/node_modules/openclaw/openclaw.mjs';
const OTHER = '/p/.cache/openclaw-versions/2026.4.27/node_modules/openclaw/openclaw.mjs';

/** Two installs, the located 2026.9.6 (alpha) and 2026.4.27 beside it (beta), both running: a skew. */
export function versionsReport(extra: Partial<VersionsReport> = {}): VersionsReport {
  return {
    installs: [
      { version: '2026.9.6', path: LOCATED, source: 'located', profiles: ['alpha'] },
      { version: '2026.4.27', path: OTHER, source: 'lobsterpot', profiles: ['beta'] },
    ],
    profiles: [
      {
        profile: 'alpha',
        state: 'ready',
        install: { version: '2026.9.6', path: LOCATED },
        running: '2026.9.6',
        pinned: null,
      },
      {
        profile: 'beta',
        state: 'ready',
        install: { version: '2026.4.27', path: OTHER },
        running: '2026.4.27',
        pinned: OTHER,
      },
    ],
    skew: {
      versions: [
        { version: '2026.4.27', profiles: ['beta'] },
        { version: '2026.9.6', profiles: ['alpha'] },
      ],
      message: 'Gateways run different OpenClaw versions: 2026.4.27 (beta), 2026.9.6 (alpha).',
    },
    installRoot: '/p/.cache/openclaw-versions',
    ...extra,
  };
}

/** One profile's restart in a rollout that came back ready after 5 s. */
export function rolloutStep(profile: string, extra: Partial<RolloutStep> = {}): RolloutStep {
  return { profile, to: OTHER, state: 'ready', ok: true, reason: null, tookMs: 5000, ...extra };
}

/** An update of `profiles` to 2026.4.27: the first the canary, the rest rolled, all ready. */
export function updateReport(profiles: string[], extra: Partial<UpdateReport> = {}): UpdateReport {
  const [canary, ...rest] = profiles;
  return {
    target: { version: '2026.4.27', path: OTHER },
    dryRun: false,
    plan: profiles.map((profile) => ({ profile, from: LOCATED })),
    canary: canary === undefined ? null : rolloutStep(canary),
    rolled: rest.map((profile) => rolloutStep(profile)),
    rolledBack: null,
    notTried: [],
    pinnedOnly: [],
    message: `${profiles.join(', ')} run OpenClaw 2026.4.27.`,
    ...extra,
  };
}

/** 2026.4.27 installed beside the located OpenClaw in a minute. */
export function installResult(extra: Partial<InstallResult> = {}): InstallResult {
  return { version: '2026.4.27', path: OTHER, already: false, tookMs: 60_000, ...extra };
}
