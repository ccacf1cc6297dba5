// The contract between the core and its shells: commands (zod schemas for the arguments, a result type) and events.
// Every command's arguments are parsed here, whichever transport carried them (IPC, WebSocket, the CLI).
import { z } from 'zod';
import type { AuditFinding } from '../fleet/common/audit.ts';
import type { Finding, Listener } from '../ports/common/conflicts.ts';
import type { HistoryEntry, Outage, Uptime } from '../gateways/common/history.ts';
import { LobsterpotError } from './errors.ts';
import { STATES, statesWhere } from './states.ts';
import {
  MAX_PORT,
  type Footprint,
  type PortProfile,
  type PortRange,
  type PortSource,
  type ProfileLayout,
} from '../ports/common/ports.ts';

export type { ProfileLayout };
export {
  basePortSchema,
  cdpUrlSchema,
  defaultSettings,
  pathSchema,
  portSchema,
  profileFlagsPatchSchema,
  profileFlagsSchema,
  profileNameSchema,
  quitPolicies,
  SETTINGS_VERSION,
  settingsFileSchema,
  settingsPatchSchema,
  settingsSchema,
  type ProfileFlags,
  type QuitPolicy,
  type Settings,
} from './fields.ts';
import {
  basePortSchema,
  browserProfileName,
  cdpUrlSchema,
  pathSchema,
  portSchema,
  profileFlagsPatchSchema,
  profileNameSchema,
  settingsPatchSchema,
  type ProfileFlags,
  type Settings,
} from './fields.ts';

export const gatewayStates = [
  'stopped',
  'starting',
  'ready',
  'degraded',
  'stopping',
  'restarting',
  'crash-looping',
  'port-blocked',
  'config-error',
  'external',
  'unresponsive',
] as const;
export type GatewayState = (typeof gatewayStates)[number];

/** States with a gateway process there (or about to be): what Stop and Restart act on (states.ts). */
export const RUNNING_STATES: readonly GatewayState[] = statesWhere('running');
export const isRunningState = (state: GatewayState) => STATES[state].running;
export { STATES, statesWhere, type StateTraits } from './states.ts';

export type GatewayOwner = 'lobsterpot' | 'service' | 'external';

export interface ExitRecord {
  code: number | null;
  signal: string | null;
  /** What the exit means: "clean stop", "port in use", "config error (78)", "killed (SIGKILL)", … */
  meaning: string;
  at: number;
}

export interface GatewayStatus {
  profile: string;
  state: GatewayState;
  /** Why the state is what it is, in words, when that is not obvious (blocked, failing, crash-looping…). */
  reason: string | null;
  pid: number | null;
  owner: GatewayOwner | null;
  /** Epoch ms of the current process's start (or of its adoption). */
  startedAt: number | null;
  readyAt: number | null;
  restarts: number;
  lastExit: ExitRecord | null;
  port: number;
  listeners: Listener[];
  health: { live: boolean | null; ready: boolean | null; failing: string[]; checkedAt: number | null };
  rpc: { version: string | null; configPath: string | null; checkedAt: number | null; error: string | null };
  service: { installed: boolean; active: boolean; label: string | null };
  /** The next automatic start, when one is scheduled. */
  nextRestartAt: number | null;
  /** Where a start is (spawned, listening, starting up, ready), from the gateway's own probes; null when not starting. */
  phase: StartPhase | null;
  /** A saved change the running gateway has not taken yet ("port 20100 (runs on 20000)"): restart to apply it. */
  pendingRestart: string | null;
  // Isolation, ownership, history, doctor, versions, backup.
  /** Who runs a gateway Lobsterpot did not start (its parent chain and supervisor markers), when known. */
  supervisor?: SupervisorInfo | null;
  /** The OpenClaw version it runs beside the one installed on disk; `restartToUpdate` when they differ. */
  versions?: { running: string | null; installed: string | null; restartToUpdate: boolean };
  /** Set while the watchdog finds it meant to run and not ready. */
  watchdog?: WatchdogStatus | null;
  /** OpenClaw's `doctor --fix`, offered once after an exit 78, and its last run. */
  doctor?: { offered: boolean; last: DoctorRun | null };
}

