// `lobsterpot mcp`: the fleet as Model Context Protocol tools over stdio (the official SDK), for an agent such as the
// rescue bot's. Looking is always allowed; start, stop and restart only as mcp/common/access.ts says, and each is
// recorded in the history as `mcp (<profile>)`.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { GatewayStatus, ProfileView, Snapshot } from '../../contract/contract.ts';
import { actionRefusal, mcpAuthor, type McpAction } from '../common/access.ts';
import { fleetLink, type FleetLink } from './link.ts';

const profile = z.string().min(1).max(64).describe('the profile name, as list_profiles shows it');

const text = (value: unknown): CallToolResult => ({
  content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }],
});
const failure = (message: string): CallToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

/** A gateway's state in the few fields an agent reasons with. */
function gatewaySummary(status: GatewayStatus | undefined) {
  if (!status) return { state: 'stopped' };
  return {
    state: status.state,
    reason: status.reason,
    port: status.port,
    pid: status.pid,
    owner: status.owner,
    startedAt: status.startedAt ? new Date(status.startedAt).toISOString() : null,
    restarts: status.restarts,
    lastExit: status.lastExit,
    health: status.health,
    pendingRestart: status.pendingRestart,
    version: status.versions?.running ?? status.rpc.version,
  };
}

function profileSummary(view: ProfileView, snapshot: Snapshot, self: string | null) {
  const status = snapshot.gateways.find((g) => g.profile === view.name);
  const refusal = actionRefusal(self, view.name, (name) => snapshot.settings.profiles[name]);
  return {
    name: view.name,
    configured: view.configured,
    configError: view.configError,
    basePort: view.effectivePort,
    ...gatewaySummary(status),
    actions: refusal ? `not allowed: ${refusal}` : 'start, stop and restart allowed',
  };
}

export interface FleetServerOptions {
  link: FleetLink;
  /** The profile whose agent runs this server (`--profile`), or null. */
  self: string | null;
  version: string;
}

export function createFleetServer({ link, self, version }: FleetServerOptions): McpServer {
  const server = new McpServer(
    { name: 'lobsterpot', version },
    {
      instructions:
        `Lobsterpot runs several OpenClaw gateways (profiles) on this host. ` +
        (self ? `You run inside the profile "${self}". ` : '') +
        'Look before acting: list_profiles, gateway_status, gateway_log. Start, stop and restart are allowed only ' +
        'where list_profiles says so, never on your own profile.',
    },
  );
  const guard = async <T>(work: () => Promise<T>): Promise<CallToolResult> => {
    try {
      return text(await work());
    } catch (error) {
      return failure((error as Error).message);
    }
  };
  const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

  server.registerTool(
    'list_profiles',
    {
      description: 'Every OpenClaw profile on this host: its gateway state, port, pid, and what you may do to it.',
      annotations: readOnly,
    },
    () =>
      guard(async () => {
        const snapshot = await link.execute('state.snapshot', {});
        return snapshot.profiles.map((view) => profileSummary(view, snapshot, self));
      }),
  );

  server.registerTool(
    'gateway_status',
    {
      description:
        "One gateway's state with the findings about its profile (port conflicts, isolation problems) and their fixes.",
      inputSchema: { profile },
      annotations: readOnly,
    },
    ({ profile: name }) =>
      guard(async () => {
        const snapshot = await link.execute('state.snapshot', {});
        const view = snapshot.profiles.find((p) => p.name.toLowerCase() === name.toLowerCase());
        if (!view) throw new Error(`no profile named '${name}' (list_profiles shows them)`);
        const about = (profiles: string[]) => profiles.includes(view.name);
        return {
          ...profileSummary(view, snapshot, self),
          footprint: view.footprint,
          findings: snapshot.findings
            .filter((f) => about(f.profiles))
            .map(({ severity, message, fix }) => ({ severity, message, fix })),
          audit: (snapshot.audit ?? [])
            .filter((f) => about(f.profiles))
            .map(({ severity, message, fix }) => ({ severity, message, fix })),
        };
      }),
  );

  server.registerTool(
    'gateway_log',
    {
      description: "The last lines of a gateway's log (what it printed: errors, the reason it stopped).",
      inputSchema: { profile, lines: z.number().int().min(1).max(500).default(100) },
      annotations: readOnly,
    },
    ({ profile: name, lines }) =>
      guard(async () => (await link.execute('logs.tail', { name, lines })).lines.join('\n') || '(the log is empty)'),
  );

  server.registerTool(
    'gateway_history',
    {
      description: "A gateway's recent state changes, each with its cause (who or what acted), and its uptime.",
      inputSchema: { profile, limit: z.number().int().min(1).max(200).default(20) },
      annotations: readOnly,
    },
    ({ profile: name, limit }) =>
      guard(async () => {
        const report = await link.execute('history.get', { name, limit });
        return {
          entries: report.entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
          uptime24h: report.uptime24h,
          outages: report.outages.length,
        };
      }),
  );

  server.registerTool(
    'browser_status',
    {
      description: "The profile's managed browser: running, CDP port, detected browser.",
      inputSchema: { profile },
      annotations: readOnly,
    },
    ({ profile: name }) => guard(() => link.execute('gateway.browserStatus', { name })),
  );

  server.registerTool(
    'isolation_audit',
    {
      description:
        'Checks that the profiles share no state dir, config, workspace, port or credentials, and says how to fix what they share.',
      annotations: readOnly,
    },
    () =>
      guard(async () => {
        const report = await link.execute('audit.run', {});
        return { hasErrors: report.hasErrors, findings: report.findings };
      }),
  );

  const act = (action: McpAction, description: string) =>
    server.registerTool(
      `${action}_gateway`,
      {
        description: `${description} Allowed only where list_profiles says so; never on your own profile.`,
        inputSchema: { profile },
        annotations: { destructiveHint: action !== 'start', openWorldHint: false },
      },
      async ({ profile: name }) => {
        let snapshot: Snapshot;
        try {
          snapshot = await link.execute('state.snapshot', {});
        } catch (error) {
          return failure((error as Error).message);
        }
        const target = snapshot.profiles.find((p) => p.name.toLowerCase() === name.toLowerCase())?.name ?? name;
        const refusal = actionRefusal(self, target, (n) => snapshot.settings.profiles[n]);
        if (refusal) return failure(`refused: ${refusal}`);
        return guard(async () => {
          if (action === 'stop') return link.execute('gateway.stop', { name: target });
          return gatewaySummary(await link.execute(`gateway.${action}`, { name: target }));
        });
      },
    );
  act('start', 'Starts a gateway and waits until it is ready (or says why it is not).');
  act('stop', 'Stops a gateway (it drains active work first, within the grace period).');
  act('restart', 'Stops and starts a gateway as one job, on the port its config names.');
  return server;
}

/** Serves until stdin closes. Nothing but the protocol goes to stdout. */
export async function serveMcp(options: {
  env: NodeJS.ProcessEnv;
  self: string | null;
  version: string;
  log: (message: string) => void;
}): Promise<void> {
  const link = fleetLink({ env: options.env, author: mcpAuthor(options.self), log: options.log });
  const server = createFleetServer({ link, self: options.self, version: options.version });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
