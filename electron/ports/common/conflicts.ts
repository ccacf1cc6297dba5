// Conflict analysis over port intervals: O(n log n + k) for n profiles and k findings. Pure.
import {
  baseFinding,
  clusterFinding,
  compareKeys,
  containsOrEquals,
  GROUP_ABOVE,
  insideFootprint,
  listenerFindings,
  namesOf,
  ownFindings,
  pair,
  pairFindings,
  pathFinding,
  portFindings,
  sameCdpUrl,
  samePort,
} from './clashes.ts';
import { sortFindings, type Finding, type Listener } from './findings.ts';
import {
  FOOTPRINT_SPAN,
  MAX_BASE_PORT,
  MIN_PORT,
  RECOMMENDED_SPACING,
  type PortProfile,
  type PortRange,
} from './ports.ts';
import {
  prepare,
  type AnalysisOptions,
  type ExtraPort,
  type PathEntry,
  type PathKind,
  type Prepared,
} from './prepared.ts';
import { blockedBases, clamp, nearestFreeIn } from './suggest.ts';

export type { AnalysisOptions } from './prepared.ts';

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
    const merged = blockedBases(this.#profiles, this.#listeners, this.#options.ephemeral ?? null, excludeKey);
    // A handful of profiles are edited per snapshot; the cache only keeps memory from growing with odd callers.
    if (this.#blocked.size > 16) this.#blocked.clear();
    this.#blocked.set(excludeKey, merged);
    return nearestFreeIn(merged, near, MIN_PORT, MAX_BASE_PORT);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
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
