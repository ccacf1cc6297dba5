// Lobsterpot's own settings: each field's rule, the defaults, the file's layout version and a partial update.
import { z } from 'zod';
import { MIN_PORT } from '../ports/common/ports.ts';
import { launcherPathSchema, profileFlagsSchema, profileNameSchema } from './fields.ts';

export const LOG_MIN_BYTES = 64 * 1024;
export const LOG_MAX_BYTES = 1024 * 1024 * 1024;

export const quitPolicies = ['stop-started', 'leave-running'] as const;
export type QuitPolicy = (typeof quitPolicies)[number];

export const settingFields = {
  /** `openclaw.mjs` or the `openclaw` launcher; null = look for it. */
  openclawPath: launcherPathSchema.nullable(),
  /** A Node ≥ 24.16 to run it with; null = look for one. */
  nodePath: launcherPathSchema.nullable(),
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
  /** The watchdog's alert is also sent through this profile's gateway (OpenClaw's `send`); never through the one down. */
  alertProfile: profileNameSchema.nullable(),
  /** The channel it is sent on (`telegram`, `whatsapp`, `discord`…: one the alert profile has set up). */
  alertChannel: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters').nullable(),
  /** Whom on that channel: the owner's chat or number, as OpenClaw's `send --to` takes it. */
  alertTarget: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters').nullable(),
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
  alertProfile: settingFields.alertProfile.default(null),
  alertChannel: settingFields.alertChannel.default(null),
  alertTarget: settingFields.alertTarget.default(null),
  profiles: z.record(z.string(), profileFlagsSchema).default({}),
});
export type Settings = z.infer<typeof settingsSchema>;
/** The version of the settings file's layout; the core migrates older files up to it (core/settings.ts). */
export const SETTINGS_VERSION = 1;
/** The settings file: the settings and the version of their layout. */
export const settingsFileSchema = settingsSchema.extend({ version: z.literal(SETTINGS_VERSION) });
export const settingsPatchSchema = z.object(settingFields).partial().strict();
export const defaultSettings = (): Settings => settingsSchema.parse({});
