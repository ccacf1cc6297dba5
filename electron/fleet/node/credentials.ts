// The facts the isolation audit compares (common/audit.ts), read from each profile's config, its token files, its own
// `.env` and Lobsterpot's environment. A credential leaves this module only as a salted hash (a key made per run) or as
// the reference that names it: never as a value, never in a log.
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import JSON5 from 'json5';
import { OVERRIDE_NAMES, type AuditEnvironment, type AuditProfile, type CredentialFact } from '../common/audit.ts';
import {
  CHANNEL_ENV_FALLBACKS,
  CREDENTIAL_FILE_KEYS,
  CREDENTIAL_PATHS,
  isolationScope,
} from '../common/credential-surface.ts';
import { normalizePath } from '../../profiles/common/fields.ts';
import type { PortProfile } from '../../ports/common/ports.ts';
import { canonicalPortProfile, resolveExisting } from '../../profiles/node/normalize.ts';

export interface CredentialContext {
  /** The key of this run's hashes: equal credentials hash equal within a run, and nothing outlives it. */
  salt: Buffer;
  /** Lobsterpot's own environment (what a gateway started by hand in the same shell would inherit). */
  env: NodeJS.ProcessEnv;
  home: string;
  readText?: (path: string) => Promise<string | null>;
}

export const newSalt = (): Buffer => randomBytes(32);

/** A credential's identity: an HMAC-SHA-256 under the run's salt, shortened; comparable, never reversible. */
export function credentialHash(salt: Buffer, value: string): string {
  return `sha256:${createHmac('sha256', salt).update(value.trim()).digest('hex').slice(0, 32)}`;
}

const readText = (path: string) => readFile(path, 'utf8').catch(() => null);

/** `KEY=value` lines of a dotenv file (quotes removed, `export ` allowed, comments skipped). */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2] ?? '';
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? '';
    else value = value.replace(/\s+#.*$/, '');
    values[match[1] as string] = value;
  }
  return values;
}

const record = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** Every concrete `[path, value]` of `root` that matches a surface pattern (`*` stands for any key). */
function* expand(root: unknown, parts: readonly string[], prefix: string[] = []): Generator<[string, unknown]> {
  if (parts.length === 0) {
    yield [prefix.join('.'), root];
    return;
  }
  const node = record(root);
  if (!node) return;
  const [head, ...rest] = parts as [string, ...string[]];
  const keys = head === '*' ? Object.keys(node) : Object.hasOwn(node, head) ? [head] : [];
  for (const key of keys) yield* expand(node[key], rest, [...prefix, key]);
}

interface Resolved {
  value: string;
  /** The shared environment's variable, when the value comes from there rather than the profile's own files. */
  sharedEnv: string | null;
}

/**
 * Reads one profile's isolation facts. Where OpenClaw would take an env value from, for a gateway Lobsterpot starts:
 * the profile's own `<state dir>/.env`, then the config's `env` block; Lobsterpot's environment only reaches gateways
 * started by hand there, so a value found only there is marked shared.
 */
