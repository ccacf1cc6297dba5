// Each command's result as a zod schema, beside its arguments (commands in contract.ts): a reply that crosses a
// boundary (the control socket, another host's tunnel) is parsed with its command's schema before it is used. A new
// command needs its entry here too: the mapped type below refuses a table without it.
import { z } from 'zod';
import {
  LobsterpotError,
  checkWith,
  profileFlagsSchema,
  settingsSchema,
  type AuditReport,
  type BackupResult,
  type CommandName,
  type CommandResults,
  type ConvertReport,
  type DashboardAccess,
  type DoctorReport,
  type ExportResult,
  type GatewayResources,
  type HistoryReport,
  type RestartAllReport,
  type StopOutcome,
} from './contract.ts';
import {
  MAX_ITEMS,
  auditFindingSchema,
  doctorRunSchema,
  gatewayStatusSchema,
  historyEntrySchema,
  hostViewSchema,
  outageSchema,
  profileViewSchema,
  schemaOf,
  snapshotSchema,
  uptimeSchema,
} from './status.ts';

const text = z.string().max(100_000);
const list = <S extends z.ZodType>(item: S, max = MAX_ITEMS) => z.array(item).max(max);
const gatewayState = gatewayStatusSchema.shape.state;

const stopOutcomeSchema = schemaOf<StopOutcome>()(
  z.object({ profile: z.string(), state: gatewayState, activeWork: text.nullable() }),
);

const backupResultSchema = schemaOf<BackupResult>()(
  z.object({ profile: z.string(), archive: text, method: z.enum(['openclaw', 'tar']), bytes: z.number() }),
);

const restartAllSchema = schemaOf<RestartAllReport>()(
  z.object({
    rolling: z.boolean(),
    restarted: list(z.object({ profile: z.string(), state: gatewayState })),
    failed: list(z.object({ profile: z.string(), state: gatewayState.nullable(), reason: text })),
    notTried: list(z.string()),
  }),
);

const auditReportSchema = schemaOf<AuditReport>()(
  z.object({ findings: list(auditFindingSchema, 100_000), checkedAt: z.number(), hasErrors: z.boolean() }),
);

const historyReportSchema = schemaOf<HistoryReport>()(
  z.object({
    profile: z.string(),
    entries: list(historyEntrySchema, 100_000),
    uptime24h: uptimeSchema,
    uptime7d: uptimeSchema,
    outages: list(outageSchema, 100_000),
  }),
);

const doctorReportSchema = schemaOf<DoctorReport>()(
  z.object({ profile: z.string(), run: doctorRunSchema, status: gatewayStatusSchema }),
);

const dashboardSchema = schemaOf<DashboardAccess>()(
  z.object({
    url: text,
    token: z.string().nullable(),
    openUrl: text,
    // An older host answers with the token URL alone.
    expiresAt: z.number().nullable().default(null),
    how: z.enum(['handoff', 'token']).default('token'),
  }),
);

const resourcesSchema = schemaOf<GatewayResources>()(
  z.object({
    profile: z.string(),
    pid: z.number().int(),
    cpuPercent: z.number().nullable(),
    rssBytes: z.number(),
    processes: z.number().int(),
    sampledAt: z.number(),
  }),
);

const exportResultSchema = schemaOf<ExportResult>()(
  z.object({
    format: z.enum(['compose', 'kubernetes']),
    directory: text,
    files: list(text, 100_000),
    profiles: list(z.string()),
    notes: list(text),
  }),
);

const convertReportSchema = schemaOf<ConvertReport>()(
  z.object({
    from: z.string(),
    to: z.string(),
    dryRun: z.boolean(),
    moves: list(z.object({ what: text, from: text, to: text })),
    backup: backupResultSchema.nullable(),
    wasRunning: z.boolean(),
    profile: profileViewSchema.nullable(),
    started: gatewayStatusSchema.nullable(),
  }),
);

/** OpenClaw's own `browser status` object, as the gateway answers it: an object, its fields OpenClaw's. */
const browserStatusSchema = z.looseObject({
  running: z.boolean().optional(),
  cdpPort: z.number().nullable().optional(),
});

const mcpAccessSchema = z.object({
  profile: z.string(),
  wired: z.boolean(),
  command: text.nullable(),
  actions: z.boolean(),
});

export const resultSchemas: { [C in CommandName]: z.ZodType<CommandResults[C]> } = {
  'state.snapshot': snapshotSchema,
  'profiles.create': profileViewSchema,
  'profiles.update': z.object({ profile: profileViewSchema, restartNeeded: z.boolean() }),
  'profiles.clone': profileViewSchema,
  'profiles.delete': z.object({ movedTo: text }),
  'profiles.setFlags': profileFlagsSchema,
  'profiles.add': profileViewSchema,
  'profiles.forget': z.object({ forgotten: z.boolean() }),
  'profiles.convert': convertReportSchema,
  'ports.suggest': z.object({ port: z.number().int().nullable() }),
  'gateway.start': gatewayStatusSchema,
  'gateway.stop': stopOutcomeSchema,
  'gateway.restart': gatewayStatusSchema,
  'gateway.startAll': list(gatewayStatusSchema),
  'gateway.stopAll': list(stopOutcomeSchema),
  'gateway.browserStatus': browserStatusSchema,
  'gateway.browserControl': browserStatusSchema,
  'logs.tail': z.object({ lines: list(text, 100_000), file: text }),
  'settings.update': settingsSchema,
  'gateway.dashboard': dashboardSchema,
  'gateway.resources': resourcesSchema.nullable(),
  'profiles.cancelCreate': z.object({ cancelled: z.boolean() }),
  'audit.run': auditReportSchema,
  'history.get': historyReportSchema,
  'watchdog.acknowledge': z.object({ profile: z.string(), acknowledged: z.boolean() }),
  'gateway.doctor': doctorReportSchema,
  'gateway.restartAll': restartAllSchema,
  'gateway.handOverToLobsterpot': gatewayStatusSchema,
  'gateway.handOverToService': gatewayStatusSchema,
  'profiles.backup': backupResultSchema,
  'profiles.restore': profileViewSchema,
  'mcp.get': mcpAccessSchema,
  'mcp.set': mcpAccessSchema,
  'hosts.add': hostViewSchema,
  'hosts.remove': z.object({ removed: z.boolean() }),
  'hosts.reconnect': hostViewSchema,
  // The host's own command's result: checked against that command's schema by whoever reads it.
  'hosts.call': z.object({
    host: z.string(),
    command: z.custom<CommandName>((value) => typeof value === 'string'),
    result: z.unknown(),
  }),
  'fleet.export': exportResultSchema,
};

/**
 * A command's result as its schema declares it, or a `failed` error naming who answered and what is wrong: a reply
 * that crosses a boundary is parsed here before anything reads it.
 */
export function checkResult<C extends CommandName>(command: C, value: unknown, from: string): CommandResults[C] {
  const checked = checkWith(resultSchemas[command], value);
  if (checked.ok) return checked.value;
  throw new LobsterpotError('failed', `${from} answered ${command} with something else: ${checked.error}`);
}
