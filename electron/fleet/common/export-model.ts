// What the fleet export starts from, and what Compose and Kubernetes share: OpenClaw's container layout (its official
// image, the paths and port inside the container), names both tools accept, and where each profile's folders go.
// Pure: the core reads the profiles and writes the files (core/exporter.ts).
import { LobsterpotError } from '../../contract/contract.ts';
import { fnv1a32 } from '../../ports/common/ports.ts';
import { openclawHint } from '../../openclaw/common/hint.ts';

/** The OpenClaw version the project pins (scripts/setup-openclaw.ts): the image tag when the installed one is unknown. */
export const PINNED_OPENCLAW_VERSION = '2026.9.6';
/** OpenClaw's published image (GHCR, the registry its release automation pins). */
export const OPENCLAW_IMAGE = 'ghcr.io/openclaw/openclaw';

/** Inside the container, as OpenClaw's Docker and Kubernetes layouts have it: the image runs as `node` (uid 1000). */
export const CONTAINER = {
  home: '/home/node',
  stateDir: '/home/node/.openclaw',
  workspace: '/home/node/.openclaw/workspace',
  /** Both the gateway's containers keep this port; the host publishes its own. */
  port: 18789,
  /** The MCP Apps sandbox, the gateway's port plus one (the Control UI loads Apps from that origin). */
  sandboxPort: 18790,
  uid: 1000,
} as const;

/** The gateway token's variable (`openclaw gateway --token` defaults to it). */
export const TOKEN_VARIABLE = 'OPENCLAW_GATEWAY_TOKEN';

/** One profile as the export needs it. The token goes into a secret file only, never a manifest or a message. */
export interface ExportProfile {
  name: string;
  /** The base port the profile's plan gives it (the port its gateway really uses on this host). */
  basePort: number;
  stateDir: string;
  /** `mcp.apps.sandboxPort` when the config names one (it then replaces base+1). */
  mcpSandboxPort: number | null;
  /** Folder paths the config names as written (`agents.defaults.workspace`, agents' `workspace` and `agentDir`). */
  namedPaths: string[];
  /** Whether `agents.defaults.workspace` is set: without it the workspace is `<state dir>/workspace`. */
  workspaceNamed: boolean;
  /** Browser endpoints on this host's loopback that the config names (`127.0.0.1:9222`, …). */
  hostBrowserEndpoints: string[];
  token: string | null;
}

export interface ExportHost {
  /** OpenClaw's `~` on this host. */
  home: string;
  /** The OpenClaw version the host runs (`snapshot.environment.openclaw.version`), null when unknown. */
  openclawVersion: string | null;
  /** The uid that owns the profiles' folders here (null on Windows). */
  uid: number | null;
}

export interface ExportFile {
  /** Relative to the export folder, `/`-separated. */
  path: string;
  /** YAML documents, written one after another. */
  documents?: unknown[];
  text?: string;
  /** Written 0600 and listed in the export's `.gitignore`. */
  secret: boolean;
}

export interface ExportPlan {
  files: ExportFile[];
  notes: string[];
}

const TAG = /^\d{4}\.\d{1,2}\.\d{1,2}(-[0-9A-Za-z.]+)?$/;

/** The image at the version this host runs; the pinned version (with a note) when that is unknown. */
export function imageOf(version: string | null): { image: string; version: string; note: string | null } {
  const clean = version?.trim().replace(/^v/, '') ?? '';
  if (TAG.test(clean)) return { image: `${OPENCLAW_IMAGE}:${clean}`, version: clean, note: null };
  return {
    image: `${OPENCLAW_IMAGE}:${PINNED_OPENCLAW_VERSION}`,
    version: PINNED_OPENCLAW_VERSION,
    note: `The OpenClaw version here is ${version ? `'${version}', not a release tag` : 'unknown'}: the image is pinned to ${PINNED_OPENCLAW_VERSION}, the version Lobsterpot is tested with. Change the tag if your gateways run another release.`,
  };
}

/** Longest slug that keeps `openclaw-<slug>` a DNS-1035 label (a Service name, a label value: at most 63). */
const SLUG_MAX = 54;

/**
 * A profile name as Kubernetes and Compose accept it: lowercase letters, digits and `-` (DNS-1123), at most 54
 * characters (a longer name keeps its start and gains a hash of the whole, so it stays distinct).
 */
export function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= SLUG_MAX) return slug || 'profile';
  const hash = fnv1a32(name).toString(16).padStart(8, '0').slice(0, 6);
  return `${slug.slice(0, SLUG_MAX - 7).replace(/-+$/, '')}-${hash}`;
}

/** Each profile's slug; refuses two profiles that would get the same one (`a_b` and `a-b`, `Alpha` and `alpha`). */
export function slugsOf(profiles: readonly { name: string }[]): Map<string, string> {
  const slugs = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const { name } of profiles) {
    const slug = slugOf(name);
    const other = owners.get(slug);
    if (other !== undefined)
      throw new LobsterpotError(
        'refused',
        `the profiles '${other}' and '${name}' would both be named '${slug}' in Compose and Kubernetes (lowercase, '_' as '-'): export them separately or rename one`,
      );
    owners.set(slug, name);
    slugs.set(name, slug);
  }
  return slugs;
}

/** Refuses a token an env file cannot carry as it is (OpenClaw makes hex tokens; a pasted one may hold anything). */
export function checkToken(profile: string, token: string): void {
  if (!/^[A-Za-z0-9._~+/=:@-]+$/.test(token))
    throw new LobsterpotError(
      'refused',
      `${profile}'s gateway token holds characters an env file would change (spaces, quotes, '#'): give it a new one with \`${openclawHint(`--profile ${profile} doctor --generate-gateway-token`)}\`, then export again`,
    );
}

