// A gateway's status, as the core reports it: each part a zod schema, its type derived from it, so what is checked at
// a boundary (another host's events and replies, the control socket) and what the code reads are one declaration.
import { z } from 'zod';
import type { Listener } from '../ports/common/findings.ts';
import { at, count, list, schemaOf, text, time } from './bounded.ts';

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
export const gatewayStateSchema = z.enum(gatewayStates);

export const gatewayOwners = ['lobsterpot', 'service', 'external'] as const;
export type GatewayOwner = (typeof gatewayOwners)[number];

export const listenerSchema = schemaOf<Listener>()(
  z.object({
    port: z.number().int(),
    pid: z.number().int().nullable(),
    command: text.nullable(),
    profile: z.string().nullable().optional(),
  }),
);

export const exitRecordSchema = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** What the exit means: "clean stop", "port in use", "config error (78)", "killed (SIGKILL)", … */
  meaning: text,
  at: time,
});
export type ExitRecord = z.output<typeof exitRecordSchema>;

export const startPhases = ['spawned', 'listening', 'starting-up', 'ready'] as const;
export type StartPhaseName = (typeof startPhases)[number];

export const startPhaseSchema = z.object({
  name: z.enum(startPhases),
  /** Epoch ms the phase began; the whole start began at `startedAt`. */
  since: time,
  /** What the gateway says it waits for (/startupz `pendingReason`, /readyz `failing`), when it says. */
  detail: text.nullable(),
});
export type StartPhase = z.output<typeof startPhaseSchema>;

/** A supervisor found above a gateway's process: `systemd`, `launchd`, `pm2`, `supervisord`, `a shell`, … */
export const supervisorInfoSchema = z.object({
  name: text,
  /** The pid of the supervisor, when the chain shows one. */
  pid: z.number().int().nullable(),
  /** What it was told by: `parent 1 (systemd)`, `INVOCATION_ID set`, … */
  evidence: list(text),
});
export type SupervisorInfo = z.output<typeof supervisorInfoSchema>;

export const watchdogSchema = z.object({
  /** Since when it is meant to run and not ready. */
  since: time,
  /** Alerts raised so far; the next one at `nextAt` unless acknowledged. */
  alerts: count,
  nextAt: at,
  acknowledged: z.boolean(),
});
export type WatchdogStatus = z.output<typeof watchdogSchema>;

export const doctorRunSchema = z.object({
  at: time,
  /** `doctor --fix`'s exit code (null: it could not run or timed out). */
  code: z.number().int().nullable(),
  /** What it reported, its last lines. */
  report: list(text),
  /** The state after the one retry of the start. */
  retry: gatewayStateSchema.nullable(),
});
export type DoctorRun = z.output<typeof doctorRunSchema>;

export const healthSchema = z.object({
  live: z.boolean().nullable(),
  ready: z.boolean().nullable(),
  failing: list(text),
  checkedAt: at,
});
export type Health = z.output<typeof healthSchema>;
/** A gateway's health before any probe answered. */
export const unknownHealth = (): Health => ({ live: null, ready: null, failing: [], checkedAt: null });

export const gatewayStatusSchema = z.object({
  profile: z.string(),
  state: gatewayStateSchema,
  /** Why the state is what it is, in words, when that is not obvious (blocked, failing, crash-looping…). */
  reason: text.nullable(),
  pid: z.number().int().nullable(),
  owner: z.enum(gatewayOwners).nullable(),
  /** Epoch ms of the current process's start (or of its adoption). */
  startedAt: at,
  readyAt: at,
  restarts: count,
  lastExit: exitRecordSchema.nullable(),
  port: z.number().int(),
  listeners: list(listenerSchema),
  health: healthSchema,
  rpc: z.object({
    version: z.string().nullable(),
    configPath: z.string().nullable(),
    checkedAt: at,
    error: text.nullable(),
  }),
  service: z.object({ installed: z.boolean(), active: z.boolean(), label: z.string().nullable() }),
  /** The next automatic start, when one is scheduled. */
  nextRestartAt: at,
  /** Where a start is (spawned, listening, starting up, ready), from the gateway's own probes; null when not starting. */
  phase: startPhaseSchema.nullable(),
  /** A saved change the running gateway has not taken yet ("port 20100 (runs on 20000)"): restart to apply it. */
  pendingRestart: text.nullable(),
  /** Who runs a gateway Lobsterpot did not start (its parent chain and supervisor markers), when known. */
  supervisor: supervisorInfoSchema.nullable(),
  /** The OpenClaw version it runs beside the one installed on disk; `restartToUpdate` when they differ. */
  versions: z.object({
    running: z.string().nullable(),
    installed: z.string().nullable(),
    restartToUpdate: z.boolean(),
  }),
  /** Set while the watchdog finds it meant to run and not ready. */
  watchdog: watchdogSchema.nullable(),
  /** OpenClaw's `doctor --fix`, offered once after an exit 78, and its last run. */
  doctor: z.object({ offered: z.boolean(), last: doctorRunSchema.nullable() }),
});
export type GatewayStatus = z.output<typeof gatewayStatusSchema>;

/** The care fields of a status (runtime-care.ts) before anything is seen: no supervisor, versions, alert or doctor. */
export const careUnknown = (): Pick<GatewayStatus, 'supervisor' | 'versions' | 'watchdog' | 'doctor'> => ({
  supervisor: null,
  versions: { running: null, installed: null, restartToUpdate: false },
  watchdog: null,
  doctor: { offered: false, last: null },
});
