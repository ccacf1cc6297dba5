// Conflict analysis over port intervals: O(n log n + k) for n profiles and k findings. Pure.
import { normalizePath, pathKey } from '../../profiles/common/fields.ts';
import {
  DEFAULT_GATEWAY_PORT,
  DEV_GATEWAY_PORT,
  FOOTPRINT_SPAN,
  MAX_BASE_PORT,
  MAX_PORT,
  MIN_PORT,
  RECOMMENDED_SPACING,
  derivedSpanAt,
  effectiveBasePort,
  footprintOf,
  type PortProfile,
  type PortRange,
  type PortUse,
} from './ports.ts';
import { baseProblem } from './ports.ts';

export type Severity = 'error' | 'warning';

export type FindingKind =
  | 'invalid-port'
  | 'same-base'
  | 'footprint-overlap'
  | 'port-in-footprint'
  | 'same-port'
  | 'same-cdp-url'
  | 'shared-state-dir'
  | 'shared-config'
  | 'shared-workspace'
  | 'relative-path'
  | 'tight-spacing'
  | 'default-port'
  | 'ephemeral-range'
  | 'live-listener';

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** Sorted, so a finding reads the same whichever profile is looked at first. */
  profiles: string[];
  ports: number[];
  message: string;
  /** One line that says how to make the finding go away. */
  fix: string;
}

/** A process listening on a TCP port; `profile` is set when it is known to be that profile's own gateway (or its child). */
export interface Listener {
  port: number;
  pid: number | null;
  command: string | null;
  profile?: string | null;
}

interface ExtraPort {
  port: number;
  use: PortUse;
  label: string;
  /** The config key that names the port. */
  field: string;
}

type PathKind = 'state' | 'config' | 'workspace';

/** A profile path as written, and its comparison key (null when it cannot be compared: a relative path). */
interface PreparedPath {
  kind: PathKind;
  path: string;
  key: string | null;
  /** Whose path it is: set once the profile is prepared. */
  profile: Prepared;
}

export interface AnalysisOptions {
  /** OpenClaw's `~`, to expand `~/…` paths before comparing them. */
  home?: string | null;
  /** The OS's ephemeral ports: a footprint there is a warning, and suggestions stay out (ports.ts ephemeralRangeOf). */
  ephemeral?: PortRange | null;
}

