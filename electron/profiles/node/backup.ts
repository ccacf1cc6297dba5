// Backup and restore of one profile. Backup: OpenClaw's own `backup create` where the version has it, else a tar.gz
// of config and state without caches. Restore: always into a NEW profile (never over an existing one), with the old
// state dir's paths rewritten, a new base port (CDP ports re-based as a clone's are) and a new gateway token.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LobsterpotError, type BackupResult } from '../../contract/contract.ts';
import { effectiveBasePort } from '../../ports/common/ports.ts';
import { parseProfileConfig } from './config.ts';
import {
  failureText,
  parseJsonOutput,
  type OpenClawCli,
  type OpenClawTarget,
} from '../../openclaw/node/openclaw-cli.ts';
import { clonePatch } from './provisioning.ts';
import { writeFileAtomic } from '../../platform/node/fs-atomic.ts';
import { extractTarGz, writeTarGz } from '../../platform/node/tar.ts';

/** Rebuilt or machine-local: caches, locks, logs and installed modules are left out of Lobsterpot's own archive. */
const SKIPPED_DIRS = new Set(['cache', '.cache', 'Cache', 'Code Cache', 'GPUCache', 'node_modules', 'tmp', 'logs']);
export const skipInBackup = (relativePath: string, isDirectory: boolean) => {
  const name = relativePath.split('/').at(-1) ?? '';
  return isDirectory ? SKIPPED_DIRS.has(name) : /\.lock$|\.sock$/.test(name);
};

const ARCHIVE_ROOT = 'lobsterpot-backup';
const UNKNOWN_COMMAND = /unknown command|too many arguments|did you mean/i;

export async function backupProfile(options: {
  cli: OpenClawCli;
  profile: string;
  /** Whom OpenClaw's `backup create` is for, when not the profile by its name (an instance's two paths). */
  target?: OpenClawTarget;
  stateDir: string;
  configPath: string;
  outputDir: string;
  now?: () => Date;
}): Promise<BackupResult> {
  const { cli, profile, outputDir } = options;
  await mkdir(outputDir, { recursive: true });
  const result = await cli.run(options.target ?? profile, ['backup', 'create', '--json', '--output', outputDir], {
    timeoutMs: 180_000,
  });
  const json = parseJsonOutput(result.stdout);
  if (result.code === 0 && typeof json?.archivePath === 'string') {
    return { profile, archive: json.archivePath, method: 'openclaw', bytes: (await stat(json.archivePath)).size };
  }
  if (!UNKNOWN_COMMAND.test(result.stderr + result.stdout))
    throw new LobsterpotError('failed', `openclaw backup create for ${profile}: ${failureText(result)}`);
  // This OpenClaw has no backup command: Lobsterpot's own archive of the state dir (the config is inside it).
  const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const archive = join(outputDir, `${stamp}-${profile}-lobsterpot-backup.tar.gz`);
  const manifest = {
    format: 'lobsterpot-backup',
    version: 1,
    profile,
    stateDir: options.stateDir,
    configPath: options.configPath,
    createdAt: stamp,
  };
  // An instance set up by environment keeps its config outside its state dir: it goes in beside it.
  const outside = dirname(options.configPath) !== options.stateDir && existsSync(options.configPath);
  await writeTarGz(
    archive,
    [{ root: options.stateDir, prefix: `${ARCHIVE_ROOT}/state`, skip: skipInBackup }],
    [
      { name: `${ARCHIVE_ROOT}/manifest.json`, content: JSON.stringify(manifest, null, 2) },
      ...(outside
        ? [
            {
              name: `${ARCHIVE_ROOT}/config/${basename(options.configPath)}`,
              content: await readFile(options.configPath, 'utf8'),
            },
          ]
        : []),
    ],
  );
  return { profile, archive, method: 'tar', bytes: (await stat(archive)).size };
}

/** A config with every path under the old state dir moved to the new one (a deep copy; other values as they are). */
export function rebasePaths(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') {
    if (value === from) return to;
    for (const separator of ['/', '\\']) if (value.startsWith(from + separator)) return to + value.slice(from.length);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => rebasePaths(item, from, to));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, rebasePaths(child, from, to)]));
}

/** Deep merge of config patches (later wins). */
function merge(...patches: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const patch of patches) {
    for (const [key, value] of Object.entries(patch)) {
      const before = out[key];
      out[key] =
        before && typeof before === 'object' && value && typeof value === 'object' && !Array.isArray(value)
          ? merge(before as Record<string, unknown>, value as Record<string, unknown>)
          : value;
    }
  }
  return out;
}