/** The env file a secret comes from: one `NAME=value` line. */
export const envFileText = (token: string | null) => `${TOKEN_VARIABLE}=${token ?? ''}\n`;

/** One folder a container sees: from the host (Compose) or from the profile's volume (`subPath`, Kubernetes). */
export interface FolderMount {
  host: string;
  container: string;
  /** Where it lives on the profile's volume ('' = the volume's root, the state dir). */
  subPath: string;
  why: 'state' | 'workspace' | 'alias' | 'outside';
}

const trimSlash = (path: string) => (path.length > 1 ? path.replace(/[/\\]+$/, '') : path);
const under = (path: string, parent: string) =>
  path === parent || path.startsWith(`${parent}/`) || path.startsWith(`${parent}\\`);

/** A path from a config as this host reads it (`~` is OpenClaw's home). */
const onHost = (path: string, home: string) =>
  trimSlash(path === '~' ? home : path.startsWith('~/') ? `${trimSlash(home)}${path.slice(1)}` : path);
/** The same path as the gateway in the container reads it (its `~` is /home/node); null when it cannot be one. */
const inContainer = (path: string) => {
  const posix = path === '~' ? CONTAINER.home : path.startsWith('~/') ? `${CONTAINER.home}${path.slice(1)}` : path;
  return posix.startsWith('/') && !posix.includes('\\') ? trimSlash(posix) : null;
};

/**
 * The folders a profile's container needs. The state dir goes where OpenClaw's layout puts it (/home/node/.openclaw,
 * and the workspace under it); a config written on this host also names folders by their host paths (onboarding
 * writes the workspace and each agent's dir as absolute paths), so those paths are mounted too and work unchanged.
 */
export function folderMounts(profile: ExportProfile, home: string): { mounts: FolderMount[]; unplaced: string[] } {
  const stateDir = trimSlash(profile.stateDir);
  const mounts: FolderMount[] = [{ host: stateDir, container: CONTAINER.stateDir, subPath: '', why: 'state' }];
  if (!profile.workspaceNamed)
    mounts.push({
      host: `${stateDir}/workspace`,
      container: CONTAINER.workspace,
      subPath: 'workspace',
      why: 'workspace',
    });
  const unplaced: string[] = [];
  const outside: FolderMount[] = [];
  for (const named of [...new Set(profile.namedPaths)].sort()) {
    const host = onHost(named, home);
    const container = inContainer(named);
    if (container === null) {
      unplaced.push(named);
      continue;
    }
    if (under(host, stateDir)) {
      const rest = host.slice(stateDir.length).replace(/\\/g, '/');
      if (!container.endsWith(rest)) {
        unplaced.push(named);
        continue;
      }
      const root = container.slice(0, container.length - rest.length) || '/';
      if (!mounts.some((m) => m.container === root))
        mounts.push({ host: stateDir, container: root, subPath: '', why: 'alias' });
    } else if (!outside.some((m) => under(container, m.container))) {
      outside.push({ host, container, subPath: `outside/${outside.length + 1}`, why: 'outside' });
    }
  }
  return { mounts: [...mounts, ...outside], unplaced };
}

/** The host ports a profile's container publishes: the gateway, and the MCP Apps sandbox beside it. */
export function publishedPorts(profile: ExportProfile): { host: number; container: number; what: string }[] {
  const sandbox = profile.mcpSandboxPort;
  return [
    { host: profile.basePort, container: CONTAINER.port, what: 'gateway (WebSocket, HTTP, Control UI)' },
    sandbox === null
      ? { host: profile.basePort + 1, container: CONTAINER.sandboxPort, what: 'MCP Apps sandbox' }
      : { host: sandbox, container: sandbox, what: 'MCP Apps sandbox (mcp.apps.sandboxPort)' },
  ];
}

/** A note per profile whose config points a browser at this host's loopback: inside a container that is itself. */
export function browserNotes(profiles: readonly ExportProfile[], reach: string): string[] {
  return profiles
    .filter((p) => p.hostBrowserEndpoints.length)
    .map(
      (p) =>
        `${p.name} attaches to a browser on this host (${p.hostBrowserEndpoints.join(', ')}): inside a container 127.0.0.1 is the container itself, ${reach}.`,
    );
}

/** A health check: the path on the gateway's port, and what its JSON answer must say. */
export interface HealthCheck {
  path: string;
  check: string;
}

/**
 * The health checks of the exported version. Started: `/startupz` says `started` since 2026.8.1; before, there is no
 * `/startupz` (the Control UI answers it with HTML) and `/readyz` says `ready: true`. Live: `/healthz`, on every version.
 * They run inside the container on 127.0.0.1: since 2026.8.1 `/readyz` and `/startupz` answer 403 to unauthenticated
 * callers that are not on loopback, so a check from outside (an httpGet probe from the kubelet) would never pass.
 */
export function healthChecksOf(version: string): { started: HealthCheck; live: HealthCheck } {
  const [year = 0, month = 0, day = 0] = (/^(\d{4})\.(\d+)\.(\d+)/.exec(version)?.slice(1) ?? []).map(Number);
  const startupz = year * 10_000 + month * 100 + day >= 20_260_801;
  return {
    started: startupz
      ? { path: '/startupz', check: "b.status === 'started'" }
      : { path: '/readyz', check: 'b.ready === true' },
    live: { path: '/healthz', check: "b.ok === true && b.status === 'live'" },
  };
}

/** `node -e` of a health check against the container's own loopback: exit 0 when the answer says so. */
export const healthScript = ({ path, check }: HealthCheck, port: number = CONTAINER.port): string =>
  `fetch('http://127.0.0.1:${port}${path}').then((r) => r.json()).then((b) => process.exit(${check} ? 0 : 1), () => process.exit(1))`;
