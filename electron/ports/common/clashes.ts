// The findings themselves: one profile alone, a pair of profiles, a crowd of overlapping footprints, shared paths, live listeners. Pure.
import type { Finding, Listener } from './findings.ts';
import { FOOTPRINT_SPAN, RECOMMENDED_SPACING, derivedSpanAt, footprintOf, type PortProfile } from './ports.ts';
import { pathKinds, pathNames, type ExtraPort, type PathEntry, type PathKind, type Prepared } from './prepared.ts';

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

export const inBlock = (port: number, base: number | null) =>
  base !== null && port >= base && port <= base + FOOTPRINT_SPAN;

export function pair(a: Prepared, b: Prepared): [Prepared, Prepared] {
  return a.name <= b.name ? [a, b] : [b, a];
}

/** Every finding between two different profiles. Symmetric: pairFindings(a, b) equals pairFindings(b, a). */
export function pairFindings(first: Prepared, second: Prepared): Finding[] {
  const base = baseFinding(first, second);
  const rest = portFindings(first, second);
  if (base) rest.unshift(base);
  return rest;
}

/** What two base ports closer than the recommended spacing say: the same base, overlapping blocks, or tight spacing. */
export function baseFinding(first: Prepared, second: Prepared): Finding | null {
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
export function portFindings(first: Prepared, second: Prepared): Finding[] {
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

export const namesOf = ([a, b]: [Prepared, Prepared]) => [a.name, b.name];

/** `a` (first by name) and `b` name the same port. */
export function samePort(a: Prepared, extraA: ExtraPort, b: Prepared, extraB: ExtraPort): Finding {
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
export function sameCdpUrl(a: Prepared, b: Prepared): Finding {
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
export function clusterFinding(members: readonly Prepared[]): Finding {
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
export function insideFootprint(owner: Prepared, extra: ExtraPort, other: Prepared, names: string[]): Finding {
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

export function ownFindings(profile: Prepared): Finding[] {
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

export function listenerFindings(profile: Prepared, listeners: readonly Listener[]): Finding[] {
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

export const compareKeys = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
/** isInside without building `${outer}\0` for each test (the sweep asks once per path and level). */
export const containsOrEquals = (outer: PathEntry, inner: PathEntry) =>
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
export function pathFinding(outer: PathEntry, inner: PathEntry): Finding {
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
