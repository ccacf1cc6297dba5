// The one way to a gateway's Control UI, for Open dashboard, Copy URL, the tray and `lobsterpot open`: OpenClaw's own
// `dashboard --json --no-open`, whose `browserUrl` carries a one-time owner pairing that opens connected, where the
// version has it; the shared token in the fragment (`#token=`, which the Control UI reads and strips) where it has not.
import type { DashboardAccess } from '../../contract/contract.ts';
import { controlUiUrl } from '../common/control-ui.ts';
import { parseJsonOutput, type CliResult } from './openclaw-cli.ts';

export { controlUiUrl } from '../common/control-ui.ts';

/** What the dashboard of one gateway is found from. */
export interface DashboardFacts {
  profile: string;
  /** The port the gateway listens on now (a saved change applies at the next start). */
  port: number;
  /** The shared token of the profile's config, if it has one. */
  token: string | null;
}

/** Runs OpenClaw's CLI for a profile (`OpenClawCli.run`), with extra variables for the child. */
export type DashboardCli = (
  profile: string,
  args: string[],
  options: { timeoutMs: number; env: Record<string, string> },
) => Promise<CliResult>;

/** The address with the shared token in its fragment: what versions without OpenClaw's handoff take. */
export function tokenDashboard({ port, token }: Pick<DashboardFacts, 'port' | 'token'>): DashboardAccess {
  const url = controlUiUrl(port);
  return {
    url,
    token,
    openUrl: token ? `${url}#token=${encodeURIComponent(token)}` : url,
    expiresAt: null,
    how: 'token',
  };
}

const DASHBOARD_TIMEOUT_MS = 30_000;

/**
 * The dashboard's address as OpenClaw's own `dashboard` command gives it. The running port is passed as
 * `OPENCLAW_GATEWAY_PORT`, so a saved but not yet applied port change still finds the gateway. Any answer without a
 * `browserUrl` on that port (an older version, a refusal) falls back to the token URL.
 */
export async function dashboardAccess(cli: DashboardCli | null, facts: DashboardFacts): Promise<DashboardAccess> {
  const fallback = tokenDashboard(facts);
  if (!cli) return fallback;
  const result = await cli(facts.profile, ['dashboard', '--json', '--no-open'], {
    timeoutMs: DASHBOARD_TIMEOUT_MS,
    env: { OPENCLAW_GATEWAY_PORT: String(facts.port) },
  });
  const handoff = handoffOf(parseJsonOutput(result.stdout), facts.port);
  return handoff
    ? { ...fallback, openUrl: handoff.browserUrl, expiresAt: handoff.expiresAt, how: 'handoff' }
    : fallback;
}

/** A `dashboard --json` answer's one-time link, if it is one for this port on loopback. */
export function handoffOf(
  json: Record<string, unknown> | null,
  port: number,
): { browserUrl: string; expiresAt: number | null } | null {
  if (!json || json.ok !== true || typeof json.browserUrl !== 'string') return null;
  let url: URL;
  try {
    url = new URL(json.browserUrl);
  } catch {
    return null;
  }
  if (url.hostname !== '127.0.0.1' || Number(url.port) !== port || !url.hash.includes('bootstrapToken=')) return null;
  const expires = json.browserBootstrapExpiresAtMs;
  return { browserUrl: url.toString(), expiresAt: typeof expires === 'number' ? expires : null };
}
