// The isolation audit: what two profiles must not share — a channel credential, a state dir, config, workspace or
// agent dir, a pinned CDP URL or port — and what in Lobsterpot's environment would send every profile to one place.
// Pure: the core collects the facts (credentials arrive as salted hashes or references, never as values).
import { analyzePorts } from '../../ports/common/conflicts.ts';
import type { FindingKind, Severity } from '../../ports/common/findings.ts';
import type { CredentialScope } from './credential-surface.ts';
import { normalizePath, pathKey } from '../../profiles/common/fields.ts';
import type { PortProfile } from '../../ports/common/ports.ts';
import { openclawHint } from '../../openclaw/common/hint.ts';

/** How a credential reaches the gateway. */
export type CredentialSource = 'inline' | 'file' | 'env-ref' | 'file-ref' | 'exec-ref' | 'env-fallback';

export interface CredentialFact {
  /** The config path it fills, e.g. `channels.telegram.botToken`, `channels.telegram.accounts.ops.tokenFile`. */
  path: string;
  source: CredentialSource;
  /** What identifies it: a salted hash of the value, or the reference itself (`env:NAME`, `file:/p#id`). Never shown. */
  identity: string;
  scope: CredentialScope;
  /** Set when the value would come from the environment every gateway started there shares (not the profile's own). */
  sharedEnv?: string | null;
}

export interface AuditProfile {
  ports: PortProfile;
  /** Explicit `agents.entries.<id>.agentDir` paths. */
  agentDirs: { agent: string; path: string }[];
  /** Explicit `agents.entries.<id>.workspace` paths. */
  agentWorkspaces: { agent: string; path: string }[];
  credentials: CredentialFact[];
}

export interface AuditEnvironment {
  /** Lobsterpot's own environment variables that OpenClaw reads (`OPENCLAW_*`), names and values. */
  overrides: { name: string; value: string }[];
}

export type AuditKind = 'shared-credential' | 'shared-agent-dir' | 'env-override' | 'competing-launcher' | FindingKind;

export interface AuditFinding {
  kind: AuditKind;
  severity: Severity;
  /** Sorted. */
  profiles: string[];
  message: string;
  fix: string;
}

/** The port analysis's findings that are about sharing, reused as they are. */
const SHARING_KINDS: readonly FindingKind[] = [
  'shared-state-dir',
  'shared-config',
  'shared-workspace',
  'same-cdp-url',
  'same-port',
];

/** What each `OPENCLAW_*` override would do to a gateway started by hand in Lobsterpot's environment. */
const OVERRIDES: Record<string, (value: string) => string> = {
  OPENCLAW_STATE_DIR: (v) => `would keep every profile's state in ${v}, whatever --profile says`,
  OPENCLAW_CONFIG_PATH: (v) => `would make every profile read the config ${v}, whatever --profile says`,
  OPENCLAW_GATEWAY_PORT: (v) => `would make every profile listen on port ${v}, whatever its gateway.port says`,
  OPENCLAW_WORKSPACE_DIR: (v) => `would give every profile the workspace ${v}`,
  OPENCLAW_PROFILE: (v) => `would make a bare \`openclaw\` command act on the profile ${v}`,
};

/** The overrides the audit reports: each would send every profile to one place. */
export const OVERRIDE_NAMES: readonly string[] = Object.keys(OVERRIDES);

const channelOf = (path: string) => (path.startsWith('channels.') ? (path.split('.')[1] ?? 'channel') : null);

function credentialFindings(profiles: readonly AuditProfile[]): AuditFinding[] {
  const groups = new Map<string, { profile: string; fact: CredentialFact }[]>();
  for (const profile of profiles) {
    for (const fact of profile.credentials) {
      const key = `${fact.scope}\0${fact.identity}`;
      const group = groups.get(key) ?? [];
      group.push({ profile: profile.ports.name, fact });
      groups.set(key, group);
    }
  }
  const findings: AuditFinding[] = [];
  for (const group of groups.values()) {
    const names = [...new Set(group.map((g) => g.profile))].sort();
    if (names.length < 2) continue;
    const scope = group[0]?.fact.scope ?? 'channel';
    const where = names
      .map((name) => {
        const paths = [...new Set(group.filter((g) => g.profile === name).map((g) => describeFact(g.fact)))].sort();
        return `${name} (${paths.join(', ')})`;
      })
      .join(' and ');
    const fromEnv = group.every((g) => g.fact.sharedEnv);
    const channel = channelOf(group.map((g) => g.fact.path).sort()[0] ?? '');
    if (fromEnv) {
      const variable = group[0]?.fact.sharedEnv ?? 'the variable';
      findings.push({
        kind: 'shared-credential',
        severity: 'warning',
        profiles: names,
        message: `${where} take their ${channel ?? 'gateway'} credential from ${variable} in the environment they start in: Lobsterpot does not pass it to its gateways, but gateways started by hand or by a service there would all use that one credential`,
        fix: `Give each profile its own credential in its config (or its own ${variable} in <state dir>/.env), or enable the channel in one profile only.`,
      });
      continue;
    }
    findings.push(
      scope === 'channel'
        ? {
            kind: 'shared-credential',
            severity: 'error',
            profiles: names,
            message: `${where} use the same ${channel} credential: two gateways on one bot fight over it (Telegram answers every poll with HTTP 409)`,
            fix: `Give each profile its own ${channel} bot or account, or enable the channel in one profile only.`,
          }
        : {
            kind: 'shared-credential',
            severity: 'warning',
            profiles: names,
            message: `${where} use the same gateway credential: whoever holds it can drive every one of these gateways`,
            fix: `Give each profile its own gateway token (\`${openclawHint('--profile <name> doctor --generate-gateway-token')}\`).`,
          },
    );
  }
  return findings;
}