/** A supervisor found above a gateway's process: `systemd`, `launchd`, `pm2`, `supervisord`, `a shell`, … */
export interface SupervisorInfo {
  name: string;
  /** The pid of the supervisor, when the chain shows one. */
  pid: number | null;
  /** What it was told by: `parent 1 (systemd)`, `INVOCATION_ID set`, … */
  evidence: string[];
}

export interface WatchdogStatus {
  /** Since when it is meant to run and not ready. */
  since: number;
  /** Alerts raised so far; the next one at `nextAt` unless acknowledged. */
  alerts: number;
  nextAt: number | null;
  acknowledged: boolean;
}

export interface DoctorRun {
  at: number;
  /** `doctor --fix`'s exit code (null: it could not run or timed out). */
  code: number | null;
  /** What it reported, its last lines. */
  report: string[];
  /** The state after the one retry of the start. */
  retry: GatewayState | null;
}

export const startPhases = ['spawned', 'listening', 'starting-up', 'ready'] as const;
export type StartPhaseName = (typeof startPhases)[number];

export interface StartPhase {
  name: StartPhaseName;
  /** Epoch ms the phase began; the whole start began at `startedAt`. */
  since: number;
  /** What the gateway says it waits for (/startupz `pendingReason`, /readyz `failing`), when it says. */
  detail: string | null;
}

/** CPU and memory of a gateway's whole process group, sampled on demand (at most once a second). */
export interface GatewayResources {
  profile: string;
  pid: number;
  /** Percent of one core since the previous sample; null on the first one. */
  cpuPercent: number | null;
  rssBytes: number;
  processes: number;
  sampledAt: number;
}

/** What opens a gateway's Control UI: the URL, and the token it takes (a secret, sent only when asked for). */
export interface DashboardAccess {
  url: string;
  token: string | null;
  /**
   * The URL that opens the Control UI connected: OpenClaw's one-time owner pairing (`#bootstrapToken=…`, from its own
   * `dashboard --json`) where the version has it, else the token in the fragment (`#token=`).
   */
  openUrl: string;
  /** When a one-time link stops working; null for a token URL. */
  expiresAt: number | null;
  /** `handoff`: OpenClaw's one-time link; `token`: the shared token in the fragment. */
  how: 'handoff' | 'token';
}

export const createSteps = ['choosing-port', 'onboarding', 'reading-config', 'done', 'cancelled'] as const;
export type CreateStep = (typeof createSteps)[number];

export interface ProfileView extends PortProfile {
  /** The port the gateway really uses, and where it comes from. */
  effectivePort: number;
  portSource: PortSource;
  /** The folder has a config; one without is "not set up": shown, never started, never an error of a whole command. */
  configured: boolean;
  /** The config could not be read or lacks `gateway.mode`: the profile is shown, but cannot start. */
  configError: string | null;
  footprint: Footprint;
  flags: ProfileFlags;
  browserProfiles: { name: string; cdpPort: number | null; cdpUrl: string | null }[];
  /** Set for an instance set up by environment (`layout: 'env'`): how it was found and how it runs. */
  instance?: InstanceInfo | null;
}

/** Where an instance set up by environment was found. */
export const instanceSources = ['config-folder', 'lock', 'process', 'service', 'added'] as const;
export type InstanceSource = (typeof instanceSources)[number];

/** What pairs an instance's config with its state dir. */
export type StateDirSource = 'added' | 'lock' | 'process' | 'service' | 'agentDir' | 'workspace' | 'folder-name';

/**
 * An instance set up by environment (the seeds' manual example): its `configPath` and `stateDir` are exactly what it
 * is started with (`OPENCLAW_CONFIG_PATH`, `OPENCLAW_STATE_DIR`, no `--profile`).
 */
export interface InstanceInfo {
  /** Where Lobsterpot found it, each source once. */
  foundBy: InstanceSource[];
  /** What says that `stateDir` goes with `configPath`. */
  stateDirFrom: StateDirSource;
  /** The command line that runs it by hand, the seeds' way. */
  command: string;
  /** Why there is no OS service hand-over for it (OpenClaw skips service management for custom state dirs). */
  service: string;
}