/** A profile reduced to what the analysis compares. */
interface Prepared {
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

const pathNames: Record<PathKind, string> = { state: 'state dir', config: 'config file', workspace: 'workspace' };
const pathKinds: Record<PathKind, FindingKind> = {
  state: 'shared-state-dir',
  config: 'shared-config',
  workspace: 'shared-workspace',
};

/** An absolute POSIX path already canonical: no empty, `.` or `..` segment, no trailing separator or space, no NUL. */
const CANONICAL_POSIX = /^(?:\/(?!\.{1,2}(?:\/|$))[^/\0]+)+(?<!\s)$/;

/** A path's profile until prepare() sets it. */
const UNSET = null as unknown as Prepared;

function preparePath(kind: PathKind, path: string, home: string | null | undefined): PreparedPath {
  // Most paths are stored canonical: their key is the separators turned into NUL (what pathKey computes, ~10× cheaper).
  if (CANONICAL_POSIX.test(path)) return { kind, path, key: path.replaceAll('/', '\0'), profile: UNSET };
  const normalized = normalizePath(path, { home });
  return normalized.ok
    ? { kind, path: normalized.path, key: pathKey(normalized.path, normalized.style), profile: UNSET }
    : { kind, path, key: null, profile: UNSET };
}

/** The own ports a named port must not take: base … base+10 (gateway, sandbox, browser control, relays). */
const OWN_FIXED_SPAN = 10;

/**
 * Whether a port the config names clashes with its own profile's fixed ports. The CDP range base+11 … base+110 is
 * where OpenClaw's own `browser create-profile` puts explicit cdpPorts; the legacy canvas port is base+4 by design,
 * and the sandbox override may name base+1.
 */
const clashesWithOwnPorts = (extra: ExtraPort, base: number) =>
  extra.port >= base &&
  extra.port <= base + OWN_FIXED_SPAN &&
  extra.use !== 'canvas' &&
  !(extra.use === 'mcp-sandbox' && extra.port === base + 1);

/** Whether the config names any port of its own (most do not: then the footprint is the base's block alone). */
const namesPorts = (profile: PortProfile) =>
  profile.mcpSandboxPort != null ||
  !!profile.cdpPorts?.length ||
  !!profile.cdpUrls?.length ||
  !!profile.pinnedCdpUrl ||
  profile.canvasPort != null;

function prepare(profile: PortProfile, options: AnalysisOptions = {}): Prepared {
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
  const paths = [
    preparePath('state', profile.stateDir, options.home),
    preparePath('config', profile.configPath, options.home),
  ];
  if (profile.workspace) paths.push(preparePath('workspace', profile.workspace, options.home));
  const prepared: Prepared = {
    name: profile.name,
    key: profile.name.toLowerCase(),
    base: problem ? null : base,
    source: profile,
    extras,
    pinnedCdpUrl: pinned ? normalizeUrl(pinned) : null,
    paths,
    invalid,
    fallback,
    ephemeral,
  };
  for (const path of paths) path.profile = prepared;
  return prepared;
}

const inBlock = (port: number, base: number | null) => base !== null && port >= base && port <= base + FOOTPRINT_SPAN;

function pair(a: Prepared, b: Prepared): [Prepared, Prepared] {
  return a.name <= b.name ? [a, b] : [b, a];
}

/** Every finding between two different profiles. Symmetric: pairFindings(a, b) equals pairFindings(b, a). */
function pairFindings(first: Prepared, second: Prepared): Finding[] {
  const base = baseFinding(first, second);
  const rest = portFindings(first, second);
  if (base) rest.unshift(base);
  return rest;
}

/** What two base ports closer than the recommended spacing say: the same base, overlapping blocks, or tight spacing. */
function baseFinding(first: Prepared, second: Prepared): Finding | null {
  const [a, b] = pair(first, second);
  if (a.base === null || b.base === null) return null;
  const names = [a.name, b.name];
  const distance = Math.abs(a.base - b.base);
  if (distance === 0) {
    return {
      kind: 'same-base',
      severity: 'error',
      profiles: names,
      ports: [a.base],
      message: `${a.name} and ${b.name} both use base port ${a.base}`,
      fix: `Give ${b.name} another base port (use the suggested port).`,
    };
  }
  if (distance <= FOOTPRINT_SPAN) {
    const low = Math.min(a.base, b.base);
    const high = Math.max(a.base, b.base);
    return {
      kind: 'footprint-overlap',
      severity: 'error',
      profiles: names,
      ports: [high, low + FOOTPRINT_SPAN],
      message: `${a.name} (${a.base}) and ${b.name} (${b.base}) are ${distance} apart: ports ${high}–${low + FOOTPRINT_SPAN} belong to both`,
      fix: `Move one of them so the base ports are at least ${RECOMMENDED_SPACING} apart.`,
    };
  }
  if (distance < RECOMMENDED_SPACING) {
    return {
      kind: 'tight-spacing',
      severity: 'warning',
      profiles: names,
      ports: [a.base, b.base].sort((x, y) => x - y),
      message: `${a.name} and ${b.name} are only ${distance} ports apart; upstream advises at least ${RECOMMENDED_SPACING}`,
      fix: `Move one of them so the base ports are at least ${RECOMMENDED_SPACING} apart.`,
    };
  }
  return null;
}

/** The findings of two profiles' named ports and pinned URLs (everything but their base ports). */
function portFindings(first: Prepared, second: Prepared): Finding[] {
  const [a, b] = pair(first, second);
  const names = [a.name, b.name];
  const findings: Finding[] = [];
  for (const [owner, other] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const extra of owner.extras) {
      if (inBlock(extra.port, other.base)) findings.push(insideFootprint(owner, extra, other, names));
    }
  }
  for (const extraA of a.extras) {
    for (const extraB of b.extras) if (extraA.port === extraB.port) findings.push(samePort(a, extraA, b, extraB));
  }
  if (a.pinnedCdpUrl !== null && a.pinnedCdpUrl === b.pinnedCdpUrl) findings.push(sameCdpUrl(a, b));
  return findings;
}

