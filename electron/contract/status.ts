// The schemas of what the core reports: a gateway's status, a profile, a snapshot of the host, another host. What
// crosses a boundary (another host's snapshot and events, the control socket's replies) is parsed with these before it
// is believed. Each is checked against its type at compile time, key for key (`schemaOf`), so the two cannot drift.
import { z } from 'zod';
import type { AuditFinding } from '../fleet/common/audit.ts';
import type { HistoryCause, HistoryEntry, Outage, Uptime } from '../gateways/common/history.ts';
import type { Finding, Listener } from '../ports/common/conflicts.ts';
import type { Footprint, PortRange, PortSpan } from '../ports/common/ports.ts';
import {
  createSteps,
  gatewayStates,
  hostStates,
  profileFlagsSchema,
  settingsSchema,
  startPhases,
  type DoctorRun,
  type ExitRecord,
  type GatewayStatus,
  type HostView,
  type InstanceInfo,
  type LobsterpotEvent,
  type OpenClawEnvironment,
  type ProfileView,
  type Snapshot,
  type StartPhase,
  type SupervisorInfo,
  type WatchdogStatus,
} from './contract.ts';

type Missing<T, S extends z.ZodType> = Exclude<keyof T, keyof z.output<S>> | Exclude<keyof z.output<S>, keyof T>;

/** `schema`, checked to give a `T` with exactly T's keys (a field left out would be stripped at the boundary). */
export const schemaOf =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S & ([Missing<T, S>] extends [never] ? unknown : { keysDiffer: Missing<T, S> })) =>
    schema;

/** A bounded text whose values a newer host may add to (a finding's kind): shown as it is, never guessed. */
const word = <T extends string>() =>
  z.custom<T>((value) => typeof value === 'string' && value.length <= 200, 'must be a short text');
const text = z.string().max(100_000);
const count = z.number().int().min(0);
const time = z.number();
const at = time.nullable();
/** Lists another host sends are bounded: a host cannot grow this process without end. */
export const MAX_ITEMS = 2000;
const list = <S extends z.ZodType>(item: S, max = MAX_ITEMS) => z.array(item).max(max);

export const listenerSchema = schemaOf<Listener>()(
  z.object({
    port: z.number().int(),
    pid: z.number().int().nullable(),
    command: text.nullable(),
    profile: z.string().nullable().optional(),
  }),
);

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

const portRangeSchema = schemaOf<PortRange>()(z.object({ from: z.number().int(), to: z.number().int() }));

const portSpanSchema = schemaOf<PortSpan>()(
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

const exitRecordSchema = schemaOf<ExitRecord>()(
  z.object({ code: z.number().int().nullable(), signal: z.string().nullable(), meaning: text, at: time }),
);

const startPhaseSchema = schemaOf<StartPhase>()(
  z.object({ name: z.enum(startPhases), since: time, detail: text.nullable() }),
);

const supervisorInfoSchema = schemaOf<SupervisorInfo>()(
  z.object({ name: text, pid: z.number().int().nullable(), evidence: list(text) }),
);

const watchdogSchema = schemaOf<WatchdogStatus>()(
  z.object({ since: time, alerts: count, nextAt: at, acknowledged: z.boolean() }),
);

const gatewayState = z.enum(gatewayStates);

export const doctorRunSchema = schemaOf<DoctorRun>()(
  z.object({ at: time, code: z.number().int().nullable(), report: list(text), retry: gatewayState.nullable() }),
);

export const gatewayStatusSchema = schemaOf<GatewayStatus>()(
  z.object({
    profile: z.string(),
    state: gatewayState,
    reason: text.nullable(),
    pid: z.number().int().nullable(),
    owner: z.enum(['lobsterpot', 'service', 'external']).nullable(),
    startedAt: at,
    readyAt: at,
    restarts: count,
    lastExit: exitRecordSchema.nullable(),
    port: z.number().int(),
    listeners: list(listenerSchema),
    health: z.object({
      live: z.boolean().nullable(),
      ready: z.boolean().nullable(),
      failing: list(text),
      checkedAt: at,
    }),
    rpc: z.object({
      version: z.string().nullable(),
      configPath: z.string().nullable(),
      checkedAt: at,
      error: text.nullable(),
    }),
    service: z.object({ installed: z.boolean(), active: z.boolean(), label: z.string().nullable() }),
    nextRestartAt: at,
    phase: startPhaseSchema.nullable(),
    pendingRestart: text.nullable(),
    supervisor: supervisorInfoSchema.nullable().optional(),
    versions: z
      .object({ running: z.string().nullable(), installed: z.string().nullable(), restartToUpdate: z.boolean() })
      .optional(),
    watchdog: watchdogSchema.nullable().optional(),
    doctor: z.object({ offered: z.boolean(), last: doctorRunSchema.nullable() }).optional(),
  }),
);

const instanceSchema = z.custom<InstanceInfo>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be an object',
);

