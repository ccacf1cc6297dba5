// Conflict analysis over port intervals: O(n log n + k) for n profiles and k findings. Pure.
import {
  DEFAULT_GATEWAY_PORT,
  DEV_GATEWAY_PORT,
  FOOTPRINT_SPAN,
  MAX_BASE_PORT,
  MAX_PORT,
  MIN_PORT,
  RECOMMENDED_SPACING,
  effectiveBasePort,
  loopbackPortOf,
  type PortProfile,
  type PortUse,
} from './ports.ts';

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
  | 'tight-spacing'
  | 'default-port'
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
}

/** A profile reduced to what the analysis compares. */
interface Prepared {
  name: string;
  key: string;
  /** Null when the base port is unusable (then no range checks are made with it). */
  base: number | null;
  /** Concrete ports outside the derived block that this profile opens. */
  extras: ExtraPort[];
  pinnedCdpUrl: string | null;
  stateDir: string;
  configPath: string;
  workspace: string | null;
  invalid: Finding[];
  fallback: Finding | null;
}

const isValidPort = (port: number) => Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT;

export function baseProblem(port: number): string | null {
  if (!Number.isFinite(port)) return 'must be a number';
  if (!Number.isInteger(port)) return 'must be a whole number';
  if (port < MIN_PORT) return `must be at least ${MIN_PORT} (ports below ${MIN_PORT} need root)`;
  if (port > MAX_BASE_PORT)
    return `must be at most ${MAX_BASE_PORT}: the instance uses base+${FOOTPRINT_SPAN}, which must stay ≤ ${MAX_PORT}`;
  return null;
}

const normalizePath = (path: string) => path.replace(/[\\/]+$/, '');
const normalizeUrl = (url: string) =>
  url.trim().toLowerCase().replace(/\/+$/, '').replace('://localhost', '://127.0.0.1');

function prepare(profile: PortProfile): Prepared {
  const { port: base, source } = effectiveBasePort(profile.name, profile.port);
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
  const addExtra = (port: number, use: PortUse, label: string, field: string) => {
    if (isValidPort(port)) extras.push({ port, use, label });
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
  };
  const sandbox = profile.mcpSandboxPort ?? null;
  if (sandbox !== null) addExtra(sandbox, 'mcp-sandbox', 'MCP Apps sandbox', 'mcp.apps.sandboxPort');
  for (const { browserProfile, port } of profile.cdpPorts ?? []) {
    addExtra(
      port,
      'cdp-explicit',
      `CDP of browser profile ${browserProfile}`,
      `browser.profiles.${browserProfile}.cdpPort`,
    );
  }
  for (const { browserProfile, url } of profile.cdpUrls ?? []) {
    const port = loopbackPortOf(url);
    if (port !== null)
      addExtra(
        port,
        'cdp-url',
        `cdpUrl of browser profile ${browserProfile}`,
        `browser.profiles.${browserProfile}.cdpUrl`,
      );
  }
  const pinned = profile.pinnedCdpUrl ? profile.pinnedCdpUrl : null;
  const pinnedPort = pinned ? loopbackPortOf(pinned) : null;
  if (pinnedPort !== null) addExtra(pinnedPort, 'cdp-url', 'pinned browser.cdpUrl', 'browser.cdpUrl');
  const canvas = profile.canvasPort ?? null;
  if (canvas !== null) addExtra(canvas, 'canvas', 'legacy canvasHost.port', 'canvasHost.port');

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
  return {
    name: profile.name,
    key: profile.name.toLowerCase(),
    base: problem ? null : base,
    extras,
    pinnedCdpUrl: pinned ? normalizeUrl(pinned) : null,
    stateDir: normalizePath(profile.stateDir),
    configPath: normalizePath(profile.configPath),
    workspace: profile.workspace ? normalizePath(profile.workspace) : null,
    invalid,
    fallback,
  };
}

const inBlock = (port: number, base: number | null) => base !== null && port >= base && port <= base + FOOTPRINT_SPAN;

function pair(a: Prepared, b: Prepared): [Prepared, Prepared] {
  return a.name <= b.name ? [a, b] : [b, a];
}

