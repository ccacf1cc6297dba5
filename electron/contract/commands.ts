// The commands of the contract, one entry each: its arguments and its result as zod schemas (GitHub Desktop's
// request/response map, checked at run time). Arguments are parsed here whichever transport carried them (IPC,
// WebSocket, the CLI); a result that crosses a boundary (the control socket, another host's tunnel) is parsed with its
// entry's result before anything reads it.
import { z } from 'zod';
import { MAX_PORT } from '../ports/common/ports.ts';
import { list, text } from './bounded.ts';
import { activeWorkSchema, restartOutcomeSchema, whenIdleSchema } from './drain.ts';
import { LobsterpotError } from './errors.ts';
import {
  basePortSchema,
  browserProfileName,
  cdpUrlSchema,
  pathSchema,
  portSchema,
  profileFlagsPatchSchema,
  profileFlagsSchema,
  profileNameSchema,
} from './fields.ts';
import { checkWith, parseWith } from './issues.ts';
import {
  auditReportSchema,
  backupResultSchema,
  browserStatusSchema,
  convertReportSchema,
  dashboardSchema,
  doctorReportSchema,
  exportFormats,
  exportResultSchema,
  historyReportSchema,
  mcpAccessSchema,
  resourcesSchema,
  restartAllSchema,
  stopOutcomeSchema,
} from './results.ts';
import { settingsPatchSchema, settingsSchema } from './settings.ts';
import { hostViewSchema, profileViewSchema, snapshotSchema } from './snapshot.ts';
import { gatewayStatusSchema } from './status.ts';
import { updateCommands } from './updates.ts';

export const profilePresets = ['blank', 'rescue'] as const;

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

const none = z.object({});
const named = z.object({ name: profileNameSchema });
const command = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });

export const commands = {
  'state.snapshot': command(none, snapshotSchema),
  'profiles.create': command(
    z.object({ name: profileNameSchema, port: basePortSchema.optional(), preset: z.enum(profilePresets).optional() }),
    profileViewSchema,
  ),
  'profiles.update': command(
    z.object({
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
    z.object({ profile: profileViewSchema, restartNeeded: z.boolean() }),
  ),
  'profiles.clone': command(
    z.object({ from: profileNameSchema, name: profileNameSchema, port: basePortSchema.optional() }),
    profileViewSchema,
  ),
  'profiles.delete': command(
    z.object({ name: profileNameSchema, disposal: z.enum(['trash', 'backup']).default('backup') }),
    z.object({ movedTo: text }),
  ),
  'profiles.setFlags': command(
    z.object({ name: profileNameSchema, flags: profileFlagsPatchSchema }),
    profileFlagsSchema,
  ),
  /** An instance set up by environment, anywhere: its config file and the state dir it runs with. */
  'profiles.add': command(
    z.object({ config: pathSchema, stateDir: pathSchema, name: profileNameSchema.optional() }),
    profileViewSchema,
  ),
  /** Forgets an instance added by hand (its files stay). */
  'profiles.forget': command(named, z.object({ forgotten: z.boolean() })),
  /** Moves an instance set up by environment into a profile folder `~/.openclaw-<to>` (default: its own name). */
  'profiles.convert': command(
    z.object({ name: profileNameSchema, to: profileNameSchema.optional(), dryRun: z.boolean().default(false) }),
    convertReportSchema,
  ),
  'ports.suggest': command(
    z.object({
      near: z.number().int('must be a whole number').min(0).max(MAX_PORT).optional(),
      exclude: profileNameSchema.optional(),
    }),
    z.object({ port: z.number().int().nullable() }),
  ),
  'gateway.start': command(named, gatewayStatusSchema),
  'gateway.stop': command(z.object({ name: profileNameSchema, force: z.boolean().default(false) }), stopOutcomeSchema),
  /** `whenIdle`: wait (bounded) until no active work, then restart; still busy at the bound: refused, not restarted. */
  'gateway.restart': command(
    z.object({ name: profileNameSchema, whenIdle: whenIdleSchema.optional() }),
    restartOutcomeSchema,
  ),
  /** The active work a stop or restart would interrupt now (the window asks before it stops). */
  'gateway.activeWork': command(named, activeWorkSchema),
  'gateway.startAll': command(none, list(gatewayStatusSchema)),
  'gateway.stopAll': command(z.object({ force: z.boolean().default(false) }), list(stopOutcomeSchema)),
  'gateway.browserStatus': command(
    z.object({ name: profileNameSchema, via: z.enum(['ws', 'cli']).default('ws') }),
    browserStatusSchema,
  ),
  /** Starts or stops the profile's browser (OpenClaw's `browser start|stop`), then its status. */
  'gateway.browserControl': command(
    z.object({ name: profileNameSchema, action: z.enum(['start', 'stop']) }),
    browserStatusSchema,
  ),
  'logs.tail': command(
    z.object({ name: profileNameSchema, lines: z.number().int().min(1).max(5000).default(200) }),
    z.object({ lines: list(text, 100_000), file: text }),
  ),
  'settings.update': command(settingsPatchSchema, settingsSchema),
  'gateway.dashboard': command(named, dashboardSchema),
  /** null when the gateway runs no process Lobsterpot can see, or the OS does not tell. */
  'gateway.resources': command(named, resourcesSchema.nullable()),
  'profiles.cancelCreate': command(named, z.object({ cancelled: z.boolean() })),
  // Isolation, ownership, history, doctor, versions, backup.
  'audit.run': command(none, auditReportSchema),
  'history.get': command(
    z.object({ name: profileNameSchema, limit: z.number().int().min(1).max(1000).default(200) }),
    historyReportSchema,
  ),
  'watchdog.acknowledge': command(named, z.object({ profile: z.string(), acknowledged: z.boolean() })),
  'gateway.doctor': command(named, doctorReportSchema),
  'gateway.restartAll': command(z.object({ rolling: z.boolean().default(true) }), restartAllSchema),
  'gateway.handOverToLobsterpot': command(named, gatewayStatusSchema),
  'gateway.handOverToService': command(named, gatewayStatusSchema),
  'profiles.backup': command(z.object({ name: profileNameSchema, output: pathSchema.optional() }), backupResultSchema),
  'profiles.restore': command(
    z.object({ archive: pathSchema, name: profileNameSchema, port: basePortSchema.optional() }),
    profileViewSchema,
  ),
  'mcp.get': command(named, mcpAccessSchema),
  /** Wires `lobsterpot mcp` into the profile's `mcp.servers` (or removes it), and sets whether it may act. */
  'mcp.set': command(
    z.object({ name: profileNameSchema, wired: z.boolean().optional(), actions: z.boolean().optional() }),
    mcpAccessSchema,
  ),
  // Other hosts and exports.
  'hosts.add': command(
    z.object({
      name: profileNameSchema,
      destination: sshDestinationSchema,
      sshConfig: pathSchema.nullable().default(null),
      command: remoteCommandSchema.default('lobsterpot'),
    }),
    hostViewSchema,
  ),
  'hosts.remove': command(named, z.object({ removed: z.boolean() })),
  'hosts.reconnect': command(named, hostViewSchema),
  /** A command for another host's supervisor, carried through its tunnel; the host checks the arguments. */
  'hosts.call': command(
    z.object({
      host: profileNameSchema,
      /** Checked against the commands by the core (the schema cannot name its own table). */
      command: z.string({ error: 'must be a text' }).min(1, 'is required').max(100, 'must be at most 100 characters'),
      args: z.record(z.string(), z.unknown()).default({}),
    }),
    // The host's own command's result: checked against that command's schema by whoever reads it.
    z.object({ host: z.string(), command: z.string(), result: z.unknown() }),
  ),
  'fleet.export': command(
    z.object({
      format: z.enum(exportFormats),
      /** Empty: every profile that is set up. */
      profiles: z.array(profileNameSchema).max(1000).default([]),
      /** The folder to write; default: `exports/<format>-<time>` in Lobsterpot's data dir. */
      output: pathSchema.optional(),
      /** Write into a folder that is not empty (files of the same name are replaced). */
      force: z.boolean().default(false),
    }),
    exportResultSchema,
  ),
  // OpenClaw's versions and updates (updates.ts).
  ...updateCommands,
} as const;

export type CommandName = keyof typeof commands;
/** What a caller may send: defaults may be left out. */
export type CommandArgs<C extends CommandName> = z.input<(typeof commands)[C]['args']>;
/** What a handler gets: checked, defaults filled in. */
export type ParsedArgs<C extends CommandName> = z.output<(typeof commands)[C]['args']>;
export type CommandResults = { [C in CommandName]: z.output<(typeof commands)[C]['result']> };
export type CommandResult<C extends CommandName> = CommandResults[C];

/** Each command's arguments, read from the table (the window's forms check a draft with them). */
export const commandSchemas: { [C in CommandName]: z.ZodType<ParsedArgs<C>, CommandArgs<C>> } = view('args');
/** Each command's result, read from the table. */
export const resultSchemas: { [C in CommandName]: z.ZodType<CommandResults[C]> } = view('result');

function view<K extends 'args' | 'result'>(side: K): { [C in CommandName]: (typeof commands)[C][K] } {
  const entries = Object.entries(commands).map(([name, entry]) => [name, entry[side]] as const);
  return Object.fromEntries(entries) as { [C in CommandName]: (typeof commands)[C][K] };
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

/** Parses a command's arguments, or throws an `invalid-argument` error naming each field and its rule. */
export function parseArgs<C extends CommandName>(command: C, args: unknown): ParsedArgs<C> {
  if (!isCommandName(command)) throw new LobsterpotError('invalid-argument', `unknown command ${String(command)}`);
  return parseWith(commandSchemas[command], args ?? {});
}

/**
 * A command's result as its entry declares it, or a `failed` error naming who answered and what is wrong: a reply
 * that crosses a boundary is parsed here before anything reads it.
 */
export function checkResult<C extends CommandName>(command: C, value: unknown, from: string): CommandResults[C] {
  const checked = checkWith(resultSchemas[command], value);
  if (checked.ok) return checked.value;
  throw new LobsterpotError('failed', `${from} answered ${command} with something else: ${checked.error}`);
}
