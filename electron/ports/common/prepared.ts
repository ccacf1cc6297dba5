// A profile reduced to what the conflict analysis compares: its usable base, the ports its config names, its paths as keys, and the findings about it alone. Pure.
import { normalizePath, pathKey } from '../../profiles/common/fields.ts';
import type { Finding, FindingKind } from './findings.ts';
import {
  DEFAULT_GATEWAY_PORT,
  FOOTPRINT_SPAN,
  MAX_BASE_PORT,
  MAX_PORT,
  MIN_PORT,
  baseProblem,
  effectiveBasePort,
  footprintOf,
  type PortProfile,
  type PortRange,
  type PortUse,
} from './ports.ts';

export interface ExtraPort {
  port: number;
  use: PortUse;
  label: string;
  /** The config key that names the port. */
  field: string;
}

export type PathKind = 'state' | 'config' | 'workspace';

/** A profile path as written, and its comparison key (null when it cannot be compared: a relative path). */
export interface PreparedPath {
  kind: PathKind;
  path: string;
  key: string | null;
  /** Whose path it is. */
  profile: Prepared;
}

export interface AnalysisOptions {
  /** OpenClaw's `~`, to expand `~/…` paths before comparing them. */
  home?: string | null;
  /** The OS's ephemeral ports: a footprint there is a warning, and suggestions stay out (ports.ts ephemeralRangeOf). */
  ephemeral?: PortRange | null;
}

/** A profile reduced to what the analysis compares. */
export interface Prepared {
  name: string;
  key: string;
  /** Null when the base port is unusable (then no range checks are made with it). */
  base: number | null;
  /** As given: its footprint is worked out again only to word a finding (most profiles never need it). */
  source: PortProfile;
  /** Concrete ports that this profile's config names (they may lie anywhere, its own block included). */
  extras: ExtraPort[];
  pinnedCdpUrl: string | null;
  paths: PreparedPath[];
  invalid: Finding[];
  fallback: Finding | null;
  ephemeral: Finding | null;
}

const isValidPort = (port: number) => Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT;

const normalizeUrl = (url: string) =>
  url.trim().toLowerCase().replace(/\/+$/, '').replace('://localhost', '://127.0.0.1');

export const pathNames: Record<PathKind, string> = {
  state: 'state dir',
  config: 'config file',
  workspace: 'workspace',
};
export const pathKinds: Record<PathKind, FindingKind> = {
  state: 'shared-state-dir',
  config: 'shared-config',
  workspace: 'shared-workspace',
};

/** An absolute POSIX path already canonical: no empty, `.` or `..` segment, no trailing separator or space, no NUL. */
const CANONICAL_POSIX = /^(?:\/(?!\.{1,2}(?:\/|$))[^/\0]+)+(?<!\s)$/;

function preparePath(kind: PathKind, path: string, home: string | null | undefined, profile: Prepared): PreparedPath {
  // Most paths are stored canonical: their key is the separators turned into NUL (what pathKey computes, ~10× cheaper).
  if (CANONICAL_POSIX.test(path)) return { kind, path, key: path.replaceAll('/', '\0'), profile };
  const normalized = normalizePath(path, { home });
  return normalized.ok
    ? { kind, path: normalized.path, key: pathKey(normalized.path, normalized.style), profile }
    : { kind, path, key: null, profile };
}

/** Whether the config names any port of its own (most do not: then the footprint is the base's block alone). */
const namesPorts = (profile: PortProfile) =>
  profile.mcpSandboxPort != null ||
  !!profile.cdpPorts?.length ||
  !!profile.cdpUrls?.length ||
  !!profile.pinnedCdpUrl ||
  profile.canvasPort != null;

export function prepare(profile: PortProfile, options: AnalysisOptions = {}): Prepared {
  const { port: base, source } = effectiveBasePort(profile.name, profile.port, profile.layout);
  const invalid: Finding[] = [];
  const problem = baseProblem(base);
  if (problem) {
    invalid.push({
      kind: 'invalid-port',
      severity: 'error',
      profiles: [profile.name],
      ports: Number.isFinite(base) ? [base] : [],
      message: `${profile.name}: gateway.port ${problem}`,
      fix: `Set ${profile.name}'s base port to a whole number between ${MIN_PORT} and ${MAX_BASE_PORT}.`,
    });
  }
  const extras: ExtraPort[] = [];
  for (const span of namesPorts(profile) ? footprintOf(profile).spans : []) {
    if (span.field === undefined) continue;
    const { from: port, use, label, field } = span;
    if (isValidPort(port)) extras.push({ port, use, label, field });
    else {
      invalid.push({
        kind: 'invalid-port',
        severity: 'error',
        profiles: [profile.name],
        ports: Number.isFinite(port) ? [port] : [],
        message: `${profile.name}: ${field} must be a whole number between ${MIN_PORT} and ${MAX_PORT}`,
        fix: `Fix or remove ${field} in ${profile.name}.`,
      });
    }
  }
  const pinned = profile.pinnedCdpUrl ? profile.pinnedCdpUrl : null;

  const fallback: Finding | null =
    (source === 'hash' || source === 'default') && !problem
      ? {
          kind: 'default-port',
          severity: 'warning',
          profiles: [profile.name],
          ports: [base],
          message:
            source === 'hash'
              ? `${profile.name} has no gateway.port: OpenClaw falls back to the hash port ${base}, which other profiles' hash ports can overlap`
              : `${profile.name} has no gateway.port: it uses OpenClaw's default ${DEFAULT_GATEWAY_PORT}`,
          fix: `Write ${profile.name}'s base port into its config (use the suggested port).`,
        }
      : null;
  const range = options.ephemeral;
  const overlap = range && !problem ? [Math.max(base, range.from), Math.min(base + FOOTPRINT_SPAN, range.to)] : null;
  const ephemeral: Finding | null =
    range && overlap && (overlap[0] as number) <= (overlap[1] as number)
      ? {
          kind: 'ephemeral-range',
          severity: 'warning',
          profiles: [profile.name],
          ports: overlap as number[],
          message: `${profile.name}'s ports ${base}–${base + FOOTPRINT_SPAN} overlap the OS's ephemeral range ${range.from}–${range.to}: an outgoing connection can take ${overlap[0]}–${overlap[1]} at any moment`,
          fix: `Move ${profile.name}'s base port below ${range.from - FOOTPRINT_SPAN} or above ${range.to} (use the suggested port).`,
        }
      : null;
  const prepared: Prepared = {
    name: profile.name,
    key: profile.name.toLowerCase(),
    base: problem ? null : base,
    source: profile,
    extras,
    pinnedCdpUrl: pinned ? normalizeUrl(pinned) : null,
    paths: [],
    invalid,
    fallback,
    ephemeral,
  };
  prepared.paths.push(
    preparePath('state', profile.stateDir, options.home, prepared),
    preparePath('config', profile.configPath, options.home, prepared),
  );
  if (profile.workspace) prepared.paths.push(preparePath('workspace', profile.workspace, options.home, prepared));
  return prepared;
}

export interface PathEntry extends PreparedPath {
  key: string;
}