/** One thing a conversion moves (or writes). */
export interface ConvertMove {
  what: string;
  from: string;
  to: string;
}

export interface ConvertReport {
  /** The instance as it was. */
  from: string;
  /** The profile it becomes (`~/.openclaw-<to>`). */
  to: string;
  dryRun: boolean;
  /** What moves where, in order; the config is written by OpenClaw's own writer. */
  moves: ConvertMove[];
  /** The backup taken first (null on a dry run). */
  backup: BackupResult | null;
  wasRunning: boolean;
  /** The profile after it (null on a dry run). */
  profile: ProfileView | null;
  /** Its state once started again (when it ran before). */
  started: GatewayStatus | null;
}

/** Whether the runtime speaks OpenClaw's restart hand-off (`gateway restart-handoff capabilities`), probed on it. */
export interface HandoffSupport {
  supported: boolean;
  protocolVersion: number | null;
  checkedAt: number;
  /** Why not, when not supported. */
  why: string | null;
}

export interface OpenClawEnvironment {
  openclaw: { path: string; version: string | null } | null;
  /** Absent or null until probed (it takes seconds on a cold start). */
  handoff?: HandoffSupport | null;
  node: { path: string; version: string } | null;
  /** Set when Lobsterpot cannot run gateways, with what to do about it. */
  problem: string | null;
  fix: string | null;
}

/** The version of a snapshot's layout: a host reading an older one upgrades it by version (hosts/node/reports.ts). */
export const SNAPSHOT_VERSION = 1;

export interface Snapshot {
  /** Absent before snapshots were versioned (version 0). */
  version?: number;
  profiles: ProfileView[];
  gateways: GatewayStatus[];
  findings: Finding[];
  listeners: Listener[];
  settings: Settings;
  environment: OpenClawEnvironment;
  /** The OS's ephemeral ports (outgoing connections take them at any moment): suggestions stay out of them. */
  ephemeralRange?: PortRange | null;
  // Isolation, ownership, history, doctor, versions, backup.
  /** The last isolation audit's findings (see `audit.run`). */
  audit?: AuditFinding[];
  /** Other hosts, reached over SSH (see `hosts.add`); absent or empty when there are none. */
  hosts?: HostView[];
  /** The desktop app's own log file (set by the app's shell; `serve` logs to its terminal). */
  appLog?: string;
}

// Other hosts: each reached through `ssh -N -L` to the Lobsterpot supervisor there (docs/SCALE.md).
export const hostStates = ['connecting', 'starting-serve', 'connected', 'lost'] as const;
export type HostState = (typeof hostStates)[number];

export interface HostConfig {
  /** The name Lobsterpot shows and `--host NAME` takes (the profile-name rule). */
  name: string;
  /** What `ssh` is given: `user@host`, `host`, `ssh://user@host:port` or an alias from the ssh config. */
  destination: string;
  /** An ssh config file to use instead of `~/.ssh/config` (`ssh -F`); null = ssh's own. */
  sshConfig: string | null;
  /** How to run Lobsterpot there, as the remote shell reads it. */
  command: string;
}

export interface HostView extends HostConfig {
  state: HostState;
  /** When the host entered this state (ms since the epoch). */
  since: number;
  /** What happens or went wrong, in words: "ssh: connect to host … refused", "starting lobsterpot serve there". */
  message: string | null;
  /** While lost: when the next reconnect is tried. */
  retryAt: number | null;
  /** The supervisor there, while connected; `startedByUs` when Lobsterpot started its `serve`. */
  supervisor: { pid: number; kind: 'serve' | 'app'; startedByUs: boolean } | null;
  /**
   * The host's profiles and gateways as last seen. `live` is false while the connection is lost: the states are then
   * only what was last known, and a window shows them as unknown, never as running.
   */
  remote: {
    profiles: ProfileView[];
    gateways: GatewayStatus[];
    findings: Finding[];
    ephemeralRange: PortRange | null;
    seenAt: number;
    live: boolean;
  } | null;
}

