// OpenClaw updates under the supervisor contract (OpenClaw refuses to update itself in external mode): which OpenClaws
// are installed and which profile runs which, an install beside the pinned one, and a rollout (canary, then one at a
// time, the canary rolled back onto the install it ran if it does not come back ready).
import { z } from 'zod';
import { VERSION_PATTERN, isVersionTarget } from '../openclaw/common/versions.ts';
import { list, text, time } from './bounded.ts';
import { profileNameSchema } from './fields.ts';
import { gatewayStateSchema } from './status.ts';

/** An npm version of OpenClaw (`2026.4.27`, `2026.9.6-beta.1`): what `npm install openclaw@<v>` takes. */
export const openclawVersionSchema = z
  .string({ error: 'must be a text' })
  .regex(VERSION_PATTERN, 'must be a version like 2026.9.6');

export const installSources = ['located', 'lobsterpot', 'profile'] as const;

export const openclawInstallSchema = z.object({
  version: z.string().nullable(),
  /** Its `openclaw.mjs`. */
  path: text,
  /**
   * `located`: the one Lobsterpot found (settings, the project's `.cache`, PATH); `lobsterpot`: installed by
   * `openclaw.install` beside it; `profile`: a path a profile is set to run (a person's own prefix).
   */
  source: z.enum(installSources),
  /** The profiles set to run it (the located one: every profile without `openclawRuntime`). */
  profiles: list(z.string()),
});
export type OpenClawInstall = z.output<typeof openclawInstallSchema>;

export const profileRuntimeSchema = z.object({
  profile: z.string(),
  state: gatewayStateSchema,
  /** The install it is set to run (`openclawRuntime`, else the located one); null when none is found. */
  install: openclawInstallSchema.pick({ version: true, path: true }).nullable(),
  /** The version its running gateway says it is (RPC hello); null when not running or not yet asked. */
  running: z.string().nullable(),
  /** The `openclawRuntime` flag as set (null: the located default). */
  pinned: text.nullable(),
});
export type ProfileRuntimeView = z.output<typeof profileRuntimeSchema>;

/** Running gateways on more than one OpenClaw version: said until every one runs the same. */
export const skewSchema = z.object({
  versions: list(z.object({ version: z.string(), profiles: list(z.string()) })),
  message: text,
});
export type VersionSkew = z.output<typeof skewSchema>;

export const versionsReportSchema = z.object({
  installs: list(openclawInstallSchema),
  profiles: list(profileRuntimeSchema),
  skew: skewSchema.nullable(),
  /** Where `openclaw.install` puts a version (`<root>/<version>`). */
  installRoot: text,
});
export type VersionsReport = z.output<typeof versionsReportSchema>;

export const installResultSchema = z.object({
  version: z.string(),
  path: text,
  /** It was there already: nothing was downloaded. */
  already: z.boolean(),
  tookMs: time,
});
export type InstallResult = z.output<typeof installResultSchema>;

/** One profile's restart in a rollout: the install it went to and how it came back. */
export const rolloutStepSchema = z.object({
  profile: z.string(),
  to: text,
  state: gatewayStateSchema.nullable(),
  ok: z.boolean(),
  reason: text.nullable(),
  tookMs: time,
});
export type RolloutStep = z.output<typeof rolloutStepSchema>;

export const updateReportSchema = z.object({
  target: openclawInstallSchema.pick({ version: true, path: true }),
  dryRun: z.boolean(),
  /** In order: the first is the canary. `from` is the install it runs now. */
  plan: list(z.object({ profile: z.string(), from: text.nullable() })),
  canary: rolloutStepSchema.nullable(),
  /** The others, one at a time, after the canary came back ready. */
  rolled: list(rolloutStepSchema),
  /** A profile that did not come back ready on the target, put back on what it ran, and how that went. */
  rolledBack: rolloutStepSchema.nullable(),
  /** Not restarted because an earlier one failed. */
  notTried: list(z.string()),
  /** Named profiles that were not running: set to run the target at their next start, not restarted. */
  pinnedOnly: list(z.string()),
  /** What happened, in one line. */
  message: text,
});
export type UpdateReport = z.output<typeof updateReportSchema>;

/** A version (`2026.4.27`) or an absolute path to an install (its `openclaw.mjs`, package folder or prefix). */
export const updateTargetSchema = z
  .string({ error: 'must be a text' })
  .min(1, 'is required')
  .max(4096, 'must be at most 4096 characters')
  .refine(
    (value) => isVersionTarget(value) || isAbsolute(value),
    'must be a version like 2026.9.6 or an absolute path to an OpenClaw install',
  );

const isAbsolute = (value: string) => value.startsWith('/') || /^[a-z]:[\\/]/i.test(value);

const command = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });

export const updateCommands = {
  /** Installed OpenClaws, which profile runs which, and a version skew between running gateways. */
  'openclaw.versions': command(z.object({}), versionsReportSchema),
  /** `npm install openclaw@<version>` into `<install root>/<version>`, beside the located one. */
  'openclaw.install': command(z.object({ version: openclawVersionSchema }), installResultSchema),
  /**
   * Runs `profiles` (default: every running gateway) on `target` (a version installed by `openclaw.install`, or a path
   * to an install): the first as a canary, then the others one at a time, each ready before the next.
   */
  'openclaw.update': command(
    z.object({
      target: updateTargetSchema,
      profiles: z.array(profileNameSchema).max(1000).default([]),
      dryRun: z.boolean().default(false),
    }),
    updateReportSchema,
  ),
} as const;