function describeFact(fact: CredentialFact): string {
  switch (fact.source) {
    case 'env-fallback':
      return `${fact.path} unset, so ${fact.sharedEnv ?? 'its env fallback'}`;
    case 'env-ref':
      return `${fact.path} from ${fact.sharedEnv ?? 'an env SecretRef'}`;
    default:
      return fact.path;
  }
}

/** Explicit paths (agent dirs, agents' workspaces) that two profiles both name, after normalization. */
function pathFindings(
  profiles: readonly AuditProfile[],
  pick: (p: AuditProfile) => { agent: string; path: string }[],
  kind: AuditKind,
  what: string,
  home: string | null,
  extra: (p: AuditProfile) => string[] = () => [],
): AuditFinding[] {
  const groups = new Map<string, { profile: string; path: string; agent: string | null }[]>();
  const add = (profile: string, path: string, agent: string | null) => {
    const normalized = normalizePath(path, { home });
    if (!normalized.ok) return;
    const key = pathKey(normalized.path, normalized.style);
    const group = groups.get(key) ?? [];
    group.push({ profile, path: normalized.path, agent });
    groups.set(key, group);
  };
  for (const profile of profiles) {
    for (const entry of pick(profile)) add(profile.ports.name, entry.path, entry.agent);
    for (const path of extra(profile)) add(profile.ports.name, path, null);
  }
  const findings: AuditFinding[] = [];
  for (const group of groups.values()) {
    const names = [...new Set(group.map((g) => g.profile))].sort();
    // Only explicit per-agent paths start a finding; a profile's default workspace joins one.
    if (names.length < 2 || !group.some((g) => g.agent !== null)) continue;
    const path = group.map((g) => g.path).sort()[0] ?? '';
    findings.push({
      kind,
      severity: 'error',
      profiles: names,
      message: `${names.join(' and ')} share the ${what} ${path}: their agents would overwrite each other's files`,
      fix: `Give each profile's agents their own ${what} (agents.entries.<id>.${kind === 'shared-agent-dir' ? 'agentDir' : 'workspace'}).`,
    });
  }
  return findings;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1 };

/**
 * Every isolation finding among the profiles and in Lobsterpot's environment. Symmetric (the order of the profiles
 * does not matter); a sharing finding always names at least two profiles; a credential is never part of a message.
 */
export function auditIsolation(
  profiles: readonly AuditProfile[],
  environment: AuditEnvironment,
  options: { home?: string | null } = {},
): AuditFinding[] {
  const home = options.home ?? null;
  const findings: AuditFinding[] = [];
  // The port analysis already compares state dirs, configs, default workspaces, pinned CDP URLs and ports: reused.
  const ports = analyzePorts(
    profiles.map((p) => p.ports),
    [],
    { home },
  );
  for (const finding of ports) {
    if (!SHARING_KINDS.includes(finding.kind) || finding.profiles.length < 2) continue;
    const { kind, severity, profiles: names, message, fix } = finding;
    findings.push({ kind, severity, profiles: [...names].sort(), message, fix });
  }
  findings.push(...credentialFindings(profiles));
  findings.push(...pathFindings(profiles, (p) => p.agentDirs, 'shared-agent-dir', 'agent dir', home));
  const workspaces = pathFindings(
    profiles,
    (p) => p.agentWorkspaces,
    'shared-workspace',
    'workspace',
    home,
    (p) => (p.ports.workspace ? [p.ports.workspace] : []),
  );
  // Two default workspaces alone are the port analysis's finding already.
  for (const finding of workspaces) {
    const same = findings.some(
      (f) => f.kind === 'shared-workspace' && f.profiles.join('\0') === finding.profiles.join('\0'),
    );
    if (!same) findings.push(finding);
  }
  const names = profiles.map((p) => p.ports.name).sort();
  for (const { name, value } of environment.overrides) {
    const effect = OVERRIDES[name];
    if (!effect) continue;
    findings.push({
      kind: 'env-override',
      severity: 'warning',
      profiles: names,
      message: `${name}=${value} is set in Lobsterpot's environment: Lobsterpot removes it for the gateways it starts, but a gateway or \`openclaw\` command started by hand in that shell ${effect(value)}`,
      fix: `Unset ${name} in the shell or service that starts Lobsterpot, and use \`${openclawHint('--profile <name> …')}\` instead.`,
    });
  }
  return findings.sort(
    (x, y) =>
      severityRank[x.severity] - severityRank[y.severity] ||
      x.kind.localeCompare(y.kind) ||
      x.profiles.join('\0').localeCompare(y.profiles.join('\0')) ||
      x.message.localeCompare(y.message),
  );
}
