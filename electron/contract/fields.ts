// What people type into a command's fields (ports, names, paths, CDP URLs) and a profile's flags: each a zod schema
// whose rule's words are the message.
import { z } from 'zod';
import { checkCdpUrl, normalizePath } from '../profiles/common/fields.ts';
import { nameSyntaxError } from '../profiles/common/names.ts';
import { MAX_PORT, baseProblem, MIN_PORT } from '../ports/common/ports.ts';
import { keepLinks, tell, type InputKind } from './walk.ts';

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

/** A port to listen on that is no profile's (`serve --port`): any TCP port, 0 for one the OS picks. */
export const listenPortSchema = portCheck((port) =>
  !Number.isInteger(port)
    ? 'must be a whole number'
    : port < 0 || port > MAX_PORT
      ? `must be between 0 and ${MAX_PORT}`
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
const absolutePath = (text: string): Rule<string> => {
  const checked = normalizePath(text);
  return checked.ok ? { ok: true, value: checked.path } : checked;
};
export const pathSchema = fieldRule('string', absolutePath, true, 'path');

/** A launcher's path (`openclaw.mjs`, a Node): the path rule, its symlinks kept when made canonical. */
// A schema of its own (keepLinks marks the schema object), sharing the path rule.
export const launcherPathSchema = keepLinks(fieldRule('string', absolutePath, true, 'path'));

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
  /** The OpenClaw install its gateway runs (an `openclaw.mjs`, package folder or prefix); null: the located one. */
  openclawRuntime: launcherPathSchema.nullable(),
};
export const profileFlagsSchema = z.object({
  autostart: flagFields.autostart.default(false),
  restartOnCrash: flagFields.restartOnCrash.default(true),
  color: flagFields.color.default(null),
  notes: flagFields.notes.default(''),
  mcpActions: flagFields.mcpActions.default(false),
  openclawRuntime: flagFields.openclawRuntime.default(null),
});
export type ProfileFlags = z.infer<typeof profileFlagsSchema>;
export const profileFlagsPatchSchema = z.object(flagFields).partial().strict();
