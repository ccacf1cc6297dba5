// The port model of one OpenClaw instance (OPENCLAW.md, "Ports of one instance"). Pure.
import { DEFAULT_PROFILE, DEV_PROFILE } from './names.ts';

export const DEFAULT_GATEWAY_PORT = 18789;
export const DEV_GATEWAY_PORT = 19001;
/** One instance spans base … base+110. */
export const FOOTPRINT_SPAN = 110;
/** Upstream's advice: leave at least 120 between base ports. */
export const RECOMMENDED_SPACING = 120;
export const MIN_PORT = 1024;
export const MAX_PORT = 65535;
export const MAX_BASE_PORT = MAX_PORT - FOOTPRINT_SPAN;

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

/** The base port a profile's gateway really listens on, and where that number comes from. */
export function effectiveBasePort(name: string, configuredPort: number | null): { port: number; source: PortSource } {
  if (name === DEV_PROFILE) return { port: DEV_GATEWAY_PORT, source: 'dev' };
  if (configuredPort !== null) return { port: configuredPort, source: 'config' };
  if (name === DEFAULT_PROFILE) return { port: DEFAULT_GATEWAY_PORT, source: 'default' };
  return { port: hashDefaultPort(name), source: 'hash' };
}

/** What a profile's config says about ports and paths: the input of the footprint and the conflict analysis. */
export interface PortProfile {
  name: string;
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
}

export type PortUse =
  'gateway' | 'mcp-sandbox' | 'browser-control' | 'relays' | 'cdp-range' | 'cdp-explicit' | 'cdp-url' | 'canvas';

export interface PortSpan {
  from: number;
  to: number;
  use: PortUse;
  label: string;
}

export interface Footprint {
  profile: string;
  base: number;
  /** base … base+110: every port the instance derives from its base. */
  block: { from: number; to: number };
  spans: PortSpan[];
}

/** Port of a loopback URL (`http://127.0.0.1:9222`), or null for remote hosts and bad URLs. */
export function loopbackPortOf(url: string): number | null {
  const match = /^[a-z]+:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::(\d+))?(?:[/?#]|$)/i.exec(url.trim());
  if (!match) return null;
  if (match[2] !== undefined) return Number(match[2]);
  return /^https:|^wss:/i.test(url.trim()) ? 443 : 80;
}

/** Every port span the profile's gateway may open, from its config. */
export function footprintOf(profile: PortProfile): Footprint {
  const { port: base } = effectiveBasePort(profile.name, profile.port);
  const spans: PortSpan[] = [{ from: base, to: base, use: 'gateway', label: 'gateway (WebSocket + HTTP)' }];
  const sandbox = profile.mcpSandboxPort ?? null;
  if (sandbox === null) spans.push({ from: base + 1, to: base + 1, use: 'mcp-sandbox', label: 'MCP Apps sandbox' });
  spans.push(
    { from: base + 2, to: base + 2, use: 'browser-control', label: 'browser control' },
    { from: base + 3, to: base + 10, use: 'relays', label: 'extension relays' },
    { from: base + 11, to: base + FOOTPRINT_SPAN, use: 'cdp-range', label: 'managed Chrome CDP range' },
  );
  if (sandbox !== null) spans.push({ from: sandbox, to: sandbox, use: 'mcp-sandbox', label: 'MCP Apps sandbox' });
  for (const { browserProfile, port } of profile.cdpPorts ?? []) {
    spans.push({ from: port, to: port, use: 'cdp-explicit', label: `CDP of browser profile ${browserProfile}` });
  }
  for (const { browserProfile, url } of profile.cdpUrls ?? []) {
    const port = loopbackPortOf(url);
    if (port !== null)
      spans.push({ from: port, to: port, use: 'cdp-url', label: `cdpUrl of browser profile ${browserProfile}` });
  }
  const pinned = profile.pinnedCdpUrl ? loopbackPortOf(profile.pinnedCdpUrl) : null;
  if (pinned !== null) spans.push({ from: pinned, to: pinned, use: 'cdp-url', label: 'pinned browser.cdpUrl' });
  const canvas = profile.canvasPort ?? null;
  if (canvas !== null) spans.push({ from: canvas, to: canvas, use: 'canvas', label: 'legacy canvasHost.port' });
  return { profile: profile.name, base, block: { from: base, to: base + FOOTPRINT_SPAN }, spans };
}

/** Every concrete port of a profile's footprint. */
export function footprintPorts(profile: PortProfile): number[] {
  const ports: number[] = [];
  for (const span of footprintOf(profile).spans) for (let port = span.from; port <= span.to; port++) ports.push(port);
  return ports;
}
