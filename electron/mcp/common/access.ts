// What `lobsterpot mcp` lets an agent do. Reading the fleet is always allowed; starting, stopping and restarting a
// gateway only when the profile the agent runs in has `mcpActions` on, and never on that profile itself (an agent
// that stops its own gateway ends its own turn and cannot start it again).
import type { ProfileFlags } from '../../contract/contract.ts';

/** The name the server has in a profile's `mcp.servers`. */
export const MCP_SERVER_NAME = 'lobsterpot';

export const MCP_ACTIONS = ['start', 'stop', 'restart'] as const;
export type McpAction = (typeof MCP_ACTIONS)[number];

/** Who acts, as the history records it: `mcp (rescue)`, or `mcp` when the server was started for no profile. */
export const mcpAuthor = (self: string | null): string => (self ? `mcp (${self})` : 'mcp');

/** Profile names compare as OpenClaw's folders do on a case-insensitive file system. */
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Why the server started for `self` may not act on `target`, or null when it may. */
export function actionRefusal(
  self: string | null,
  target: string,
  flagsOf: (name: string) => ProfileFlags | undefined,
): string | null {
  if (!self)
    return 'this MCP server was started for no profile (`lobsterpot mcp --profile NAME`): it may only look, not act';
  if (same(self, target))
    return `${target} is the profile this agent runs in: it may not start, stop or restart itself`;
  if (!flagsOf(self)?.mcpActions)
    return `actions are off for ${self}'s agent: turn on "MCP actions" for ${self} in Manage, or \`lobsterpot flags ${self} --mcp-actions on\``;
  return null;
}
