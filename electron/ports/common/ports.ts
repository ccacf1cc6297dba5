// The port model of one OpenClaw instance (OPENCLAW.md, "Ports of one instance"). Pure.
import { DEFAULT_PROFILE, DEV_PROFILE } from '../../profiles/common/names.ts';

export const DEFAULT_GATEWAY_PORT = 18789;
export const DEV_GATEWAY_PORT = 19001;
/** One instance spans base … base+110. */
export const FOOTPRINT_SPAN = 110;
/** Upstream's advice: leave at least 120 between base ports. */
export const RECOMMENDED_SPACING = 120;
export const MIN_PORT = 1024;
export const MAX_PORT = 65535;
export const MAX_BASE_PORT = MAX_PORT - FOOTPRINT_SPAN;
/** Where OpenClaw puts the CDP range when base+11…base+110 would pass 65535 (its `deriveDefaultBrowserCdpPortRange`). */
export const DEFAULT_CDP_RANGE = { from: 18800, to: 18899 } as const;

/**
 * The Chrome extension relay ports of the OpenClaw that runs a profile: `band` base+3…base+10 (the default relay is
 * base+10; 2026.8.1 and later, and whenever the version is unknown), `base+3` alone (builds before 2026.4), `none`
 * (2026.4 until 2026.8.1: 2026.4.27 has no extension relay, its doctor removes the legacy relay settings).
 */
export type RelayLayout = 'band' | 'base+3' | 'none';

