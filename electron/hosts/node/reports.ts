// What another host says, checked before it is believed: the report of `lobsterpot supervisor --json` (and of
// `serve --detach`), the address in serve's URL, its snapshots and gateway states.
import { z } from 'zod';
import { SNAPSHOT_VERSION, type GatewayStatus, type LobsterpotEvent, type Snapshot } from '../../contract/contract.ts';
import { MAX_ITEMS } from '../../contract/bounded.ts';
import { eventSchema } from '../../contract/events.ts';
import { careUnknown } from '../../contract/status.ts';
import { snapshotSchema } from '../../contract/snapshot.ts';

/** What `lobsterpot supervisor --json` and `lobsterpot serve --detach --json` print. */
export interface RemoteSupervisorReport {
  running: { pid: number; kind: 'serve' | 'app'; url: string | null } | null;
  started?: boolean;
  /** What the other host warns of (linger off before a detached serve). */
  warnings?: string[];
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
  warnings: z.array(z.string().max(1000)).max(10).optional(),
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
export const MAX_REMOTE_ITEMS = MAX_ITEMS;

/**
 * A host's snapshot as the contract declares it, or null when it is not one. One from a host older than the
 * snapshot's `version` is brought up to it first, field by field as each version added it: never guessed.
 */
export function checkSnapshot(value: unknown): Snapshot | null {
  const parsed = snapshotSchema.safeParse(upgradeSnapshot(value));
  return parsed.success ? parsed.data : null;
}

/** An event from a host, checked against the contract's union; null when it is none (an older or a broken host). */
export function checkEvent(value: unknown): LobsterpotEvent | null {
  const parsed = eventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What a version-0 gateway status may lack, as it meant it: none of each. */
const v0Gateway = (): Pick<GatewayStatus, 'phase' | 'pendingRestart' | keyof ReturnType<typeof careUnknown>> => ({
  phase: null,
  pendingRestart: null,
  ...careUnknown(),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Version 0 (before snapshots said theirs): a gateway had no start `phase` and no `pendingRestart` yet, and one from
 * before the isolation features no `supervisor`, `versions`, `watchdog` or `doctor` (each none when absent).
 */
export function upgradeSnapshot(value: unknown): unknown {
  if (!isRecord(value) || value.version !== undefined || !Array.isArray(value.gateways)) return value;
  const gateways = value.gateways.map((gateway: unknown) =>
    isRecord(gateway) ? { ...v0Gateway(), ...gateway } : gateway,
  );
  return { ...value, gateways, version: SNAPSHOT_VERSION };
}
