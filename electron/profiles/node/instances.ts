// Instances set up by environment (the seeds' manual example: `OPENCLAW_CONFIG_PATH=~/.openclaw/main.json
// OPENCLAW_STATE_DIR=~/.openclaw-main openclaw gateway`): each config outside a profile folder is paired with the state
// dir it runs with — the one a source names (added by hand, a lock, a running gateway's environment, an OS service),
// else the one its agents' `agentDir` / `workspace` live in, else `~/.openclaw-<name>` by the seeds' convention.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import JSON5 from 'json5';
import type { InstanceInfo, InstanceSource, StateDirSource } from '../../contract/contract.ts';
import { NO_SERVICE_FOR_INSTANCE } from '../../platform/node/services.ts';
import type { ProfileRecord } from './registry.ts';
import { DEFAULT_PROFILE, DEV_PROFILE, nameSyntaxError, sameProfileName } from '../common/names.ts';
import { normalizePath } from '../common/fields.ts';
import { openclawHint } from '../../openclaw/common/hint.ts';
import { resolveExisting } from './normalize.ts';
import {
  pairingsFromLocks,
  pairingsFromProcesses,
  pairingsFromServices,
  type ExplicitPairing,
} from './instance-sources.ts';
import type { AddedInstance } from './instance-store.ts';

export interface DiscoveredInstance {
  name: string;
  configPath: string;
  stateDir: string;
  /** The config file exists and a state dir is paired with it: it can start. */
  configured: boolean;
  /** Why it cannot start yet, when it cannot. */
  problem: string | null;
  foundBy: InstanceSource[];
  stateDirFrom: StateDirSource;
}

/** The folder beside which the seeds put their configs. */
export const configFolderOf = (home: string) => join(home, '.openclaw');

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The agents' entries of a config, whichever shape the version writes (`agents.entries` map or `agents.list`). */
function agentEntries(raw: Record<string, unknown>): Record<string, unknown>[] {
  const agents = record(raw.agents);
  const list = Array.isArray(agents.list) ? agents.list : [];
  return [...Object.values(record(agents.entries)), ...list].map(record);
}

/**
 * The state dir a config's own paths say it runs with: `agentDir` is `<state>/agents/<id>/agent`, and a workspace
 * named `workspace` sits in `<state>/`. Null when the paths say nothing (or disagree).
 */
export function stateDirFromConfig(
  raw: Record<string, unknown>,
  home: string,
): { stateDir: string; from: 'agentDir' | 'workspace' } | null {
  const absolute = (value: unknown) => {
    if (typeof value !== 'string' || !value) return null;
    const normalized = normalizePath(value, { home });
    return normalized.ok ? normalized.path : null;
  };
  const entries = agentEntries(raw);
  const fromAgentDirs = entries.flatMap((entry) => {
    const path = absolute(entry.agentDir);
    const match = path ? /^(.+)[/\\]agents[/\\][^/\\]+[/\\]agent$/.exec(path) : null;
    return match ? [match[1] as string] : [];
  });
  const workspaces = [record(record(raw.agents).defaults).workspace, ...entries.map((e) => e.workspace)];
  const fromWorkspaces = workspaces.flatMap((value) => {
    const path = absolute(value);
    return path && basename(path) === 'workspace' ? [dirname(path)] : [];
  });
  for (const [found, from] of [
    [fromAgentDirs, 'agentDir'],
    [fromWorkspaces, 'workspace'],
  ] as const) {
    if (found.length && found.every((dir) => dir === found[0])) return { stateDir: found[0] as string, from };
  }
  return null;
}

/** Whether a JSON file in `~/.openclaw` is an OpenClaw config (state files there are JSON too: keys.json, …). */
export function looksLikeConfig(raw: unknown): raw is Record<string, unknown> {
  const root = record(raw);
  return Object.keys(root).length > 0 && (root.gateway !== undefined || root.agents !== undefined);
}

const CONFIG_FILE = /^(?!openclaw\.json5?$).+\.json5?$/i;

