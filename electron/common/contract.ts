// The contract between the core and its shells: commands (zod schemas for the arguments, a result type) and events.
// Every command's arguments are parsed here, whichever transport carried them (IPC, WebSocket, the CLI).
import { z } from 'zod';
import type { Finding, Listener } from './conflicts.ts';
import { baseProblem } from './conflicts.ts';
import { nameSyntaxError } from './names.ts';
import { MAX_PORT, MIN_PORT, type Footprint, type PortProfile, type PortSource } from './ports.ts';

const portCheck = (problem: (port: number) => string | null) =>
  z.unknown().transform((value, ctx) => {
    if (typeof value !== 'number') {
      ctx.addIssue({ code: 'custom', message: `must be a number (got ${describe(value)})` });
      return z.NEVER;
    }
    const why = problem(value);
    if (why) {
      ctx.addIssue({ code: 'custom', message: `${why} (got ${value})` });
      return z.NEVER;
    }
    return value;
  });

/** A base port: whole, ≥ 1024, and base+110 ≤ 65535. */
export const basePortSchema = portCheck(baseProblem);
/** Any single TCP port a profile names explicitly (CDP ports). */
export const portSchema = portCheck((port) =>
  !Number.isInteger(port)
    ? 'must be a whole number'
    : port < MIN_PORT || port > MAX_PORT
      ? `must be between ${MIN_PORT} and ${MAX_PORT}`
      : null,
);

export const profileNameSchema = z.unknown().transform((value, ctx) => {
  if (typeof value !== 'string') {
    ctx.addIssue({ code: 'custom', message: `must be a text (got ${describe(value)})` });
    return z.NEVER;
  }
  const why = nameSyntaxError(value);
  if (why) {
    ctx.addIssue({ code: 'custom', message: why });
    return z.NEVER;
  }
  return value;
});

const browserProfileName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, "may hold only letters, digits, '-' and '_'");
const cdpUrlSchema = z
  .string()
  .trim()
  .regex(/^(https?|wss?):\/\/[^\s/]+/i, 'must be an http(s):// or ws(s):// URL');
const pathSchema = z.string().trim().min(1, 'must not be empty');

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (value === null) return 'null';
  return typeof value;
}

// Field rules without defaults, so a partial update never resets the fields it leaves out.
const flagFields = {
  autostart: z.boolean(),
  restartOnCrash: z.boolean(),
  color: z
    .string()
    .regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #ff8800')
    .nullable(),
  notes: z.string().max(2000, 'must be at most 2000 characters'),
};
export const profileFlagsSchema = z.object({
  autostart: flagFields.autostart.default(false),
  restartOnCrash: flagFields.restartOnCrash.default(true),
  color: flagFields.color.default(null),
  notes: flagFields.notes.default(''),
});
export type ProfileFlags = z.infer<typeof profileFlagsSchema>;
export const profileFlagsPatchSchema = z.object(flagFields).partial().strict();

export const quitPolicies = ['stop-started', 'leave-running'] as const;
export type QuitPolicy = (typeof quitPolicies)[number];

const settingFields = {
  /** `openclaw.mjs` or the `openclaw` launcher; null = look for it. */
  openclawPath: z.string().trim().min(1, 'must not be empty').nullable(),
  /** A Node ≥ 24.16 to run it with; null = look for one. */
  nodePath: z.string().trim().min(1, 'must not be empty').nullable(),
  stopGraceMs: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be ≥ 0')
    .max(600_000, 'must be at most 600000 (10 minutes)'),
  quitPolicy: z.enum(quitPolicies),
  launchAtLogin: z.boolean(),
  /** Where the search for a free base port starts. */
  basePortStart: z
    .number()
    .int('must be a whole number')
    .min(MIN_PORT, `must be at least ${MIN_PORT}`)
    .max(65425, 'must be at most 65425'),
};
export const settingsSchema = z.object({
  openclawPath: settingFields.openclawPath.default(null),
  nodePath: settingFields.nodePath.default(null),
  stopGraceMs: settingFields.stopGraceMs.default(30_000),
  quitPolicy: settingFields.quitPolicy.default('stop-started'),
  launchAtLogin: settingFields.launchAtLogin.default(false),
  basePortStart: settingFields.basePortStart.default(20_000),
  profiles: z.record(z.string(), profileFlagsSchema).default({}),
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = z.object(settingFields).partial().strict();
export const defaultSettings = (): Settings => settingsSchema.parse({});

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

/** States with a gateway process there (or about to be): what Stop and Restart act on. */
export const RUNNING_STATES: readonly GatewayState[] = [
  'starting',
  'ready',
  'degraded',
  'restarting',
  'external',
  'unresponsive',
];
export const isRunningState = (state: GatewayState) => RUNNING_STATES.includes(state);

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
}

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
}

