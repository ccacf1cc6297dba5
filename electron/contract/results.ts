// What commands answer, beyond a status, a profile or a snapshot: each a zod schema with its type derived from it. The
// commands table (commands.ts) pairs each command's arguments with one of these, or with a status or snapshot schema.
import { z } from 'zod';
import type { HistoryCause, HistoryEntry, Outage, Uptime } from '../gateways/common/history.ts';
import { at, list, schemaOf, text, time, word } from './bounded.ts';
import { auditFindingSchema, profileViewSchema } from './snapshot.ts';
import { doctorRunSchema, gatewayStateSchema, gatewayStatusSchema } from './status.ts';

export const stopOutcomeSchema = z.object({
  profile: z.string(),
  state: gatewayStateSchema,
  /** Set when `gateway.restart.preflight` reported active work at the time of the stop. */
  activeWork: text.nullable(),
});
export type StopOutcome = z.output<typeof stopOutcomeSchema>;

export const backupResultSchema = z.object({
  profile: z.string(),
  archive: text,
  /** `openclaw`: OpenClaw's own `backup create`; `tar`: Lobsterpot's archive of config and state without caches. */
  method: z.enum(['openclaw', 'tar']),
  bytes: z.number(),
});
export type BackupResult = z.output<typeof backupResultSchema>;

export const restartAllSchema = z.object({
  rolling: z.boolean(),
  /** In the order they were restarted, each back to ready. */
  restarted: list(z.object({ profile: z.string(), state: gatewayStateSchema })),
  /** The first that did not come back (a rolling restart stops there). */
  failed: list(z.object({ profile: z.string(), state: gatewayStateSchema.nullable(), reason: text })),
  /** Not restarted because an earlier one failed. */
  notTried: list(z.string()),
});
export type RestartAllReport = z.output<typeof restartAllSchema>;

export const auditReportSchema = z.object({
  findings: list(auditFindingSchema, 100_000),
  checkedAt: time,
  /** Whether an error-level finding exists (`lobsterpot audit` exits 3 then). */
  hasErrors: z.boolean(),
});
export type AuditReport = z.output<typeof auditReportSchema>;

const causeSchema = schemaOf<HistoryCause>()(
  z.object({
    kind: word<HistoryCause['kind']>(),
    by: z.string().nullable(),
    exit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable() }).nullable().optional(),
    lines: list(text).optional(),
  }),
);

export const historyEntrySchema = schemaOf<HistoryEntry>()(
  z.object({ at: time, state: gatewayStateSchema, reason: text.nullable(), cause: causeSchema.nullable().optional() }),
);

export const uptimeSchema = schemaOf<Uptime>()(
  z.object({
    upMs: time,
    // An older host counted starting and refused starts elsewhere: none of each here.
    startingMs: time.default(0),
    downMs: time,
    intendedMs: time,
    refusedMs: time.default(0),
    unknownMs: time,
    ratio: z.number().nullable(),
  }),
);

export const outageSchema = schemaOf<Outage>()(
  z.object({
    from: time,
    to: at,
    states: list(gatewayStateSchema),
    cause: causeSchema.nullable(),
    reason: text.nullable(),
  }),
);

export const historyReportSchema = z.object({
  profile: z.string(),
  /** Oldest first, at most `limit`. */
  entries: list(historyEntrySchema, 100_000),
  uptime24h: uptimeSchema,
  uptime7d: uptimeSchema,
  /** Within the last 7 days, oldest first. */
  outages: list(outageSchema, 100_000),
});
export type HistoryReport = z.output<typeof historyReportSchema>;

export const doctorReportSchema = z.object({ profile: z.string(), run: doctorRunSchema, status: gatewayStatusSchema });
export type DoctorReport = z.output<typeof doctorReportSchema>;

/** What opens a gateway's Control UI: the URL, and the token it takes (a secret, sent only when asked for). */
export const dashboardSchema = z.object({
  url: text,
  token: z.string().nullable(),
  /**
   * The URL that opens the Control UI connected: OpenClaw's one-time owner pairing (`#bootstrapToken=…`, from its own
   * `dashboard --json`) where the version has it, else the token in the fragment (`#token=`).
   */
  openUrl: text,
  /** When a one-time link stops working; null for a token URL. An older host answers with the token URL alone. */
  expiresAt: z.number().nullable().default(null),
  /** `handoff`: OpenClaw's one-time link; `token`: the shared token in the fragment. */
  how: z.enum(['handoff', 'token']).default('token'),
});
export type DashboardAccess = z.output<typeof dashboardSchema>;

/** CPU and memory of a gateway's whole process group, sampled on demand (at most once a second). */
export const resourcesSchema = z.object({
  profile: z.string(),
  pid: z.number().int(),
  /** Percent of one core since the previous sample; null on the first one. */
  cpuPercent: z.number().nullable(),
  rssBytes: z.number(),
  processes: z.number().int(),
  sampledAt: time,
});
export type GatewayResources = z.output<typeof resourcesSchema>;

export const exportFormats = ['compose', 'kubernetes'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportResultSchema = z.object({
  format: z.enum(exportFormats),
  /** The folder written (absolute). */
  directory: text,
  /** Every file written, relative to `directory`. */
  files: list(text, 100_000),
  profiles: list(z.string()),
  /** What the operator still has to do or know (a token to fill in, a port the container cannot keep, …). */
  notes: list(text),
});
export type ExportResult = z.output<typeof exportResultSchema>;

/** One thing a conversion moves (or writes). */
export const convertMoveSchema = z.object({ what: text, from: text, to: text });
export type ConvertMove = z.output<typeof convertMoveSchema>;

export const convertReportSchema = z.object({
  /** The instance as it was. */
  from: z.string(),
  /** The profile it becomes (`~/.openclaw-<to>`). */
  to: z.string(),
  dryRun: z.boolean(),
  /** What moves where, in order; the config is written by OpenClaw's own writer. */
  moves: list(convertMoveSchema),
  /** The backup taken first (null on a dry run). */
  backup: backupResultSchema.nullable(),
  wasRunning: z.boolean(),
  /** The profile after it (null on a dry run). */
  profile: profileViewSchema.nullable(),
  /** Its state once started again (when it ran before). */
  started: gatewayStatusSchema.nullable(),
});
export type ConvertReport = z.output<typeof convertReportSchema>;

/** OpenClaw's own `browser status` object, as the gateway answers it: an object, its fields OpenClaw's. */
export const browserStatusSchema = z.looseObject({
  running: z.boolean().optional(),
  cdpPort: z.number().nullable().optional(),
});
export type BrowserStatus = z.output<typeof browserStatusSchema>;

/** `lobsterpot mcp` for a profile's agents: wired into its `mcp.servers`, and allowed to act on the others. */
export const mcpAccessSchema = z.object({
  profile: z.string(),
  wired: z.boolean(),
  /** The command line the entry runs, when wired. */
  command: text.nullable(),
  /** The profile's `mcpActions` flag: start, stop and restart of the other profiles. */
  actions: z.boolean(),
});
export type McpAccess = z.output<typeof mcpAccessSchema>;