export const profileViewSchema = schemaOf<ProfileView>()(
  z.object({
    name: z.string(),
    layout: z.enum(['profile', 'env']).optional(),
    // NaN when the config holds something that is not a number: JSON carries it as null.
    port: z.number().nullable(),
    stateDir: text,
    configPath: text,
    workspace: text.nullable(),
    mcpSandboxPort: z.number().nullable().optional(),
    cdpPorts: list(z.object({ browserProfile: z.string(), port: z.number() })).optional(),
    cdpUrls: list(z.object({ browserProfile: z.string(), url: text })).optional(),
    pinnedCdpUrl: text.nullable().optional(),
    canvasPort: z.number().nullable().optional(),
    relays: z.enum(['band', 'base+3', 'none']).optional(),
    effectivePort: z.number(),
    portSource: word<ProfileView['portSource']>(),
    configured: z.boolean(),
    configError: text.nullable(),
    footprint: footprintSchema,
    flags: profileFlagsSchema,
    browserProfiles: list(z.object({ name: z.string(), cdpPort: z.number().nullable(), cdpUrl: text.nullable() })),
    instance: instanceSchema.nullable().optional(),
  }),
);

export const environmentSchema = schemaOf<OpenClawEnvironment>()(
  z.object({
    openclaw: z.object({ path: text, version: z.string().nullable() }).nullable(),
    handoff: z
      .object({ supported: z.boolean(), protocolVersion: z.number().nullable(), checkedAt: time, why: text.nullable() })
      .nullable()
      .optional(),
    node: z.object({ path: text, version: z.string() }).nullable(),
    problem: text.nullable(),
    fix: text.nullable(),
  }),
);

export const hostViewSchema = schemaOf<HostView>()(
  z.object({
    name: z.string(),
    destination: z.string(),
    sshConfig: z.string().nullable(),
    command: text,
    state: z.enum(hostStates),
    since: time,
    message: text.nullable(),
    retryAt: at,
    supervisor: z
      .object({ pid: z.number().int(), kind: z.enum(['serve', 'app']), startedByUs: z.boolean() })
      .nullable(),
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
  }),
);

export const snapshotSchema = schemaOf<Snapshot>()(
  z.object({
    version: z.number().int().optional(),
    profiles: list(profileViewSchema),
    gateways: list(gatewayStatusSchema),
    findings: list(findingSchema, 100_000),
    listeners: list(listenerSchema, 100_000),
    settings: settingsSchema,
    environment: environmentSchema,
    ephemeralRange: portRangeSchema.nullable().optional(),
    audit: list(auditFindingSchema, 100_000).optional(),
    hosts: list(hostViewSchema).optional(),
    appLog: text.optional(),
  }),
);

const causeSchema = schemaOf<HistoryCause>()(
  z.object({
    kind: word<HistoryCause['kind']>(),
    by: z.string().nullable(),
    exit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable() }).nullable().optional(),
    lines: list(text).optional(),
  }),
);

export const historyEntrySchema = schemaOf<HistoryEntry>()(
  z.object({ at: time, state: gatewayState, reason: text.nullable(), cause: causeSchema.nullable().optional() }),
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
    states: list(gatewayState),
    cause: causeSchema.nullable(),
    reason: text.nullable(),
  }),
);

/** Every event the core sends, one discriminated union: a transport checks an event with this before it is used. */
export const eventSchema: z.ZodType<LobsterpotEvent> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('profile-changed'), profile: profileViewSchema }),
  z.object({ type: z.literal('profile-removed'), name: z.string() }),
  z.object({ type: z.literal('gateway-state'), status: gatewayStatusSchema }),
  z.object({ type: z.literal('log-lines'), name: z.string(), lines: list(text, 100_000) }),
  z.object({
    type: z.literal('conflicts'),
    findings: list(findingSchema, 100_000),
    listeners: list(listenerSchema, 100_000),
  }),
  z.object({ type: z.literal('settings-changed'), settings: settingsSchema }),
  z.object({ type: z.literal('environment'), environment: environmentSchema }),
  z.object({ type: z.literal('warning'), message: text }),
  z.object({ type: z.literal('create-progress'), name: z.string(), step: z.enum(createSteps), at: time }),
  z.object({ type: z.literal('host-changed'), host: hostViewSchema }),
  z.object({ type: z.literal('host-removed'), name: z.string() }),
]);
