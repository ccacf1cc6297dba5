// What another host says, checked before it is believed: the report of `lobsterpot supervisor --json` (and of
// `serve --detach`), the address in serve's URL, its snapshots and gateway states.
import { z } from 'zod';
import type { Snapshot } from '../../contract/contract.ts';

/** What `lobsterpot supervisor --json` and `lobsterpot serve --detach --json` print. */
export interface RemoteSupervisorReport {
  running: { pid: number; kind: 'serve' | 'app'; url: string | null } | null;
  started?: boolean;
}

/** The port and token in a serve URL (`http://127.0.0.1:PORT/?token=…`), or null. */
export function serveAddress(url: string | null): { port: number; token: string } | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    const token = parsed.searchParams.get('token');
    const port = Number(parsed.port);
    return token && Number.isInteger(port) && port > 0 ? { port, token } : null;
  } catch {
    return null;
  }
}

const reportSchema = z.object({
  running: z
    .object({
      pid: z.number().int().positive(),
      kind: z.enum(['serve', 'app']),
      url: z.string().max(2048).nullable(),
    })
    .nullable(),
  started: z.boolean().optional(),
});

/** The JSON object a remote command printed (ssh or a login script may add lines before it), checked; else null. */
export function parseReport(stdout: string): RemoteSupervisorReport | null {
  const start = stdout.search(/^\{/m);
  if (start < 0) return null;
  try {
    const parsed = reportSchema.safeParse(JSON.parse(stdout.slice(start)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Profiles and gateways kept per host at most: a host cannot grow this process without bound. */
export const MAX_REMOTE_ITEMS = 2000;
export const gatewaySchema = z.looseObject({ profile: z.string(), state: z.string() });
const snapshotSchema = z.looseObject({
  profiles: z.array(z.looseObject({ name: z.string() })).max(MAX_REMOTE_ITEMS),
  gateways: z.array(gatewaySchema).max(MAX_REMOTE_ITEMS),
  findings: z.array(z.unknown()).max(100_000).catch([]),
  ephemeralRange: z.object({ from: z.number(), to: z.number() }).nullable().catch(null),
});

/** A host's snapshot as far as this side relies on it, or null when it is not one. */
export function checkSnapshot(value: unknown): Snapshot | null {
  const parsed = snapshotSchema.safeParse(value);
  return parsed.success ? (parsed.data as unknown as Snapshot) : null;
}
