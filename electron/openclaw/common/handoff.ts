// OpenClaw's restart hand-off for external supervisors (`gateway restart-handoff capabilities|consume --json`, its
// docs/cli/gateway/restart-and-supervision.md): what the runtime says it supports, and what a consume returned. Pure.
import type { HandoffSupport } from '../../contract/contract.ts';

/** The protocol Lobsterpot speaks; a runtime that answers another version is not used in external mode. */
export const HANDOFF_PROTOCOL = 'openclaw.gateway.restart-handoff';
export const HANDOFF_PROTOCOL_VERSION = 1;

export const CAPABILITIES_ARGS = ['gateway', 'restart-handoff', 'capabilities', '--json'];
export const consumeArgs = (pid: number) => [
  'gateway',
  'restart-handoff',
  'consume',
  '--expected-pid',
  String(pid),
  '--json',
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether the runtime supports the hand-off, from its own answer to `capabilities`: protocol 1 with `consume`.
 * An older build rejects the command (2026.4.27: `error: unknown option '--json'`, exit 1): not supported.
 */
export function parseCapabilities(
  result: { code: number | null; json: unknown; timedOut: boolean },
  checkedAt: number,
): HandoffSupport {
  const json = isRecord(result.json) ? result.json : null;
  const version = typeof json?.protocolVersion === 'number' ? json.protocolVersion : null;
  const operations = Array.isArray(json?.operations) ? json.operations : [];
  const supported =
    result.code === 0 &&
    json?.ok === true &&
    json.protocol === HANDOFF_PROTOCOL &&
    version === HANDOFF_PROTOCOL_VERSION &&
    operations.includes('consume');
  const why = supported
    ? null
    : result.timedOut
      ? 'the capability probe timed out'
      : json
        ? `protocol ${String(json.protocol ?? '?')} version ${version ?? '?'} without consume`
        : `not supported by this OpenClaw (exit ${result.code ?? '?'})`;
  return { supported, protocolVersion: version, checkedAt, why };
}

/** A hand-off OpenClaw left for this process, accepted: the restart it wants and why. */
export interface AcceptedHandoff {
  /** OpenClaw's words: `config reload: gateway.port`, `gateway.restart`, `SIGUSR2`… */
  reason: string | null;
  /** `config-write`, `operator-restart`, `gateway-update`, `plugin-change`, `signal` or `unknown`. */
  source: string;
  /** `full-process` or `update-process`. */
  restartKind: string;
}

/**
 * A consume's answer: the accepted hand-off, or null when none authorizes a restart (`none`/`missing`, `expired`,
 * `invalid`, `pid-mismatch`, a failed store or an unreadable answer).
 */
export function parseConsume(json: unknown): AcceptedHandoff | null {
  if (!isRecord(json) || json.ok !== true || json.status !== 'accepted' || !isRecord(json.handoff)) return null;
  const { reason, source, restartKind } = json.handoff;
  return {
    reason: typeof reason === 'string' ? reason : null,
    source: typeof source === 'string' ? source : 'unknown',
    restartKind: typeof restartKind === 'string' ? restartKind : 'full-process',
  };
}

const SOURCES: Record<string, string> = {
  'config-write': 'a config change',
  'operator-restart': 'openclaw gateway restart',
  'gateway-update': 'an update',
  'plugin-change': 'a plugin change',
  signal: 'a restart signal',
};

/** The cause as the history says it: "OpenClaw asked for a restart (a config change: config reload: gateway.port)". */
export function handoffText(handoff: AcceptedHandoff): string {
  const source = SOURCES[handoff.source] ?? 'its own reasons';
  return `OpenClaw asked for a restart (${source}${handoff.reason ? `: ${handoff.reason}` : ''})`;
}