/** Where an archive's state dir is once unpacked, and the path it had when it was backed up. */
async function unpack(cli: OpenClawCli, archive: string, staging: string): Promise<{ dir: string; from: string }> {
  const target = join(staging, 'unpacked');
  const result = await cli.run(null, ['backup', 'restore', archive, '--target', target, '--json'], {
    timeoutMs: 180_000,
  });
  const json = parseJsonOutput(result.stdout);
  if (result.code === 0 && json?.ok === true && typeof json.archiveRoot === 'string') {
    const manifest = JSON.parse(await readFile(join(target, json.archiveRoot, 'manifest.json'), 'utf8')) as {
      assets?: { kind?: string; archivePath?: string; sourcePath?: string }[];
    };
    const state = manifest.assets?.find((a) => a.kind === 'state');
    if (!state?.archivePath || !state.sourcePath)
      throw new LobsterpotError('refused', `${basename(archive)} holds no state dir (a config-only backup?)`);
    return { dir: join(target, state.archivePath), from: state.sourcePath };
  }
  // Not OpenClaw's (or this OpenClaw cannot restore): Lobsterpot's own archive?
  await rm(target, { recursive: true, force: true });
  try {
    await extractTarGz(archive, target);
    const manifest = JSON.parse(await readFile(join(target, ARCHIVE_ROOT, 'manifest.json'), 'utf8')) as {
      format?: string;
      stateDir?: string;
    };
    if (manifest.format !== 'lobsterpot-backup' || typeof manifest.stateDir !== 'string')
      throw new Error('no manifest');
    return { dir: join(target, ARCHIVE_ROOT, 'state'), from: manifest.stateDir };
  } catch {
    throw new LobsterpotError(
      'refused',
      `${basename(archive)} is neither an OpenClaw backup nor a Lobsterpot one: ${failureText(result)}`,
    );
  }
}

/**
 * Unpacks `archive` into the new profile's state dir `stateDir` (which must not exist) and writes, through OpenClaw's
 * writer, its new base port, re-based CDP ports, moved paths and a new gateway token.
 */
export async function restoreProfile(options: {
  cli: OpenClawCli;
  archive: string;
  profile: string;
  stateDir: string;
  port: number;
  /** Where to unpack first (inside Lobsterpot's data dir). */
  workDir: string;
}): Promise<void> {
  const { cli, archive, profile, stateDir, port } = options;
  if (!existsSync(archive)) throw new LobsterpotError('not-found', `${archive} does not exist`);
  if (existsSync(stateDir)) throw new LobsterpotError('refused', `${stateDir} already exists: nothing is overwritten`);
  await mkdir(options.workDir, { recursive: true });
  const staging = await mkdtemp(join(options.workDir, 'restore-'));
  try {
    const { dir, from } = await unpack(cli, archive, staging);
    if (existsSync(stateDir))
      throw new LobsterpotError('refused', `${stateDir} already exists: nothing is overwritten`);
    await rename(dir, stateDir).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error;
      await cp(dir, stateDir, { recursive: true, errorOnExist: true, force: false });
    });
    // Locks of the original gateway (another pid) must not make the new one look owned.
    await rm(join(stateDir, 'tmp'), { recursive: true, force: true });
    const configPath = join(stateDir, 'openclaw.json');
    const source = await readFile(configPath, 'utf8').catch(() => null);
    if (source === null) throw new LobsterpotError('refused', `${basename(archive)} holds no openclaw.json`);
    const read = parseProfileConfig(source, configPath, profile);
    if (!read.ok) throw new LobsterpotError('refused', `the restored config cannot be read: ${read.error}`);
    // The paths are moved in the file itself, before OpenClaw's writer sees it: its roster check refuses a patch that
    // moves an agent dir away from where the original profile (still there) keeps its auth.
    await writeFileAtomic(configPath, `${JSON.stringify(rebasePaths(read.raw, from, stateDir), null, 2)}\n`);
    const oldBase = effectiveBasePort(basename(from).replace(/^\.openclaw-?/, '') || 'default', read.config.port).port;
    const patch = merge(
      clonePatch(read.config, port - oldBase),
      { gateway: { port } },
      read.config.token ? { gateway: { auth: { token: randomBytes(24).toString('hex') } } } : {},
    );
    await cli.patchConfig(profile, patch);
  } catch (error) {
    // A half-restored profile is removed only if this restore created it.
    if (!(error instanceof LobsterpotError && /already exists/.test(error.message)))
      await rm(stateDir, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