/** Every finding between two different profiles. Symmetric: pairFindings(a, b) equals pairFindings(b, a). */
function pairFindings(first: Prepared, second: Prepared): Finding[] {
  const [a, b] = pair(first, second);
  const names = [a.name, b.name];
  const findings: Finding[] = [];
  if (a.base !== null && b.base !== null) {
    const distance = Math.abs(a.base - b.base);
    if (distance === 0) {
      findings.push({
        kind: 'same-base',
        severity: 'error',
        profiles: names,
        ports: [a.base],
        message: `${a.name} and ${b.name} both use base port ${a.base}`,
        fix: `Give ${b.name} another base port (use the suggested port).`,
      });
    } else if (distance <= FOOTPRINT_SPAN) {
      const low = Math.min(a.base, b.base);
      const high = Math.max(a.base, b.base);
      findings.push({
        kind: 'footprint-overlap',
        severity: 'error',
        profiles: names,
        ports: [high, low + FOOTPRINT_SPAN],
        message: `${a.name} (${a.base}) and ${b.name} (${b.base}) are ${distance} apart: ports ${high}–${low + FOOTPRINT_SPAN} belong to both`,
        fix: `Move one of them so the base ports are at least ${RECOMMENDED_SPACING} apart.`,
      });
    } else if (distance < RECOMMENDED_SPACING) {
      findings.push({
        kind: 'tight-spacing',
        severity: 'warning',
        profiles: names,
        ports: [a.base, b.base].sort((x, y) => x - y),
        message: `${a.name} and ${b.name} are only ${distance} ports apart; upstream advises at least ${RECOMMENDED_SPACING}`,
        fix: `Move one of them so the base ports are at least ${RECOMMENDED_SPACING} apart.`,
      });
    }
  }
  for (const [owner, other] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const extra of owner.extras) {
      if (inBlock(extra.port, other.base)) {
        findings.push({
          kind: 'port-in-footprint',
          severity: 'error',
          profiles: names,
          ports: [extra.port],
          message: `${owner.name}'s ${extra.label} (${extra.port}) lies inside ${other.name}'s ports ${other.base}–${(other.base ?? 0) + FOOTPRINT_SPAN}`,
          fix: `Move ${owner.name}'s ${extra.label} outside ${other.base}–${(other.base ?? 0) + FOOTPRINT_SPAN}.`,
        });
      }
    }
  }
  for (const extraA of a.extras) {
    for (const extraB of b.extras) {
      if (extraA.port === extraB.port) {
        findings.push({
          kind: 'same-port',
          severity: 'error',
          profiles: names,
          ports: [extraA.port],
          message: `${a.name}'s ${extraA.label} and ${b.name}'s ${extraB.label} are both ${extraA.port}`,
          fix: `Give one of them another port.`,
        });
      }
    }
  }
  if (a.pinnedCdpUrl !== null && a.pinnedCdpUrl === b.pinnedCdpUrl) {
    findings.push({
      kind: 'same-cdp-url',
      severity: 'error',
      profiles: names,
      ports: [],
      message: `${a.name} and ${b.name} pin the same browser.cdpUrl (${a.pinnedCdpUrl})`,
      fix: `Remove browser.cdpUrl from one of them; put a shared remote Chrome in browser.profiles.<name>.cdpUrl.`,
    });
  }
  const shared = (kind: FindingKind, what: string, path: string | null, other: string | null) => {
    if (path !== null && path === other) {
      findings.push({
        kind,
        severity: 'error',
        profiles: names,
        ports: [],
        message: `${a.name} and ${b.name} share the ${what} ${path}`,
        fix: `Give ${b.name} its own ${what}.`,
      });
    }
  };
  shared('shared-state-dir', 'state dir', a.stateDir, b.stateDir);
  shared('shared-config', 'config file', a.configPath, b.configPath);
  shared('shared-workspace', 'workspace', a.workspace, b.workspace);
  return findings;
}

