// What people type into a command's fields (ports, names, paths, CDP URLs), a profile's flags and Lobsterpot's
// settings: each a zod schema whose rule's words are the message.
import { z } from 'zod';
import { checkCdpUrl, normalizePath } from '../profiles/common/fields.ts';
import { nameSyntaxError } from '../profiles/common/names.ts';
import { MAX_PORT, baseProblem, MIN_PORT } from '../ports/common/ports.ts';
import { tell, type InputKind } from './walk.ts';

export type Rule<T> = { ok: true; value: T } | { ok: false; error: string };

/** A field checked by a pure rule that normalizes what it accepts; the rule's words are the message, then the value. */
export const fieldRule = <T>(
  kind: 'number' | 'string',
  rule: (value: never) => Rule<T>,
  echo = true,
  takes: InputKind = kind,
) =>
  tell(
    z.unknown().transform((value, ctx) => {
      if (typeof value !== kind) {
        ctx.addIssue({
          code: 'custom',
          input: value,
          message: value === undefined ? 'is required' : kind === 'number' ? 'must be a number' : 'must be a text',
        });
        return z.NEVER;
      }
      const checked = rule(value as never);
      if (!checked.ok) {
        ctx.addIssue({ code: 'custom', input: value, message: checked.error, params: { echo } });
        return z.NEVER;
      }
      return checked.value;
    }),
    takes,
  );

export const portCheck = (problem: (port: number) => string | null) =>
  fieldRule('number', (port: number): Rule<number> => {
    const why = problem(port);
    return why ? { ok: false, error: why } : { ok: true, value: port };
  });

/** A base port: whole, ≥ 1024, and base+110 ≤ 65535. */
export const basePortSchema = portCheck(baseProblem);
/** Any single TCP port a profile names explicitly (CDP ports). */
export const portSchema = portCheck((port) =>
  !Number.isInteger(port)
    ? 'must be a whole number'
    : port < MIN_PORT || port > MAX_PORT
      ? `must be between ${MIN_PORT} and ${MAX_PORT}${port < MIN_PORT ? ` (ports below ${MIN_PORT} need root)` : ''}`
      : null,
);

// A refused name is not echoed: the person has it in front of them, and the rule alone reads best.
export const profileNameSchema = fieldRule(
  'string',
  (name: string): Rule<string> => {
    const why = nameSyntaxError(name);
    return why ? { ok: false, error: why } : { ok: true, value: name };
  },
  false,
);

/** An absolute path, normalized; `~` is kept for the core to expand with OpenClaw's home (core/normalize.ts). */
export const pathSchema = fieldRule(
  'string',
  (text: string): Rule<string> => {
    const checked = normalizePath(text);
    return checked.ok ? { ok: true, value: checked.path } : checked;
  },
  true,
  'path',
);

/** A CDP URL (http, https, ws, wss; a host; no spaces, no credentials), written canonically. */
export const cdpUrlSchema = fieldRule('string', (text: string): Rule<string> => {
  const checked = checkCdpUrl(text);
  return checked.ok ? { ok: true, value: checked.url } : checked;
});

export const browserProfileName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/i,
    "may hold only letters, digits, '-' and '_', and must start with one of the first two",
  );

// Field rules without defaults, so a partial update never resets the fields it leaves out.
export const flagFields = {
  autostart: z.boolean(),
  restartOnCrash: z.boolean(),
  color: z
    .string()
    .regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #ff8800')
    .nullable(),
  notes: z.string().max(2000, 'must be at most 2000 characters'),
  /** Its agent's `lobsterpot mcp` may start, stop and restart the other profiles (never its own). */
  mcpActions: z.boolean(),
};
export const profileFlagsSchema = z.object({
  autostart: flagFields.autostart.default(false),
  restartOnCrash: flagFields.restartOnCrash.default(true),
  color: flagFields.color.default(null),
  notes: flagFields.notes.default(''),
  mcpActions: flagFields.mcpActions.default(false),
});
export type ProfileFlags = z.infer<typeof profileFlagsSchema>;
export const profileFlagsPatchSchema = z.object(flagFields).partial().strict();

export const LOG_MIN_BYTES = 64 * 1024;
export const LOG_MAX_BYTES = 1024 * 1024 * 1024;

export const quitPolicies = ['stop-started', 'leave-running'] as const;
export type QuitPolicy = (typeof quitPolicies)[number];

export const settingFields = {
  /** `openclaw.mjs` or the `openclaw` launcher; null = look for it. */
  openclawPath: pathSchema.nullable(),
  /** A Node ≥ 24.16 to run it with; null = look for one. */
  nodePath: pathSchema.nullable(),
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
  /** A gateway's log is rotated when it grows past this many bytes. */
  logMaxBytes: z
    .number()
    .int('must be a whole number of bytes')
    .min(LOG_MIN_BYTES, `must be at least ${LOG_MIN_BYTES} (64 KiB)`)
    .max(LOG_MAX_BYTES, `must be at most ${LOG_MAX_BYTES} (1 GiB)`),
  /** How many rotated logs are kept beside the live one. */
  logKeep: z.number().int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20'),
  // Isolation, ownership, history, doctor, versions, backup.
  /** A gateway meant to run that is not ready this long raises the watchdog's first alert. */
  watchdogAfterMs: z
    .number()
    .int('must be a whole number')
    .min(10_000, 'must be at least 10000 (10 s)')
    .max(86_400_000, 'must be at most 86400000 (a day)'),
};
export const settingsSchema = z.object({
  openclawPath: settingFields.openclawPath.default(null),
  nodePath: settingFields.nodePath.default(null),
  stopGraceMs: settingFields.stopGraceMs.default(30_000),
  quitPolicy: settingFields.quitPolicy.default('stop-started'),
  launchAtLogin: settingFields.launchAtLogin.default(false),
  basePortStart: settingFields.basePortStart.default(20_000),
  logMaxBytes: settingFields.logMaxBytes.default(5 * 1024 * 1024),
  logKeep: settingFields.logKeep.default(3),
  watchdogAfterMs: settingFields.watchdogAfterMs.default(120_000),
  profiles: z.record(z.string(), profileFlagsSchema).default({}),
});
export type Settings = z.infer<typeof settingsSchema>;
/** The version of the settings file's layout; the core migrates older files up to it (core/settings.ts). */
export const SETTINGS_VERSION = 1;
/** The settings file: the settings and the version of their layout. */
export const settingsFileSchema = settingsSchema.extend({ version: z.literal(SETTINGS_VERSION) });
export const settingsPatchSchema = z.object(settingFields).partial().strict();
export const defaultSettings = (): Settings => settingsSchema.parse({});