export interface OpenClawEnvironment {
  openclaw: { path: string; version: string | null } | null;
  node: { path: string; version: string } | null;
  /** Set when Lobsterpot cannot run gateways, with what to do about it. */
  problem: string | null;
  fix: string | null;
}

export interface Snapshot {
  profiles: ProfileView[];
  gateways: GatewayStatus[];
  findings: Finding[];
  listeners: Listener[];
  settings: Settings;
  environment: OpenClawEnvironment;
}

export type BrowserStatus = Record<string, unknown> & { running?: boolean; cdpPort?: number | null };

export const profilePresets = ['blank', 'rescue'] as const;

const nameArg = z.object({ name: profileNameSchema });

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
  }),
  'profiles.clone': z.object({ from: profileNameSchema, name: profileNameSchema, port: basePortSchema.optional() }),
  'profiles.delete': z.object({ name: profileNameSchema, disposal: z.enum(['trash', 'backup']).default('backup') }),
  'profiles.setFlags': z.object({ name: profileNameSchema, flags: profileFlagsPatchSchema }),
  'ports.suggest': z.object({ near: z.number().int().optional(), exclude: profileNameSchema.optional() }),
  'gateway.start': nameArg,
  'gateway.stop': z.object({ name: profileNameSchema, force: z.boolean().default(false) }),
  'gateway.restart': nameArg,
  'gateway.startAll': z.object({}),
  'gateway.stopAll': z.object({ force: z.boolean().default(false) }),
  'gateway.browserStatus': z.object({ name: profileNameSchema, via: z.enum(['ws', 'cli']).default('ws') }),
  'logs.tail': z.object({ name: profileNameSchema, lines: z.number().int().min(1).max(5000).default(200) }),
  'settings.update': settingsPatchSchema,
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
  'ports.suggest': { port: number | null };
  'gateway.start': GatewayStatus;
  'gateway.stop': StopOutcome;
  'gateway.restart': GatewayStatus;
  'gateway.startAll': GatewayStatus[];
  'gateway.stopAll': StopOutcome[];
  'gateway.browserStatus': BrowserStatus;
  'logs.tail': { lines: string[]; file: string };
  'settings.update': Settings;
}

export type LobsterpotEvent =
  | { type: 'profile-changed'; profile: ProfileView }
  | { type: 'profile-removed'; name: string }
  | { type: 'gateway-state'; status: GatewayStatus }
  | { type: 'log-lines'; name: string; lines: string[] }
  | { type: 'conflicts'; findings: Finding[]; listeners: Listener[] }
  | { type: 'settings-changed'; settings: Settings }
  | { type: 'environment'; environment: OpenClawEnvironment }
  | { type: 'warning'; message: string };

/** Errors that cross the contract: `code` tells a refusal (bad input, conflict) from a failure. */
export type ErrorCode = 'invalid-argument' | 'refused' | 'not-found' | 'failed';

/** What a transport carries back for a command: its result, or an error with its code. */
export type CommandReply = { ok: true; result: unknown } | { ok: false; error: { code: ErrorCode; message: string } };

export class LobsterpotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'LobsterpotError';
    this.code = code;
  }
}

/** Parses a command's arguments, or throws an `invalid-argument` error naming each field and its rule. */
export function parseArgs<C extends CommandName>(command: C, args: unknown): ParsedArgs<C> {
  const schema = commandSchemas[command] as unknown as z.ZodType<ParsedArgs<C>>;
  if (!schema) throw new LobsterpotError('invalid-argument', `unknown command ${String(command)}`);
  const result = schema.safeParse(args ?? {});
  if (result.success) return result.data;
  throw new LobsterpotError('invalid-argument', formatIssues(result.error.issues));
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const field = issue.path.length ? issue.path.map(String).join('.') : 'arguments';
      if (issue.code === 'unrecognized_keys') return `${field}: unknown field ${issue.keys.join(', ')}`;
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandSchemas, name);
}
