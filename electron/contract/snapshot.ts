// What a host shows: its profiles, the findings about their ports, OpenClaw's environment, other hosts, and the
// snapshot that holds them all. Each a zod schema with its type derived from it; types declared in their own feature
// (a finding, a footprint, an audit finding) are checked key for key against theirs.
import { z } from 'zod';
import { skewSchema } from './updates.ts';
import type { AuditFinding } from '../fleet/common/audit.ts';
import type { Finding } from '../ports/common/findings.ts';
import type { Footprint, PortProfile, PortRange, PortSpan } from '../ports/common/ports.ts';
import { at, list, schemaOf, text, time, word } from './bounded.ts';
import { profileFlagsSchema } from './fields.ts';
import { settingsSchema } from './settings.ts';
import { gatewayStatusSchema, listenerSchema } from './status.ts';

export const findingSchema = schemaOf<Finding>()(
  z.object({
    kind: word<Finding['kind']>(),
    severity: z.enum(['error', 'warning']),
    profiles: list(z.string()),
    ports: list(z.number()),
    message: text,
    fix: text,
  }),
);

export const auditFindingSchema = schemaOf<AuditFinding>()(
  z.object({
    kind: word<AuditFinding['kind']>(),
    severity: z.enum(['error', 'warning']),
    profiles: list(z.string()),
    message: text,
    fix: text,
  }),
);

export const portRangeSchema = schemaOf<PortRange>()(z.object({ from: z.number().int(), to: z.number().int() }));

export const portSpanSchema = schemaOf<PortSpan>()(
  z.object({
    from: z.number().int(),
    to: z.number().int(),
    use: word<PortSpan['use']>(),
    label: text,
    field: z.string().optional(),
  }),
);

const footprintSchema = schemaOf<Footprint>()(
  z.object({
    profile: z.string(),
    base: z.number(),
    source: word<Footprint['source']>(),
    block: portRangeSchema,
    spans: list(portSpanSchema),
  }),
);

/** Where an instance set up by environment was found. */
export const instanceSources = ['config-folder', 'lock', 'process', 'service', 'added'] as const;
export type InstanceSource = (typeof instanceSources)[number];

/** What pairs an instance's config with its state dir. */
export const stateDirSources = ['added', 'lock', 'process', 'service', 'agentDir', 'workspace', 'folder-name'] as const;
export type StateDirSource = (typeof stateDirSources)[number];

/**
 * An instance set up by environment (the seeds' manual example): its `configPath` and `stateDir` are exactly what it
 * is started with (`OPENCLAW_CONFIG_PATH`, `OPENCLAW_STATE_DIR`, no `--profile`).
 */
export const instanceInfoSchema = z.object({
  /** Where Lobsterpot found it, each source once. */
  foundBy: list(z.enum(instanceSources)),
  /** What says that `stateDir` goes with `configPath`. */
  stateDirFrom: z.enum(stateDirSources),
  /** The command line that runs it by hand, the seeds' way. */
  command: text,
  /** Why there is no OS service hand-over for it (OpenClaw skips service management for custom state dirs). */
  service: text,
});
export type InstanceInfo = z.output<typeof instanceInfoSchema>;

export const profileViewSchema = z.object({
  // The port model's input (PortProfile), then what the core adds.
  name: z.string(),
  /** Absent: a profile folder. */
  layout: z.enum(['profile', 'env']).optional(),
  /** `gateway.port` as written; NaN when the config holds something that is not a number (JSON carries it as null). */
  port: z.number().nullable(),
  stateDir: text,
  configPath: text,
  workspace: text.nullable(),
  mcpSandboxPort: z.number().nullable().optional(),
  cdpPorts: list(z.object({ browserProfile: z.string(), port: z.number() }))
    .readonly()
    .optional(),
  cdpUrls: list(z.object({ browserProfile: z.string(), url: text }))
    .readonly()
    .optional(),
  pinnedCdpUrl: text.nullable().optional(),
  canvasPort: z.number().nullable().optional(),
  /** The relay ports of the OpenClaw that will run it (ports/common/ports.ts, `relayLayoutOf`). */
  relays: z.enum(['band', 'base+3', 'none']).optional(),
  /** The port the gateway really uses, and where it comes from. */
  effectivePort: z.number(),
  portSource: word<Footprint['source']>(),
  /** The folder has a config; one without is "not set up": shown, never started, never an error of a whole command. */
  configured: z.boolean(),
  /** The config could not be read or lacks `gateway.mode`: the profile is shown, but cannot start. */
  configError: text.nullable(),
  footprint: footprintSchema,
  flags: profileFlagsSchema,
  browserProfiles: list(z.object({ name: z.string(), cdpPort: z.number().nullable(), cdpUrl: text.nullable() })),
  /** Set for an instance set up by environment (`layout: 'env'`): how it was found and how it runs. */
  instance: instanceInfoSchema.nullable().optional(),
});
export type ProfileView = z.output<typeof profileViewSchema>;
type Assert<T extends true> = T;
/** A profile view is the port model's input with what the core adds: the analysis takes it as it is. */
export type ProfileViewIsPortProfile = Assert<ProfileView extends PortProfile ? true : false>;