/** The relay layout of an OpenClaw version ("2026.9.6", "v2026.4.27-beta.1"); unknown or unparsable: `band`. */
export function relayLayoutOf(version: string | null | undefined): RelayLayout {
  const match = /^v?(\d{4})\.(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  if (!match) return 'band';
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const at = year * 10_000 + month * 100 + day;
  if (at >= 20_260_801) return 'band';
  return at >= 20_260_400 ? 'none' : 'base+3';
}

/** Why `port` cannot be a base port (its whole footprint must fit below 65536, above the root-only ports), or null. */
export function baseProblem(port: number): string | null {
  if (!Number.isFinite(port)) return 'must be a number';
  if (!Number.isInteger(port)) return 'must be a whole number';
  if (port < MIN_PORT) return `must be at least ${MIN_PORT} (ports below ${MIN_PORT} need root)`;
  if (port > MAX_BASE_PORT)
    return `must be at most ${MAX_BASE_PORT}: the instance uses base+${FOOTPRINT_SPAN}, which must stay ≤ ${MAX_PORT}; above it OpenClaw's managed Chrome CDP range no longer fits and falls back to ${DEFAULT_CDP_RANGE.from}–${DEFAULT_CDP_RANGE.to}, the default profile's`;
  return null;
}

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function* utf8(text: string): Generator<number> {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) yield code;
    else if (code < 0x800) yield* [0xc0 | (code >> 6), 0x80 | (code & 63)];
    else if (code < 0x10000) yield* [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
    else yield* [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
  }
}

/** The port OpenClaw uses for a named profile whose config has no `gateway.port`. */
export function hashDefaultPort(name: string): number {
  return 20000 + (fnv1a32(name) % 40000);
}

export type PortSource = 'config' | 'hash' | 'default' | 'dev';

/**
 * How an instance is set up: a profile folder (`~/.openclaw-<name>`, run with `--profile`), or by environment (the
 * seeds' manual example: `OPENCLAW_CONFIG_PATH` + `OPENCLAW_STATE_DIR`, no profile, so no hash port and no `dev`).
 */
export type ProfileLayout = 'profile' | 'env';

/** The base port a profile's gateway really listens on, and where that number comes from. */
export function effectiveBasePort(
  name: string,
  configuredPort: number | null,
  layout: ProfileLayout = 'profile',
): { port: number; source: PortSource } {
  if (layout === 'env')
    return configuredPort !== null
      ? { port: configuredPort, source: 'config' }
      : { port: DEFAULT_GATEWAY_PORT, source: 'default' };
  if (name === DEV_PROFILE) return { port: DEV_GATEWAY_PORT, source: 'dev' };
  if (configuredPort !== null) return { port: configuredPort, source: 'config' };
  if (name === DEFAULT_PROFILE) return { port: DEFAULT_GATEWAY_PORT, source: 'default' };
  return { port: hashDefaultPort(name), source: 'hash' };
}

/** What a profile's config says about ports and paths: the input of the footprint and the conflict analysis. */
export interface PortProfile {
  name: string;
  /** Absent: a profile folder. */
  layout?: ProfileLayout;
  /** `gateway.port` as written; NaN when the config holds something that is not a number. */
  port: number | null;
  stateDir: string;
  configPath: string;
  workspace: string | null;
  /** `mcp.apps.sandboxPort`, which replaces base+1. */
  mcpSandboxPort?: number | null;
  /** `browser.profiles.<name>.cdpPort`: absolute, they do not move with the base. */
  cdpPorts?: readonly { browserProfile: string; port: number }[];
  /** `browser.profiles.<name>.cdpUrl`. */
  cdpUrls?: readonly { browserProfile: string; url: string }[];
  /** `browser.cdpUrl`, pinned for the whole instance. */
  pinnedCdpUrl?: string | null;
  /** Legacy `canvasHost.port`. */
  canvasPort?: number | null;
  /** The relay ports of the OpenClaw that will run it (`relayLayoutOf` its version); absent: `band`. */
  relays?: RelayLayout;
}

export type PortUse =
  'gateway' | 'mcp-sandbox' | 'browser-control' | 'relays' | 'cdp-range' | 'cdp-explicit' | 'cdp-url' | 'canvas';

export interface PortSpan {
  from: number;
  to: number;
  use: PortUse;
  label: string;
  /** The config key a span comes from when the config names it (the rest derive from the base). */
  field?: string;
}

export interface Footprint {
  profile: string;
  base: number;
  source: PortSource;
  /** base … base+110: every port the instance derives from its base. */
  block: { from: number; to: number };
  spans: PortSpan[];
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Port of a loopback URL (`http://127.0.0.1:9222`), or null for remote hosts and bad URLs. */
export function loopbackPortOf(url: string): number | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (!LOOPBACK_HOST.test(parsed.hostname)) return null;
  if (parsed.port !== '') return Number(parsed.port);
  return parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 443 : 80;
}

const relaySpans = (base: number, layout: RelayLayout): PortSpan[] =>
  layout === 'none'
    ? []
    : [{ from: base + 3, to: layout === 'band' ? base + 10 : base + 3, use: 'relays', label: 'extension relays' }];

/** The one definition of what a profile's gateway may open: the derived block, then every port its config names. */
export function footprintOf(profile: PortProfile): Footprint {
  const { port: base, source } = effectiveBasePort(profile.name, profile.port, profile.layout);
  const spans: PortSpan[] = [{ from: base, to: base, use: 'gateway', label: 'gateway (WebSocket + HTTP)' }];
  const sandbox = profile.mcpSandboxPort ?? null;
  if (sandbox === null) spans.push({ from: base + 1, to: base + 1, use: 'mcp-sandbox', label: 'MCP Apps sandbox' });
  spans.push(
    { from: base + 2, to: base + 2, use: 'browser-control', label: 'browser control' },
    ...relaySpans(base, profile.relays ?? 'band'),
    { from: base + 11, to: base + FOOTPRINT_SPAN, use: 'cdp-range', label: 'managed Chrome CDP range' },
  );
  const named = (port: number, use: PortUse, label: string, field: string) =>
    spans.push({ from: port, to: port, use, label, field });
  if (sandbox !== null) named(sandbox, 'mcp-sandbox', 'MCP Apps sandbox', 'mcp.apps.sandboxPort');
  for (const { browserProfile, port } of profile.cdpPorts ?? []) {
    named(
      port,
      'cdp-explicit',
      `CDP of browser profile ${browserProfile}`,
      `browser.profiles.${browserProfile}.cdpPort`,
    );
  }
  for (const { browserProfile, url } of profile.cdpUrls ?? []) {
    const port = loopbackPortOf(url);
    if (port !== null)
      named(
        port,
        'cdp-url',
        `cdpUrl of browser profile ${browserProfile}`,
        `browser.profiles.${browserProfile}.cdpUrl`,
      );
  }
  const pinned = profile.pinnedCdpUrl ? loopbackPortOf(profile.pinnedCdpUrl) : null;
  if (pinned !== null) named(pinned, 'cdp-url', 'pinned browser.cdpUrl', 'browser.cdpUrl');
  const canvas = profile.canvasPort ?? null;
  if (canvas !== null) named(canvas, 'canvas', 'legacy canvasHost.port', 'canvasHost.port');
  return { profile: profile.name, base, source, block: { from: base, to: base + FOOTPRINT_SPAN }, spans };
}

/** The derived part of `footprint` that holds `port`, in words: "browser control base+2". */
export function derivedSpanAt(footprint: Footprint, port: number): string {
  const offset = (n: number) => (n === footprint.base ? 'base' : `base+${n - footprint.base}`);
  const span = footprint.spans.find((s) => s.field === undefined && port >= s.from && port <= s.to);
  if (!span) return offset(port);
  return `${span.label} ${span.from === span.to ? offset(span.from) : `${offset(span.from)}–${offset(span.to)}`}`;
}

/** Every concrete port of a profile's footprint. */
export function footprintPorts(profile: PortProfile): number[] {
  const ports: number[] = [];
  for (const span of footprintOf(profile).spans) for (let port = span.from; port <= span.to; port++) ports.push(port);
  return ports;
}

export interface PortRange {
  from: number;
  to: number;
}

/** Linux's usual `ip_local_port_range`. */
export const LINUX_EPHEMERAL: PortRange = { from: 32768, to: 60999 };
/** IANA's dynamic range, used by macOS and Windows. */
export const IANA_EPHEMERAL: PortRange = { from: 49152, to: 65535 };

/**
 * The ports the OS hands to outgoing connections (and `listen(0)`), where a listener may find its port taken at any
 * moment. On Linux `procText` is `/proc/sys/net/ipv4/ip_local_port_range` as read (null when it could not be).
 */
export function ephemeralRangeOf(platform: string, procText: string | null = null): PortRange | null {
  if (platform === 'linux') {
    const [from, to] = (procText ?? '').trim().split(/\s+/).map(Number);
    if (from && to && Number.isInteger(from) && Number.isInteger(to) && from <= to && to <= MAX_PORT)
      return { from, to };
    return LINUX_EPHEMERAL;
  }
  if (platform === 'darwin' || platform === 'win32') return IANA_EPHEMERAL;
  return null;
}