export const exportFormats = ['compose', 'kubernetes'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportResult {
  format: ExportFormat;
  /** The folder written (absolute). */
  directory: string;
  /** Every file written, relative to `directory`. */
  files: string[];
  profiles: string[];
  /** What the operator still has to do or know (a token to fill in, a port the container cannot keep, …). */
  notes: string[];
}

export type BrowserStatus = Record<string, unknown> & { running?: boolean; cdpPort?: number | null };

export const profilePresets = ['blank', 'rescue'] as const;

/** `lobsterpot mcp` for a profile's agents: wired into its `mcp.servers`, and allowed to act on the others. */
export interface McpAccess {
  profile: string;
  wired: boolean;
  /** The command line the entry runs, when wired. */
  command: string | null;
  /** The profile's `mcpActions` flag: start, stop and restart of the other profiles. */
  actions: boolean;
}

const nameArg = z.object({ name: profileNameSchema });

/** An ssh destination: no option (`-…`), no whitespace or control characters, at most 255 characters. */
export const sshDestinationSchema = z
  .string({ error: 'must be a text' })
  .min(1, 'is required')
  .max(255, 'must be at most 255 characters')
  .refine((text) => !text.startsWith('-'), 'must not start with "-" (ssh would read it as an option)')
  .refine((text) => !/[\s\p{Cc}]/u.test(text), 'must not hold spaces or control characters')
  .refine(
    (text) => /^[\w.@:%[\]/+-]+$/.test(text),
    'may hold only letters, digits and . _ - @ : % [ ] / + (a user@host, an ssh:// URL or an alias)',
  );

/** How to run Lobsterpot on a host: one line for the remote shell. */
export const remoteCommandSchema = z
  .string({ error: 'must be a text' })
  .min(1, 'is required')
  .max(1000, 'must be at most 1000 characters')
  .refine((text) => !/\p{Cc}/u.test(text), 'must be one line without control characters');

const hostNameArg = z.object({ name: profileNameSchema });

export const commandSchemas = {
  'state.snapshot': z.object({}),
  'profiles.create': z.object({
    name: profileNameSchema,
    port: basePortSchema.optional(),
    preset: z.enum(profilePresets).optional(),
  }),
  'profiles.update': z.object({
    name: profileNameSchema,
    port: basePortSchema.optional(),
    workspace: pathSchema.optional(),
    /** null removes the pin. */
    pinnedCdpUrl: cdpUrlSchema.nullable().optional(),
    /** Per browser profile: a CDP port or URL to set, null to remove it. */
    browserProfiles: z
      .record(
        browserProfileName,
        z.object({ cdpPort: portSchema.nullable().optional(), cdpUrl: cdpUrlSchema.nullable().optional() }),
      )
      .optional(),
    /** `browser.noSandbox`: Chrome refuses to run as root with its sandbox. */
    browserNoSandbox: z.boolean().optional(),
  }),
  'profiles.clone': z.object({ from: profileNameSchema, name: profileNameSchema, port: basePortSchema.optional() }),
  'profiles.delete': z.object({ name: profileNameSchema, disposal: z.enum(['trash', 'backup']).default('backup') }),
  'profiles.setFlags': z.object({ name: profileNameSchema, flags: profileFlagsPatchSchema }),
  /** An instance set up by environment, anywhere: its config file and the state dir it runs with. */
  'profiles.add': z.object({ config: pathSchema, stateDir: pathSchema, name: profileNameSchema.optional() }),
  /** Forgets an instance added by hand (its files stay). */
  'profiles.forget': nameArg,
  /** Moves an instance set up by environment into a profile folder `~/.openclaw-<to>` (default: its own name). */
  'profiles.convert': z.object({
    name: profileNameSchema,
    to: profileNameSchema.optional(),
    dryRun: z.boolean().default(false),
  }),
  'ports.suggest': z.object({
    near: z.number().int('must be a whole number').min(0).max(MAX_PORT).optional(),
    exclude: profileNameSchema.optional(),
  }),
  'gateway.start': nameArg,
  'gateway.stop': z.object({ name: profileNameSchema, force: z.boolean().default(false) }),
  'gateway.restart': nameArg,
  'gateway.startAll': z.object({}),
  'gateway.stopAll': z.object({ force: z.boolean().default(false) }),
  'gateway.browserStatus': z.object({ name: profileNameSchema, via: z.enum(['ws', 'cli']).default('ws') }),
  'gateway.browserControl': z.object({ name: profileNameSchema, action: z.enum(['start', 'stop']) }),
  'logs.tail': z.object({ name: profileNameSchema, lines: z.number().int().min(1).max(5000).default(200) }),
  'settings.update': settingsPatchSchema,
  'gateway.dashboard': nameArg,
  'gateway.resources': nameArg,
  'profiles.cancelCreate': nameArg,
  // Isolation, ownership, history, doctor, versions, backup.
  'audit.run': z.object({}),
  'history.get': z.object({ name: profileNameSchema, limit: z.number().int().min(1).max(1000).default(200) }),
  'watchdog.acknowledge': nameArg,
  'gateway.doctor': nameArg,
  'gateway.restartAll': z.object({ rolling: z.boolean().default(true) }),
  'gateway.handOverToLobsterpot': nameArg,
  'gateway.handOverToService': nameArg,
  'profiles.backup': z.object({ name: profileNameSchema, output: pathSchema.optional() }),
  'profiles.restore': z.object({ archive: pathSchema, name: profileNameSchema, port: basePortSchema.optional() }),
  'mcp.get': nameArg,
  /** Wires `lobsterpot mcp` into the profile's `mcp.servers` (or removes it), and sets whether it may act. */
  'mcp.set': z.object({ name: profileNameSchema, wired: z.boolean().optional(), actions: z.boolean().optional() }),
  // Other hosts and exports.
  'hosts.add': z.object({
    name: profileNameSchema,
    destination: sshDestinationSchema,
    sshConfig: pathSchema.nullable().default(null),
    command: remoteCommandSchema.default('lobsterpot'),
  }),
  'hosts.remove': hostNameArg,
  'hosts.reconnect': hostNameArg,
  /** A command for another host's supervisor, carried through its tunnel; the host checks the arguments. */
  'hosts.call': z.object({
    host: profileNameSchema,
    /** Checked against the commands by the core (the schema cannot name its own table). */
    command: z.string({ error: 'must be a text' }).min(1, 'is required').max(100, 'must be at most 100 characters'),
    args: z.record(z.string(), z.unknown()).default({}),
  }),
  'fleet.export': z.object({
    format: z.enum(exportFormats),
    /** Empty: every profile that is set up. */
    profiles: z.array(profileNameSchema).max(1000).default([]),
    /** The folder to write; default: `exports/<format>-<time>` in Lobsterpot's data dir. */
    output: pathSchema.optional(),
    /** Write into a folder that is not empty (files of the same name are replaced). */
    force: z.boolean().default(false),
  }),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
export type ParsedArgs<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;

export interface StopOutcome {
  profile: string;
  state: GatewayState;
  /** Set when `gateway.restart.preflight` reported active work at the time of the stop. */
  activeWork: string | null;
}

export interface CommandResults {
  'state.snapshot': Snapshot;
  'profiles.create': ProfileView;
  'profiles.update': { profile: ProfileView; restartNeeded: boolean };
  'profiles.clone': ProfileView;
  'profiles.delete': { movedTo: string };
  'profiles.setFlags': ProfileFlags;
  'profiles.add': ProfileView;
  'profiles.forget': { forgotten: boolean };
  'profiles.convert': ConvertReport;
  'ports.suggest': { port: number | null };
  'gateway.start': GatewayStatus;
  'gateway.stop': StopOutcome;
  'gateway.restart': GatewayStatus;
  'gateway.startAll': GatewayStatus[];
  'gateway.stopAll': StopOutcome[];
  'gateway.browserStatus': BrowserStatus;
  /** Starts or stops the profile's browser (OpenClaw's `browser start|stop`), then its status. */
  'gateway.browserControl': BrowserStatus;
  'logs.tail': { lines: string[]; file: string };
  'settings.update': Settings;
  'gateway.dashboard': DashboardAccess;
  /** null when the gateway runs no process Lobsterpot can see, or the OS does not tell. */
  'gateway.resources': GatewayResources | null;
  'profiles.cancelCreate': { cancelled: boolean };
  // Isolation, ownership, history, doctor, versions, backup.
  'audit.run': AuditReport;
  'history.get': HistoryReport;
  'watchdog.acknowledge': { profile: string; acknowledged: boolean };
  'gateway.doctor': DoctorReport;
  'gateway.restartAll': RestartAllReport;
  'gateway.handOverToLobsterpot': GatewayStatus;
  'gateway.handOverToService': GatewayStatus;
  'profiles.backup': BackupResult;
  'profiles.restore': ProfileView;
  'mcp.get': McpAccess;
  'mcp.set': McpAccess;
  'hosts.add': HostView;
  'hosts.remove': { removed: boolean };
  'hosts.reconnect': HostView;
  /** `result` is whatever the host's command returned. */
  'hosts.call': { host: string; command: CommandName; result: unknown };
  'fleet.export': ExportResult;
}

export type { AuditFinding, HistoryEntry, Outage, Uptime };

export interface AuditReport {
  findings: AuditFinding[];
  checkedAt: number;
  /** Whether an error-level finding exists (`lobsterpot audit` exits 3 then). */
  hasErrors: boolean;
}

export interface HistoryReport {
  profile: string;
  /** Oldest first, at most `limit`. */
  entries: HistoryEntry[];
  uptime24h: Uptime;
  uptime7d: Uptime;
  /** Within the last 7 days, oldest first. */
  outages: Outage[];
}

export interface DoctorReport {
  profile: string;
  run: DoctorRun;
  status: GatewayStatus;
}

export interface RestartAllReport {
  rolling: boolean;
  /** In the order they were restarted, each back to ready. */
  restarted: { profile: string; state: GatewayState }[];
  /** The first that did not come back (a rolling restart stops there). */
  failed: { profile: string; state: GatewayState | null; reason: string }[];
  /** Not restarted because an earlier one failed. */
  notTried: string[];
}

export interface BackupResult {
  profile: string;
  archive: string;
  /** `openclaw`: OpenClaw's own `backup create`; `tar`: Lobsterpot's archive of config and state without caches. */
  method: 'openclaw' | 'tar';
  bytes: number;
}

export type LobsterpotEvent =
  | { type: 'profile-changed'; profile: ProfileView }
  | { type: 'profile-removed'; name: string }
  | { type: 'gateway-state'; status: GatewayStatus }
  | { type: 'log-lines'; name: string; lines: string[] }
  | { type: 'conflicts'; findings: Finding[]; listeners: Listener[] }
  | { type: 'settings-changed'; settings: Settings }
  | { type: 'environment'; environment: OpenClawEnvironment }
  | { type: 'warning'; message: string }
  | { type: 'create-progress'; name: string; step: CreateStep; at: number }
  | { type: 'host-changed'; host: HostView }
  | { type: 'host-removed'; name: string };

export { LobsterpotError, type CommandReply, type ErrorCode } from './errors.ts';
export { parseAuthor, type AuthorFace, type CommandAuthor } from './author.ts';
export { checkWith, formatIssues, issueLines, parseWith, type IssuePart } from './issues.ts';
import { parseWith } from './issues.ts';

/** Parses a command's arguments, or throws an `invalid-argument` error naming each field and its rule. */
export function parseArgs<C extends CommandName>(command: C, args: unknown): ParsedArgs<C> {
  if (!isCommandName(command)) throw new LobsterpotError('invalid-argument', `unknown command ${String(command)}`);
  const schema = commandSchemas[command] as unknown as z.ZodType<ParsedArgs<C>>;
  return parseWith(schema, args ?? {});
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandSchemas, name);
}