/** Whether the runtime speaks OpenClaw's restart hand-off (`gateway restart-handoff capabilities`), probed on it. */
export const handoffSupportSchema = z.object({
  supported: z.boolean(),
  protocolVersion: z.number().nullable(),
  checkedAt: time,
  /** Why not, when not supported. */
  why: text.nullable(),
});
export type HandoffSupport = z.output<typeof handoffSupportSchema>;

export const environmentSchema = z.object({
  openclaw: z.object({ path: text, version: z.string().nullable() }).nullable(),
  /** Absent or null until probed (it takes seconds on a cold start). */
  handoff: handoffSupportSchema.nullable().optional(),
  node: z.object({ path: text, version: z.string() }).nullable(),
  /** Set when Lobsterpot cannot run gateways, with what to do about it. */
  problem: text.nullable(),
  fix: text.nullable(),
});
export type OpenClawEnvironment = z.output<typeof environmentSchema>;

// Other hosts: each reached through `ssh -N -L` to the Lobsterpot supervisor there (docs/SCALE.md).
export const hostStates = ['connecting', 'starting-serve', 'connected', 'lost'] as const;
export type HostState = (typeof hostStates)[number];

export const hostConfigSchema = z.object({
  /** The name Lobsterpot shows and `--host NAME` takes (the profile-name rule). */
  name: z.string(),
  /** What `ssh` is given: `user@host`, `host`, `ssh://user@host:port` or an alias from the ssh config. */
  destination: z.string(),
  /** An ssh config file to use instead of `~/.ssh/config` (`ssh -F`); null = ssh's own. */
  sshConfig: z.string().nullable(),
  /** How to run Lobsterpot there, as the remote shell reads it. */
  command: text,
});
export type HostConfig = z.output<typeof hostConfigSchema>;

export const hostViewSchema = hostConfigSchema.extend({
  state: z.enum(hostStates),
  /** When the host entered this state (ms since the epoch). */
  since: time,
  /** What happens or went wrong, in words: "ssh: connect to host … refused", "starting lobsterpot serve there". */
  message: text.nullable(),
  /** While lost: when the next reconnect is tried. */
  retryAt: at,
  /** The supervisor there, while connected; `startedByUs` when Lobsterpot started its `serve`. */
  supervisor: z.object({ pid: z.number().int(), kind: z.enum(['serve', 'app']), startedByUs: z.boolean() }).nullable(),
  /**
   * The host's profiles and gateways as last seen. `live` is false while the connection is lost: the states are then
   * only what was last known, and a window shows them as unknown, never as running.
   */
  remote: z
    .object({
      profiles: list(profileViewSchema),
      gateways: list(gatewayStatusSchema),
      findings: list(findingSchema, 100_000),
      ephemeralRange: portRangeSchema.nullable(),
      seenAt: time,
      live: z.boolean(),
    })
    .nullable(),
});
export type HostView = z.output<typeof hostViewSchema>;

/** The version of a snapshot's layout: a host reading an older one upgrades it by version (hosts/node/reports.ts). */
export const SNAPSHOT_VERSION = 1;

export const snapshotSchema = z.object({
  /** Absent before snapshots were versioned (version 0). */
  version: z.number().int().optional(),
  profiles: list(profileViewSchema),
  gateways: list(gatewayStatusSchema),
  findings: list(findingSchema, 100_000),
  listeners: list(listenerSchema, 100_000),
  settings: settingsSchema,
  environment: environmentSchema,
  /** The OS's ephemeral ports (outgoing connections take them at any moment): suggestions stay out of them. */
  ephemeralRange: portRangeSchema.nullable().optional(),
  /** The last isolation audit's findings (see `audit.run`). */
  audit: list(auditFindingSchema, 100_000).optional(),
  /** Other hosts, reached over SSH (see `hosts.add`); absent or empty when there are none. */
  hosts: list(hostViewSchema).optional(),
  /** Running gateways on different OpenClaw versions (see `openclaw.versions`); absent or null when none. */
  skew: skewSchema.nullable().optional(),
  /** The desktop app's own log file (set by the app's shell; `serve` logs to its terminal). */
  appLog: text.optional(),
});
export type Snapshot = z.output<typeof snapshotSchema>;

export const createSteps = ['choosing-port', 'onboarding', 'reading-config', 'done', 'cancelled'] as const;
export type CreateStep = (typeof createSteps)[number];