function ownFindings(profile: Prepared): Finding[] {
  const findings = [...profile.invalid];
  if (profile.fallback) findings.push(profile.fallback);
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
  readonly #extras = new Map<number, Prepared[]>();
  readonly #cdpUrls = new Map<string, Prepared[]>();
  readonly #paths = new Map<string, Prepared[]>();
  readonly #listeners: readonly Listener[];

  constructor(profiles: readonly PortProfile[], listeners: readonly Listener[] = []) {
    this.#profiles = profiles.map(prepare);
    this.#byBase = this.#profiles.filter((p) => p.base !== null).sort((x, y) => (x.base ?? 0) - (y.base ?? 0));
    this.#listeners = listeners;
    for (const profile of this.#profiles) {
      for (const extra of profile.extras) push(this.#extras, extra.port, profile);
      if (profile.pinnedCdpUrl !== null) push(this.#cdpUrls, profile.pinnedCdpUrl, profile);
      for (const path of pathKeys(profile)) push(this.#paths, path, profile);
    }
  }

  /** Every finding among all the profiles. */
  analyze(): Finding[] {
    const findings: Finding[] = [];
    const index = new Map(this.#profiles.map((p, i) => [p, i]));
    for (const [i, profile] of this.#profiles.entries()) {
      findings.push(...ownFindings(profile), ...listenerFindings(profile, this.#listeners));
      for (const other of this.#candidates(profile)) {
        if ((index.get(other) ?? -1) > i) findings.push(...pairFindings(profile, other));
      }
    }
    return sortFindings(findings);
  }

  /**
   * The findings that involve `draft`, a new or edited profile, against every other indexed profile (an indexed
   * profile of the same name is the draft's old self and is left out). This is what the editor runs per keystroke.
   */
  findingsFor(draft: PortProfile): Finding[] {
    const profile = prepare(draft);
    const findings = [...ownFindings(profile), ...listenerFindings(profile, this.#listeners)];
    for (const other of this.#candidates(profile)) findings.push(...pairFindings(profile, other));
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
        for (const other of this.#extras.get(port) ?? []) add(other);
      }
    }
    for (const extra of profile.extras) {
      for (const other of this.#basesBetween(extra.port - FOOTPRINT_SPAN, extra.port)) add(other);
      for (const other of this.#extras.get(extra.port) ?? []) add(other);
    }
    if (profile.pinnedCdpUrl !== null) for (const other of this.#cdpUrls.get(profile.pinnedCdpUrl) ?? []) add(other);
    for (const path of pathKeys(profile)) for (const other of this.#paths.get(path) ?? []) add(other);
    return found;
  }

  /** Indexed profiles whose base lies in [from, to], by binary search. */
  *#basesBetween(from: number, to: number): Generator<Prepared> {
    let low = 0;
    let high = this.#byBase.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.#byBase[mid]?.base ?? 0) < from) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < this.#byBase.length; i++) {
      const profile = this.#byBase[i] as Prepared;
      if ((profile.base ?? 0) > to) break;
      yield profile;
    }
  }

  /**
   * The nearest base port to `near` whose whole footprint keeps the recommended spacing from every other profile
   * (the one named `exclude` is being edited and does not count), clears their concrete ports and every live listener
   * that is not `exclude`'s own, and stays away from the default (18789) and dev (19001) footprints. Null if none fits.
   */
  suggestBasePort(options: { near?: number; exclude?: string } = {}): number | null {
    const excludeKey = options.exclude?.toLowerCase();
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
    return nearestFree(blocked, clamp(options.near ?? 20000), MIN_PORT, MAX_BASE_PORT);
  }
}

function clamp(port: number): number {
  if (!Number.isFinite(port)) return 20000;
  return Math.min(MAX_BASE_PORT, Math.max(MIN_PORT, Math.round(port)));
}

/** The point of [min, max] nearest to `near` that lies in none of the closed intervals `blocked` (upwards on ties). */
export function nearestFree(blocked: [number, number][], near: number, min: number, max: number): number | null {
  const merged: [number, number][] = [];
  for (const [from, to] of blocked.sort((x, y) => x[0] - y[0])) {
    const last = merged.at(-1);
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  const holding = merged.find(([from, to]) => near >= from && near <= to);
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

function pathKeys(profile: Prepared): string[] {
  const keys = [`state:${profile.stateDir}`, `config:${profile.configPath}`];
  if (profile.workspace !== null) keys.push(`workspace:${profile.workspace}`);
  return keys;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1 };

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (x, y) =>
      severityRank[x.severity] - severityRank[y.severity] ||
      x.kind.localeCompare(y.kind) ||
      x.profiles.join('\0').localeCompare(y.profiles.join('\0')) ||
      x.message.localeCompare(y.message),
  );
}

/** Every finding among the profiles (and against the live listeners). */
export function analyzePorts(profiles: readonly PortProfile[], listeners: readonly Listener[] = []): Finding[] {
  return new PortIndex(profiles, listeners).analyze();
}

/** The nearest safe base port to `near` for a new profile, or for `exclude` if it is being edited. */
export function suggestBasePort(
  profiles: readonly PortProfile[],
  listeners: readonly Listener[] = [],
  options: { near?: number; exclude?: string } = {},
): number | null {
  return new PortIndex(profiles, listeners).suggestBasePort(options);
}