const namesOf = ([a, b]: [Prepared, Prepared]) => [a.name, b.name];

/** `a` (first by name) and `b` name the same port. */
function samePort(a: Prepared, extraA: ExtraPort, b: Prepared, extraB: ExtraPort): Finding {
  return {
    kind: 'same-port',
    severity: 'error',
    profiles: [a.name, b.name],
    ports: [extraA.port],
    message: `${a.name}'s ${extraA.label} and ${b.name}'s ${extraB.label} are both ${extraA.port}`,
    fix: `Give one of them another port.`,
  };
}

/** `a` (first by name) and `b` pin the same browser. */
function sameCdpUrl(a: Prepared, b: Prepared): Finding {
  return {
    kind: 'same-cdp-url',
    severity: 'error',
    profiles: [a.name, b.name],
    ports: [],
    message: `${a.name} and ${b.name} pin the same browser.cdpUrl (${a.pinnedCdpUrl})`,
    fix: `Remove browser.cdpUrl from one of them; put a shared remote Chrome in browser.profiles.<name>.cdpUrl.`,
  };
}

/**
 * A run of overlapping footprints with more than this many profiles is one finding: its pairs (up to 78 for 13) would
 * bury every other finding, and the fix is the same for all of them.
 */
export const GROUP_ABOVE = 12;

const count = (n: number) => n.toLocaleString('en-US');

/** One finding for `members` (sorted by base, each within the span of the one before): how crowded, and how to fix. */
function clusterFinding(members: readonly Prepared[]): Finding {
  const bases = members.map((m) => m.base as number);
  let overlapping = 0;
  let sameBase = 0;
  // Two pointers: each base overlaps the earlier ones within the span; equal runs are the same-base pairs.
  for (let i = 0, first = 0, equal = 0; i < bases.length; i++) {
    while ((bases[i] as number) - (bases[first] as number) > FOOTPRINT_SPAN) first++;
    overlapping += i - first;
    equal = i > 0 && bases[i] === bases[i - 1] ? equal + 1 : 0;
    sameBase += equal;
  }
  const names = members.map((m) => m.name).sort();
  const low = bases[0] as number;
  const high = bases.at(-1) as number;
  const fits = Math.floor((high - low) / RECOMMENDED_SPACING) + 1;
  const shown = `${names.slice(0, 3).join(', ')} and ${count(names.length - 3)} more`;
  return {
    kind: 'footprint-overlap',
    severity: 'error',
    profiles: names,
    ports: [low, high + FOOTPRINT_SPAN],
    message: `${count(names.length)} profiles crowd ports ${low}–${high + FOOTPRINT_SPAN} (${shown}): ${count(overlapping)} pairs of them share ports${sameBase ? `, ${count(sameBase)} pairs the same base port` : ''}`,
    fix:
      names.length > fits
        ? `Space their base ports at least ${RECOMMENDED_SPACING} apart: ${low}–${high} holds ${count(fits)} of them that way, so move the other ${count(names.length - fits)} elsewhere (use the suggested port for each).`
        : `Space their base ports at least ${RECOMMENDED_SPACING} apart (use the suggested port for each).`,
  };
}

/** `owner`'s port `extra` lies in `other`'s block (which may be `owner`'s own): the finding names the span it hit. */
function insideFootprint(owner: Prepared, extra: ExtraPort, other: Prepared, names: string[]): Finding {
  const range = `${other.base}–${(other.base ?? 0) + FOOTPRINT_SPAN}`;
  return {
    kind: 'port-in-footprint',
    severity: 'error',
    profiles: names,
    ports: [extra.port],
    message: `${owner.name}'s ${extra.field} ${extra.port} is inside ${other.name}'s footprint ${range} (${derivedSpanAt(footprintOf(other.source), extra.port)})`,
    fix: `Move ${owner.name}'s ${extra.label} outside ${range}.`,
  };
}

