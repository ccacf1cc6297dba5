// The Rescue bot's wiring: `lobsterpot mcp --profile <p>` as an entry of the profile's own `mcp.servers`, written
// through OpenClaw's config writer (`config patch`, which validates and keeps backups), so that profile's agents get
// the fleet's tools; and the per-profile `mcpActions` flag that lets them act on the other profiles.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import JSON5 from 'json5';
import { LobsterpotError, type McpAccess } from '../../contract/contract.ts';
import type { OpenClawCli } from '../../openclaw/node/openclaw-cli.ts';
import { MCP_SERVER_NAME } from '../common/access.ts';

export interface McpServerEntry {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** Lobsterpot's own launcher (`bin/lobsterpot.js`) beside this source, or null where it is not (a bundled app). */
export function lobsterpotLauncher(from = import.meta.dirname): string | null {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const launcher = join(dir, 'bin', 'lobsterpot.js');
    if (existsSync(launcher) && existsSync(join(dir, 'package.json'))) return launcher;
  }
  return null;
}

/** The `mcp.servers` entry: the supported Node on the launcher, the profile, and the data dir it must reach. */
export function mcpServerEntry(options: {
  nodePath: string;
  launcher: string;
  profile: string;
  dataDir: string;
}): McpServerEntry {
  return {
    command: options.nodePath,
    args: [options.launcher, 'mcp', '--profile', options.profile],
    // The gateway's environment is built for OpenClaw: Lobsterpot's data dir is not in it unless named here.
    env: { LOBSTERPOT_HOME: options.dataDir },
  };
}

/** The profile's `mcp.servers.lobsterpot` entry as its config holds it, or null. */
export async function readWiring(configPath: string): Promise<McpServerEntry | null> {
  let raw: unknown;
  try {
    raw = JSON5.parse(await readFile(configPath, 'utf8'));
  } catch {
    return null;
  }
  const servers = (raw as { mcp?: { servers?: Record<string, unknown> } } | null)?.mcp?.servers;
  const entry = servers?.[MCP_SERVER_NAME] as Partial<McpServerEntry> | undefined;
  if (!entry || typeof entry.command !== 'string') return null;
  return {
    command: entry.command,
    args: Array.isArray(entry.args) ? entry.args.map(String) : [],
    env: entry.env && typeof entry.env === 'object' ? entry.env : {},
  };
}

/** Writes the entry (or removes it with null) through OpenClaw's own writer. */
export async function writeWiring(cli: OpenClawCli, profile: string, entry: McpServerEntry | null): Promise<void> {
  try {
    await cli.patchConfig(profile, { mcp: { servers: { [MCP_SERVER_NAME]: entry } } });
  } catch (error) {
    throw new LobsterpotError('refused', `OpenClaw refused the MCP server entry: ${(error as Error).message}`);
  }
}

/** Wires a profile to this Lobsterpot: the entry for the Node OpenClaw runs on and this data dir. */
export async function wireProfile(cli: OpenClawCli, profile: string, dataDir: string): Promise<McpServerEntry> {
  const launcher = lobsterpotLauncher();
  if (!launcher)
    throw new LobsterpotError(
      'refused',
      'this Lobsterpot has no `bin/lobsterpot.js` to run (a bundled app): install the `lobsterpot` command and wire it by hand',
    );
  const entry = mcpServerEntry({ nodePath: cli.runtime.nodePath, launcher, profile, dataDir });
  await writeWiring(cli, profile, entry);
  return entry;
}

export interface McpAccessDeps {
  configPath: string;
  actions: boolean;
}

/** What Manage shows: whether the profile's agents have the server, and whether they may act. */
export async function mcpAccessOf(profile: string, deps: McpAccessDeps): Promise<McpAccess> {
  const entry = await readWiring(deps.configPath);
  return {
    profile,
    wired: entry !== null,
    command: entry ? [entry.command, ...entry.args].join(' ') : null,
    actions: deps.actions,
  };
}