/** The configs beside each other in `~/.openclaw` (not `openclaw.json`, not backups), with what they hold. */
async function folderConfigs(home: string): Promise<{ configPath: string; raw: Record<string, unknown> | null }[]> {
  const folder = configFolderOf(home);
  const names = await readdir(folder).catch(() => [] as string[]);
  const found: { configPath: string; raw: Record<string, unknown> | null }[] = [];
  for (const name of names.filter((n) => CONFIG_FILE.test(n)).sort()) {
    const configPath = join(folder, name);
    const text = await readFile(configPath, 'utf8').catch(() => null);
    if (text === null) continue;
    let raw: unknown;
    try {
      raw = JSON5.parse(text);
    } catch {
      // A broken file named like a config is shown with its error only if something pairs it; else it is not ours.
      continue;
    }
    if (looksLikeConfig(raw)) found.push({ configPath, raw });
  }
  return found;
}

/** A name from a config's file name (or its state dir's, for an `openclaw.json` elsewhere), in OpenClaw's rule. */
export function nameStemOf(configPath: string, stateDir: string): string {
  let stem = basename(configPath).replace(/\.json5?$/i, '');
  if (stem.toLowerCase() === 'openclaw') stem = basename(stateDir).replace(/^\.?openclaw-?/i, '');
  const cleaned = stem
    .replace(/[^a-z0-9_-]+/gi, '-')
    .replace(/^[^a-z0-9]+/i, '')
    .slice(0, 60);
  return cleaned || 'instance';
}

/** `stem`, or `stem-env`, `stem-env2`, … when a profile, a reserved name or another instance has it. */
export function freeName(stem: string, taken: readonly string[]): string {
  const reserved = [DEFAULT_PROFILE, DEV_PROFILE, ...taken];
  const free = (name: string) => nameSyntaxError(name) === null && !reserved.some((t) => sameProfileName(t, name));
  if (free(stem)) return stem;
  for (let n = 1; ; n++) {
    const name = `${stem}-env${n === 1 ? '' : n}`;
    if (free(name)) return name;
  }
}

const isDirectory = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

export interface InstanceDiscovery {
  home: string;
  env: NodeJS.ProcessEnv;
  /** The profile folders found (set up or not): their names are taken, their own config is never an instance. */
  profiles: readonly { name: string; stateDir: string; configPath: string; configured: boolean }[];
  added: readonly AddedInstance[];
  /** Also look at running processes' environment (Linux); off in tests that must not see the host's gateways. */
  processes?: boolean;
}

interface Pairing {
  configPath: string;
  stateDir: string;
  foundBy: InstanceSource[];
  stateDirFrom: StateDirSource;
  name?: string;
}