function ownFindings(profile: Prepared): Finding[] {
  const findings = [...profile.invalid];
  if (profile.fallback) findings.push(profile.fallback);
  if (profile.ephemeral) findings.push(profile.ephemeral);
  for (const extra of profile.extras) {
    if (profile.base !== null && clashesWithOwnPorts(extra, profile.base))
      findings.push(insideFootprint(profile, extra, profile, [profile.name]));
  }
  for (const path of profile.paths) {
    if (path.key !== null) continue;
    findings.push({
      kind: 'relative-path',
      severity: 'warning',
      profiles: [profile.name],
      ports: [],
      message: `${profile.name}'s ${pathNames[path.kind]} ${path.path} is not an absolute path: where it lands depends on the folder the gateway starts in`,
      fix: `Give ${profile.name} an absolute ${pathNames[path.kind]}.`,
    });
  }
  const seen = new Map<number, ExtraPort>();
  for (const extra of profile.extras) {
    const before = seen.get(extra.port);
    if (before) {
      findings.push({
        kind: 'same-port',
        severity: 'error',
        profiles: [profile.name],
        ports: [extra.port],
        message: `${profile.name}'s ${before.label} and ${extra.label} are both ${extra.port}`,
        fix: `Give one of them another port.`,
      });
    } else seen.set(extra.port, extra);
  }
  return findings;
}

function listenerFindings(profile: Prepared, listeners: readonly Listener[]): Finding[] {
  const findings: Finding[] = [];
  for (const listener of listeners) {
    if (listener.profile != null && listener.profile.toLowerCase() === profile.key) continue;
    const isBase = listener.port === profile.base;
    if (!isBase && !inBlock(listener.port, profile.base) && !profile.extras.some((e) => e.port === listener.port))
      continue;
    const holder =
      listener.pid !== null
        ? `pid ${listener.pid}${listener.command ? ` (${listener.command})` : ''}`
        : listener.profile
          ? `${listener.profile}'s gateway`
          : 'another process';
    findings.push({
      kind: 'live-listener',
      severity: isBase ? 'error' : 'warning',
      profiles: listener.profile ? [profile.name, listener.profile].sort() : [profile.name],
      ports: [listener.port],
      message: `${holder} already listens on ${listener.port}, ${isBase ? `${profile.name}'s base port` : `inside ${profile.name}'s ports`}`,
      fix: isBase
        ? `Stop ${holder} or give ${profile.name} another base port (use the suggested port).`
        : `Stop ${holder} or move ${profile.name} away from ${listener.port}.`,
    });
  }
  return findings;
}

/**
 * An index over the profiles' ports: sorted base ports and a map of concrete ports. Built in O(n log n); answers
 * "which profiles could clash with this one" in O(log n + k).
 */
export class PortIndex {
  readonly #profiles: Prepared[];
  /** Profiles with a usable base, sorted by base. */
  readonly #byBase: Prepared[];
  /** Every named port: the profile and which of its ports it is. */
  readonly #extras = new Map<number, { profile: Prepared; extra: ExtraPort }[]>();
  readonly #cdpUrls = new Map<string, Prepared[]>();
  /** Per kind of path: every comparable path, sorted by key (so a path comes right before the ones inside it). */
  readonly #sortedPaths = new Map<PathKind, PathEntry[]>();
  /** Per kind, the paths by key: built on the first draft's question, since only the editor walks up a path. */
  #pathsByKey: Map<PathKind, Map<string, PathEntry[]>> | null = null;
  readonly #listeners: readonly Listener[];
  readonly #options: AnalysisOptions;
  /** The merged intervals no suggested base may fall in, per profile left out (the editor asks once per keystroke). */
  readonly #blocked = new Map<string | undefined, [number, number][]>();

