// Every event the core sends, one discriminated union: its type derived from the schema a transport checks it with.
import { z } from 'zod';
import { list, text, time } from './bounded.ts';
import { settingsSchema } from './settings.ts';
import { createSteps, environmentSchema, findingSchema, hostViewSchema, profileViewSchema } from './snapshot.ts';
import { gatewayStatusSchema, listenerSchema } from './status.ts';

export const eventSchema = z.discriminatedUnion('type', [
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
export type LobsterpotEvent = z.output<typeof eventSchema>;