/** Every instance set up by environment under `home`, named, paired, in a stable order. */
export async function discoverInstances(options: InstanceDiscovery): Promise<DiscoveredInstance[]> {
  const { home, profiles } = options;
  const canonical = (path: string) => {
    const normalized = normalizePath(path, { home });
    return normalized.ok ? resolveExisting(normalized.path) : path;
  };
  const key = (configPath: string, stateDir: string) => `${configPath}\0${stateDir}`;
  const ownOfProfile = new Set(profiles.map((p) => key(canonical(p.configPath), canonical(p.stateDir))));
  const pairings = new Map<string, Pairing>();
  const add = (pairing: Pairing) => {
    const configPath = canonical(pairing.configPath);
    const stateDir = canonical(pairing.stateDir);
    const at = key(configPath, stateDir);
    if (ownOfProfile.has(at)) return;
    const known = pairings.get(at);
    if (!known) pairings.set(at, { ...pairing, configPath, stateDir });
    else for (const source of pairing.foundBy) if (!known.foundBy.includes(source)) known.foundBy.push(source);
  };
  for (const instance of options.added)
    add({ ...instance, foundBy: ['added'], stateDirFrom: 'added', name: instance.name });
  // Folders a gateway of the seeds' layout runs in: `~/.openclaw-*` without a config of their own, and the default's.
  const lockFolders = profiles.filter((p) => !p.configured).map((p) => p.stateDir);
  const explicit: ExplicitPairing[] = [
    ...(await pairingsFromLocks(lockFolders, home)),
    ...(options.processes === false ? [] : await pairingsFromProcesses(home)),
    ...(await pairingsFromServices(home, options.env)),
  ];
  for (const found of explicit) add({ ...found, foundBy: [found.foundBy], stateDirFrom: found.foundBy });
  const paired = new Set([...pairings.values()].map((p) => p.configPath));
  const unpaired: Pairing[] = [];
  for (const { configPath: file, raw } of await folderConfigs(home)) {
    const configPath = canonical(file);
    for (const p of pairings.values())
      if (p.configPath === configPath && !p.foundBy.includes('config-folder')) p.foundBy.push('config-folder');
    // Its own paths pair it too: the same state dir merges, another one is a second instance on one config (an error).
    const derived = raw ? stateDirFromConfig(raw, home) : null;
    const byName = join(home, `.openclaw-${nameStemOf(configPath, '')}`);
    if (derived && (await isDirectory(derived.stateDir)))
      add({ configPath, stateDir: derived.stateDir, foundBy: ['config-folder'], stateDirFrom: derived.from });
    else if (paired.has(configPath)) continue;
    else if ((await isDirectory(byName)) && !(await isFile(join(byName, 'openclaw.json'))))
      add({ configPath, stateDir: byName, foundBy: ['config-folder'], stateDirFrom: 'folder-name' });
    else
      unpaired.push({
        configPath,
        stateDir: derived?.stateDir ?? byName,
        foundBy: ['config-folder'],
        stateDirFrom: 'folder-name',
      });
  }
  const taken = profiles.filter((p) => p.configured).map((p) => p.name);
  const all = [...pairings.values(), ...unpaired].sort((a, b) =>
    a.name !== undefined && b.name === undefined
      ? -1
      : b.name !== undefined && a.name === undefined
        ? 1
        : a.configPath.localeCompare(b.configPath) || a.stateDir.localeCompare(b.stateDir),
  );
  const instances: DiscoveredInstance[] = [];
  for (const pairing of all) {
    const name = pairing.name ?? freeName(nameStemOf(pairing.configPath, pairing.stateDir), taken);
    taken.push(name);
    const hasConfig = await isFile(pairing.configPath);
    const isUnpaired = unpaired.includes(pairing);
    instances.push({
      name,
      configPath: pairing.configPath,
      stateDir: pairing.stateDir,
      configured: hasConfig && !isUnpaired,
      problem: !hasConfig
        ? `${pairing.configPath} does not exist`
        : isUnpaired
          ? `no state dir is paired with ${pairing.configPath}: add it with \`lobsterpot add --config ${pairing.configPath} --state-dir DIR\``
          : null,
      foundBy: pairing.foundBy,
      stateDirFrom: pairing.stateDirFrom,
    });
  }
  return instances;
}

/** A word for a POSIX shell: as it is when it is plain, else in single quotes. */
const shellWord = (word: string) => (/^[\w@%+=:,./~-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

/** The command line that runs an instance by hand, the seeds' way, with the OpenClaw Lobsterpot located. */
export const instanceCommand = (instance: { configPath: string; stateDir: string }) =>
  `OPENCLAW_CONFIG_PATH=${shellWord(instance.configPath)} OPENCLAW_STATE_DIR=${shellWord(instance.stateDir)} ${openclawHint('gateway')}`;

/** What the profile view says of an instance set up by environment; null for a profile folder. */
export function instanceInfoOf(record: ProfileRecord): InstanceInfo | null {
  if (record.layout !== 'env' || !record.instance) return null;
  return {
    foundBy: [...record.instance.foundBy],
    stateDirFrom: record.instance.stateDirFrom,
    command: instanceCommand(record),
    service: NO_SERVICE_FOR_INSTANCE,
  };
}
