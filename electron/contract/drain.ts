// A drain-aware restart: "when idle" waits (bounded) until the gateway reports no active work, like OpenClaw's
// `gateway restart --safe`; the results say what work a stop or restart met.
import { z } from 'zod';
import { text, time } from './bounded.ts';
import { IDLE_WAIT_DEFAULT_S, IDLE_WAIT_MAX_S } from '../gateways/common/drain.ts';
import { gatewayStatusSchema } from './status.ts';

export const whenIdleSchema = z.object({
  waitSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .max(IDLE_WAIT_MAX_S, `must be at most ${IDLE_WAIT_MAX_S} (an hour): the wait is bounded`)
    .default(IDLE_WAIT_DEFAULT_S),
});
export type WhenIdle = z.output<typeof whenIdleSchema>;

export const restartOutcomeSchema = gatewayStatusSchema.extend({
  /** The active work the gateway reported when the restart began (a when-idle restart waited for it to end). */
  activeWork: text.nullable().default(null),
  /** How long a when-idle restart waited for the gateway to be idle; null for an immediate restart. */
  waitedMs: z.number().nullable().default(null),
});
export type RestartOutcome = z.output<typeof restartOutcomeSchema>;

/** What a stop or restart would interrupt now, from the gateway's restart preflight. */
export const activeWorkSchema = z.object({
  profile: z.string(),
  /** In words; null when there is none (or nothing runs). */
  activeWork: text.nullable(),
  /** Why the gateway could not be asked, when it runs but did not answer. */
  error: text.nullable(),
  checkedAt: time,
});
export type ActiveWork = z.output<typeof activeWorkSchema>;