  constructor(profiles: readonly PortProfile[], listeners: readonly Listener[] = [], options: AnalysisOptions = {}) {
    this.#options = options;
    this.#profiles = profiles.map((profile) => prepare(profile, options));
    this.#byBase = this.#profiles.filter((p) => p.base !== null).sort((x, y) => (x.base ?? 0) - (y.base ?? 0));
    this.#listeners = listeners;
    for (const profile of this.#profiles) {
      for (const extra of profile.extras) push(this.#extras, extra.port, { profile, extra });
      if (profile.pinnedCdpUrl !== null) push(this.#cdpUrls, profile.pinnedCdpUrl, profile);
      for (const path of profile.paths) {
        if (path.key === null) continue;
        push(this.#sortedPaths, path.kind, path as PathEntry);
      }
    }
    for (const entries of this.#sortedPaths.values()) entries.sort((x, y) => compareKeys(x.key, y.key));
  }

  /**
   * Every finding among all the profiles. Runs of overlapping footprints with more than GROUP_ABOVE profiles are one
   * finding each (clusterFinding) instead of a finding per pair; pairs of everything else are found as before.
   */
  analyze(): Finding[] {
    const findings: Finding[] = [];
    for (const profile of this.#profiles) {
      findings.push(...ownFindings(profile));
      if (this.#listeners.length) findings.push(...listenerFindings(profile, this.#listeners));
    }
    // Sorted by base, a cluster of overlapping footprints is a run where each base is within the span of the last.
    const byBase = this.#byBase;
    const baseAt = (i: number) => (byBase[i] as Prepared).base as number;
    const cluster = new Int32Array(byBase.length);
    const grouped: boolean[] = [];
    for (let start = 0, i = 1; i <= byBase.length; i++) {
      if (i < byBase.length && baseAt(i) - baseAt(i - 1) <= FOOTPRINT_SPAN) {
        cluster[i] = grouped.length;
        continue;
      }
      const big = i - start > GROUP_ABOVE;
      if (big) findings.push(clusterFinding(byBase.slice(start, i)));
      grouped.push(big);
      start = i;
      if (i < byBase.length) cluster[i] = grouped.length;
    }
    // Bases closer than the recommended spacing, in one sweep; pairs inside a grouped cluster are its finding already.
    for (let i = 0; i < byBase.length; i++) {
      const a = byBase[i] as Prepared;
      const own = cluster[i] as number;
      for (let j = i + 1; j < byBase.length && baseAt(j) - (a.base as number) < RECOMMENDED_SPACING; j++) {
        const b = byBase[j] as Prepared;
        if ((cluster[j] === own && grouped[own]) || a.key === b.key) continue;
        const finding = baseFinding(a, b);
        if (finding) findings.push(finding);
      }
    }
    // Named ports inside another block, named ports equal to another's, the same pinned URL.
    for (const profile of this.#profiles) {
      for (const extra of profile.extras) {
        for (const other of this.#basesBetween(extra.port - FOOTPRINT_SPAN, extra.port)) {
          if (other.key === profile.key) continue;
          findings.push(insideFootprint(profile, extra, other, namesOf(pair(profile, other))));
        }
      }
    }
    for (const holders of this.#extras.values()) {
      for (let i = 0; i < holders.length; i++) {
        for (let j = i + 1; j < holders.length; j++) {
          const [x, y] = [holders[i], holders[j]] as [(typeof holders)[0], (typeof holders)[0]];
          if (x.profile.key === y.profile.key) continue;
          const [a, b] = x.profile.name <= y.profile.name ? [x, y] : [y, x];
          findings.push(samePort(a.profile, a.extra, b.profile, b.extra));
        }
      }
    }
    for (const pinned of this.#cdpUrls.values()) {
      for (let i = 0; i < pinned.length; i++) {
        for (let j = i + 1; j < pinned.length; j++) {
          const [a, b] = pair(pinned[i] as Prepared, pinned[j] as Prepared);
          if (a.key !== b.key) findings.push(sameCdpUrl(a, b));
        }
      }
    }
    // One sweep per kind over the sorted paths; the stack holds the paths that contain the current one.
    for (const entries of this.#sortedPaths.values()) {
      const stack: PathEntry[] = [];
      for (const entry of entries) {
        while (stack.length && !containsOrEquals(stack.at(-1) as PathEntry, entry)) stack.pop();
        for (const outer of stack)
          if (outer.profile.key !== entry.profile.key) findings.push(pathFinding(outer, entry));
        stack.push(entry);
      }
    }
    return sortFindings(findings);
  }

  /**
   * The findings that involve `draft`, a new or edited profile, against every other indexed profile (an indexed
   * profile of the same name is the draft's old self and is left out). This is what the editor runs per keystroke.
   */
  findingsFor(draft: PortProfile): Finding[] {
    const profile = prepare(draft, this.#options);
    const findings = [...ownFindings(profile), ...listenerFindings(profile, this.#listeners)];
    const cluster = profile.base === null ? [] : this.#clusterAround(profile);
    const grouped = cluster.length > GROUP_ABOVE ? new Set(cluster) : null;
    if (grouped) findings.push(clusterFinding(cluster));
    for (const other of this.#candidates(profile))
      findings.push(...(grouped?.has(other) ? portFindings(profile, other) : pairFindings(profile, other)));
    for (const path of profile.paths) {
      if (path.key === null) continue;
      const entry = path as PathEntry;
      for (const other of this.#pathsAround(entry)) {
        if (other.profile.key === profile.key) continue;
        findings.push(containsOrEquals(other, entry) ? pathFinding(other, entry) : pathFinding(entry, other));
      }
    }
    return sortFindings(findings);
  }

  /** Profiles (other than `profile` and its namesake) that share a port range, a concrete port, a URL or a path. */
  #candidates(profile: Prepared): Set<Prepared> {
    const found = new Set<Prepared>();
    const add = (other: Prepared) => {
      if (other.key !== profile.key) found.add(other);
    };
    if (profile.base !== null) {
      // Bases within the recommended spacing, and bases whose block holds one of this profile's extras.
      for (const other of this.#basesBetween(
        profile.base - RECOMMENDED_SPACING + 1,
        profile.base + RECOMMENDED_SPACING - 1,
      ))
        add(other);
      for (let port = profile.base; port <= profile.base + FOOTPRINT_SPAN; port++) {
        for (const other of this.#extras.get(port) ?? []) add(other.profile);
      }
    }
    for (const extra of profile.extras) {
      for (const other of this.#basesBetween(extra.port - FOOTPRINT_SPAN, extra.port)) add(other);
      for (const other of this.#extras.get(extra.port) ?? []) add(other.profile);
    }
    if (profile.pinnedCdpUrl !== null) for (const other of this.#cdpUrls.get(profile.pinnedCdpUrl) ?? []) add(other);
    return found;
  }

  /** The run of overlapping footprints `profile` (not indexed) would join, itself included, sorted by base. */
  #clusterAround(profile: Prepared): Prepared[] {
    const base = profile.base as number;
    const byBase = this.#byBase;
    const at = this.#firstBaseFrom(base);
    const below: Prepared[] = [];
    const above: Prepared[] = [];
    for (let i = at - 1, low = base; i >= 0; i--) {
      const other = byBase[i] as Prepared;
      if (other.key === profile.key) continue;
      if (low - (other.base as number) > FOOTPRINT_SPAN) break;
      below.push(other);
      low = other.base as number;
    }
    for (let i = at, high = base; i < byBase.length; i++) {
      const other = byBase[i] as Prepared;
      if (other.key === profile.key) continue;
      if ((other.base as number) - high > FOOTPRINT_SPAN) break;
      above.push(other);
      high = other.base as number;
    }
    return [...below.reverse(), profile, ...above];
  }

  /** Indexed paths of `entry`'s kind that equal it, contain it (walking up its key) or lie inside it (binary search). */
  #pathsAround(entry: PathEntry): PathEntry[] {
    const found: PathEntry[] = [];
    if (!this.#pathsByKey) {
      this.#pathsByKey = new Map();
      for (const [kind, entries] of this.#sortedPaths) {
        const byKey = new Map<string, PathEntry[]>();
        for (const one of entries) push(byKey, one.key, one);
        this.#pathsByKey.set(kind, byKey);
      }
    }
    const byKey = this.#pathsByKey.get(entry.kind);
    for (let cut = entry.key.lastIndexOf('\0'); cut >= 0; cut = entry.key.lastIndexOf('\0', cut - 1)) {
      found.push(...(byKey?.get(entry.key.slice(0, cut)) ?? []));
      if (cut === 0) break;
    }
    const sorted = this.#sortedPaths.get(entry.kind) ?? [];
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareKeys((sorted[mid] as PathEntry).key, entry.key) < 0) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < sorted.length && containsOrEquals(entry, sorted[i] as PathEntry); i++)
      found.push(sorted[i] as PathEntry);
    return found;
  }

  /** Indexed profiles whose base lies in [from, to], by binary search. */
  *#basesBetween(from: number, to: number): Generator<Prepared> {
    for (let i = this.#firstBaseFrom(from); i < this.#byBase.length; i++) {
      const profile = this.#byBase[i] as Prepared;
      if ((profile.base ?? 0) > to) break;
      yield profile;
    }
  }

  /** The position in the sorted bases of the first base at or above `from`. */
  #firstBaseFrom(from: number): number {
    let low = 0;
    let high = this.#byBase.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.#byBase[mid]?.base ?? 0) < from) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /**
   * The nearest base port to `near` whose whole footprint keeps the recommended spacing from every other profile
   * (the one named `exclude` is being edited and does not count), clears their concrete ports and every live listener
   * that is not `exclude`'s own, and stays away from the default (18789) and dev (19001) footprints and the OS's
   * ephemeral range (every derived port outside it). Null if none fits.
   */
  suggestBasePort(options: { near?: number; exclude?: string } = {}): number | null {
    const excludeKey = options.exclude?.toLowerCase();
    const near = clamp(options.near ?? 20000);
    const cached = this.#blocked.get(excludeKey);
    if (cached) return nearestFreeIn(cached, near, MIN_PORT, MAX_BASE_PORT);
    const blocked: [number, number][] = [];
    const reserveBase = (base: number) =>
      blocked.push([base - RECOMMENDED_SPACING + 1, base + RECOMMENDED_SPACING - 1]);
    const reservePort = (port: number) => blocked.push([port - FOOTPRINT_SPAN, port]);
    reserveBase(DEFAULT_GATEWAY_PORT);
    reserveBase(DEV_GATEWAY_PORT);
    for (const profile of this.#profiles) {
      if (profile.key === excludeKey) continue;
      if (profile.base !== null) reserveBase(profile.base);
      for (const extra of profile.extras) reservePort(extra.port);
    }
    for (const listener of this.#listeners) {
      if (listener.profile != null && listener.profile.toLowerCase() === excludeKey) continue;
      reservePort(listener.port);
    }
    const range = this.#options.ephemeral;
    if (range) blocked.push([range.from - FOOTPRINT_SPAN, range.to]);
    const merged = mergeIntervals(blocked);
    // A handful of profiles are edited per snapshot; the cache only keeps memory from growing with odd callers.
    if (this.#blocked.size > 16) this.#blocked.clear();
    this.#blocked.set(excludeKey, merged);
    return nearestFreeIn(merged, near, MIN_PORT, MAX_BASE_PORT);
  }
}

function clamp(port: number): number {
  if (!Number.isFinite(port)) return 20000;
  return Math.min(MAX_BASE_PORT, Math.max(MIN_PORT, Math.round(port)));
}

/** The point of [min, max] nearest to `near` that lies in none of the closed intervals `blocked` (upwards on ties). */
export function nearestFree(blocked: [number, number][], near: number, min: number, max: number): number | null {
  return nearestFreeIn(mergeIntervals(blocked), near, min, max);
}

/** Closed intervals sorted and merged where they overlap or touch. */
function mergeIntervals(blocked: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [from, to] of blocked.sort((x, y) => x[0] - y[0])) {
    const last = merged.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** nearestFree over intervals already merged: a binary search for the one that could hold `near`. */
function nearestFreeIn(merged: readonly [number, number][], near: number, min: number, max: number): number | null {
  let low = 0;
  let high = merged.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((merged[mid] as [number, number])[1] < near) low = mid + 1;
    else high = mid;
  }
  const candidate = merged[low];
  const holding = candidate && candidate[0] <= near ? candidate : undefined;
  if (!holding) return near;
  const up = holding[1] + 1 <= max ? holding[1] + 1 : null;
  const down = holding[0] - 1 >= min ? holding[0] - 1 : null;
  if (up === null) return down;
  if (down === null) return up;
  return up - near <= near - down ? up : down;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface PathEntry extends PreparedPath {
  key: string;
}

const compareKeys = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
/** isInside without building `${outer}\0` for each test (the sweep asks once per path and level). */
const containsOrEquals = (outer: PathEntry, inner: PathEntry) =>
  inner.key.startsWith(outer.key) &&
  (inner.key.length === outer.key.length || inner.key.charCodeAt(outer.key.length) === 0);

/** The pair in name order, but a profile before an instance set up by environment: the instance is the one to move. */
function keepFirst(a: Prepared, b: Prepared): [Prepared, Prepared] {
  const envA = a.source.layout === 'env';
  return envA !== (b.source.layout === 'env') ? (envA ? [b, a] : [a, b]) : pair(a, b);
}

/** How an instance set up by environment gets a path of its own: its variables point elsewhere, Lobsterpot is told. */
function instancePathFix(instance: PortProfile, kind: PathKind, shared: string): string {
  if (kind === 'state')
    return `Run ${instance.name} with a state dir of its own: \`lobsterpot add --config ${instance.configPath} --state-dir DIR\` with a new folder DIR (OPENCLAW_STATE_DIR), or remove ${instance.configPath} if it is left over.`;
  if (kind === 'config')
    return `Give ${instance.name} a config of its own: copy ${shared} to a new file and \`lobsterpot add --config COPY --state-dir ${instance.stateDir}\` (OPENCLAW_CONFIG_PATH).`;
  return `Give ${instance.name} its own workspace (agents.defaults.workspace in ${instance.configPath}).`;
}

/** Two profiles' paths of one kind where `inner` equals `outer` or lies inside it. */
function pathFinding(outer: PathEntry, inner: PathEntry): Finding {
  const what = pathNames[outer.kind];
  const profiles = [outer.profile.name, inner.profile.name].sort();
  if (outer.key === inner.key) {
    const [a, b] = keepFirst(outer.profile, inner.profile);
    const path = a === outer.profile ? outer.path : inner.path;
    return {
      kind: pathKinds[outer.kind],
      severity: 'error',
      profiles,
      ports: [],
      message: `${a.name} and ${b.name} share the ${what} ${path}`,
      fix: b.source.layout === 'env' ? instancePathFix(b.source, outer.kind, path) : `Give ${b.name} its own ${what}.`,
    };
  }
  return {
    kind: pathKinds[outer.kind],
    severity: 'error',
    profiles,
    ports: [],
    message: `${inner.profile.name}'s ${what} ${inner.path} is inside ${outer.profile.name}'s ${what} ${outer.path}`,
    fix: `Move ${inner.profile.name}'s ${what} out of ${outer.path}.`,
  };
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1 };

/** The collation of String.localeCompare, made once (localeCompare looks it up on every call). */
const collator = new Intl.Collator();

function sortFindings(findings: Finding[]): Finding[] {
  // Each finding's names joined once, not twice per comparison.
  const keyed = findings.map((finding) => ({ finding, names: finding.profiles.join('\0') }));
  keyed.sort(
    (x, y) =>
      severityRank[x.finding.severity] - severityRank[y.finding.severity] ||
      collator.compare(x.finding.kind, y.finding.kind) ||
      collator.compare(x.names, y.names) ||
      collator.compare(x.finding.message, y.finding.message),
  );
  return keyed.map((entry) => entry.finding);
}

/** Every finding among the profiles (and against the live listeners). */
export function analyzePorts(
  profiles: readonly PortProfile[],
  listeners: readonly Listener[] = [],
  options: AnalysisOptions = {},
): Finding[] {
  return new PortIndex(profiles, listeners, options).analyze();
}

/** The nearest safe base port to `near` for a new profile, or for `exclude` if it is being edited. */
export function suggestBasePort(
  profiles: readonly PortProfile[],
  listeners: readonly Listener[] = [],
  options: { near?: number; exclude?: string; ephemeral?: PortRange | null } = {},
): number | null {
  return new PortIndex(profiles, listeners, { ephemeral: options.ephemeral ?? null }).suggestBasePort(options);
}