export async function collectAuditProfile(
  profile: { ports: PortProfile; stateDir: string; configPath: string },
  context: CredentialContext,
): Promise<AuditProfile> {
  const read = context.readText ?? readText;
  const ports = canonicalPortProfile(profile.ports, context.home);
  const result: AuditProfile = { ports, agentDirs: [], agentWorkspaces: [], credentials: [] };
  const source = await read(profile.configPath);
  if (source === null) return result;
  let raw: Record<string, unknown> | null;
  try {
    raw = record(JSON5.parse(source));
  } catch {
    return result;
  }
  if (!raw) return result;
  const dotenv = parseDotenv((await read(join(profile.stateDir, '.env'))) ?? '');
  const envBlock = record(raw.env) ?? {};
  const configEnv = { ...envBlock, ...(record(envBlock.vars) ?? {}) };
  const fromEnv = (name: string): Resolved | null => {
    const own = dotenv[name] ?? (typeof configEnv[name] === 'string' ? (configEnv[name] as string) : undefined);
    if (own) return { value: own, sharedEnv: null };
    const inherited = context.env[name];
    return inherited ? { value: inherited, sharedEnv: name } : null;
  };
  const hash = (value: string) => credentialHash(context.salt, value);
  const canonical = (path: string) => {
    const normalized = normalizePath(path, { home: context.home });
    return normalized.ok ? resolveExisting(normalized.path) : path;
  };
  const providers = record(record(raw.secrets)?.providers) ?? {};

  const facts: CredentialFact[] = [];
  const add = (fact: Omit<CredentialFact, 'scope'>) => {
    const scope = isolationScope(fact.path);
    if (scope) facts.push({ ...fact, scope });
  };
  const envFact = (path: string, name: string, sourceKind: 'env-ref' | 'env-fallback') => {
    const resolved = fromEnv(name);
    if (!resolved) return;
    // From the shared environment the name is the identity: every gateway started there reads the same variable.
    add({
      path,
      source: sourceKind,
      identity: resolved.sharedEnv ? `env:${name}` : hash(resolved.value),
      sharedEnv: resolved.sharedEnv,
    });
  };

  // A disabled channel or account polls nothing: its credential fights no one.
  const disabled = (path: string) => {
    const parts = path.split('.');
    const at = (n: number) => record([...expand(raw, parts.slice(0, n))][0]?.[1]);
    return at(2)?.enabled === false || (parts[2] === 'accounts' && at(4)?.enabled === false);
  };
  for (const pattern of CREDENTIAL_PATHS) {
    if (!isolationScope(pattern)) continue;
    for (const [path, value] of expand(raw, pattern.split('.'))) {
      if (path.startsWith('channels.') && disabled(path)) continue;
      if (typeof value === 'string' && value.trim()) {
        const substitution = /^\$\{([A-Z_][A-Z0-9_]*)\}$/.exec(value.trim());
        if (substitution) envFact(path, substitution[1] as string, 'env-ref');
        else add({ path, source: 'inline', identity: hash(value) });
        continue;
      }
      const ref = record(value);
      if (!ref || typeof ref.id !== 'string') continue;
      const provider = record(providers[typeof ref.provider === 'string' ? ref.provider : 'default']) ?? {};
      if (ref.source === 'env') envFact(path, ref.id, 'env-ref');
      else if (ref.source === 'file' && typeof provider.path === 'string')
        add({ path, source: 'file-ref', identity: `file:${canonical(provider.path)}#${ref.id}` });
      else if (ref.source === 'exec' && typeof provider.command === 'string') {
        const args = Array.isArray(provider.args) ? provider.args.map(String) : [];
        add({ path, source: 'exec-ref', identity: `exec:${[provider.command, ...args].join(' ')}#${ref.id}` });
      }
      // A store ref resolves inside each gateway's own store: it cannot be compared across profiles.
    }
  }

  // Token files: the file's content is the credential (an unreadable one is compared by its path).
  const channels = record(raw.channels) ?? {};
  for (const [channel, section] of Object.entries(channels)) {
    const accounts = Object.entries(record(record(section)?.accounts) ?? {}).map(
      ([id, account]) => [`channels.${channel}.accounts.${id}`, record(account)] as const,
    );
    if (record(section)?.enabled === false) continue;
    for (const [prefix, node] of [[`channels.${channel}`, record(section)] as const, ...accounts]) {
      if (!node || node.enabled === false) continue;
      for (const key of CREDENTIAL_FILE_KEYS) {
        const file = node[key];
        if (typeof file !== 'string' || !file.trim()) continue;
        const path = isAbsolute(file) || file.startsWith('~') ? canonical(file) : join(profile.stateDir, file);
        const content = (await read(path))?.trim();
        add({
          path: `${prefix}.${key}`,
          source: 'file',
          identity: content ? hash(content) : `file:${path}`,
        });
      }
    }
  }

  // Env fallbacks: a channel set up without a credential of its own uses the variable (default account only).
  for (const { env, path } of CHANNEL_ENV_FALLBACKS) {
    const [, channel, key] = path.split('.') as [string, string, string];
    const section = record(channels[channel]);
    if (!section || section.enabled === false) continue;
    const own = section[key] !== undefined || CREDENTIAL_FILE_KEYS.some((k) => section[k] !== undefined);
    if (!own) envFact(path, env, 'env-fallback');
  }
  result.credentials = facts;

  for (const [agent, entry] of Object.entries(record(record(raw.agents)?.entries) ?? {})) {
    const node = record(entry);
    if (typeof node?.agentDir === 'string') result.agentDirs.push({ agent, path: canonical(node.agentDir) });
    if (typeof node?.workspace === 'string') result.agentWorkspaces.push({ agent, path: canonical(node.workspace) });
  }
  return result;
}

/** The `OPENCLAW_*` overrides in Lobsterpot's own environment: paths, ports and names only (never a token). */
export function auditEnvironment(env: NodeJS.ProcessEnv): AuditEnvironment {
  return {
    overrides: Object.entries(env)
      .filter(([name, value]) => OVERRIDE_NAMES.includes(name) && value !== undefined && value !== '')
      .map(([name, value]) => ({ name, value: value as string }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
