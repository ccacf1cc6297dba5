// The OpenClaws on this machine: the located one, the versions Lobsterpot installed beside it
// (`<root>/<version>/node_modules/openclaw`), and the paths profiles are set to run; which profile runs which; a
// version installed with npm; and the runtime one profile's gateway is spawned with.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import type {
  InstallResult,
  OpenClawEnvironment,
  OpenClawInstall,
  ProfileRuntimeView,
  VersionSkew,
} from '../../contract/contract.ts';
import { LobsterpotError } from '../../contract/errors.ts';
import { compareVersions } from '../common/versions.ts';
import { openclawVersionOf, projectInstall, resolveOpenClawEntry } from './locate.ts';

/** `npm install` of a gateway's package and its dependencies: ~1–2 min here; a hung registry ends at 10 min. */
const INSTALL_TIMEOUT_MS = 600_000;

/**
 * Where `openclaw.install` puts versions: beside the project's pinned install (`.cache/openclaw-versions`) in a
 * checkout, else in Lobsterpot's data dir (an installed app has no `.cache`).
 */
export function installRootOf(dataDir: string, project = projectInstall()): string {
  if (project) return join(dirname(dirname(dirname(dirname(project.openclaw)))), 'openclaw-versions');
  return join(dataDir, 'openclaw-versions');
}

/** The entry of the version installed under `root`, if it is there. */
export function installedEntry(root: string, version: string): string | null {
  const entry = join(root, version, 'node_modules', 'openclaw', 'openclaw.mjs');
  return existsSync(entry) ? entry : null;
}

/** The versions installed under `root` (a folder per version, each an npm prefix). */
export function listInstalled(root: string): { version: string | null; path: string }[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((name) => !name.startsWith('.'))
    .map((name) => installedEntry(root, name))
    .filter((entry): entry is string => entry !== null)
    .map((path) => ({ version: openclawVersionOf(path), path }))
    .sort((a, b) => compareVersions(a.version, b.version));
}

/** The runtime a profile's gateway runs: its `openclawRuntime` install with the located Node, else the located one. */
export function runtimeOf(environment: OpenClawEnvironment, pinned: string | null): OpenClawEnvironment {
  if (!pinned) return environment;
  const entry = resolveOpenClawEntry(pinned);
  if (!entry)
    return {
      ...environment,
      openclaw: null,
      handoff: null,
      problem: `OpenClaw was not found at ${pinned} (the profile's OpenClaw install).`,
      fix: 'Install that version again (`lobsterpot install <version>`), or put the profile back on the located OpenClaw (`lobsterpot update <located version or path> <profile>`).',
    };
  // The hand-off probe was made for the located runtime only: another install runs in the in-process mode.
  return { ...environment, openclaw: { path: entry, version: openclawVersionOf(entry) }, handoff: null };
}

export interface RuntimeFacts {
  profile: string;
  state: ProfileRuntimeView['state'];
  pinned: string | null;
  running: string | null;
}

/** Every install known (located, installed under root, pinned by a profile) and which profile is set to run which. */
export function versionsOf(
  environment: OpenClawEnvironment,
  installed: readonly { version: string | null; path: string }[],
  profiles: readonly RuntimeFacts[],
): { installs: OpenClawInstall[]; profiles: ProfileRuntimeView[]; skew: VersionSkew | null } {
  const installs: OpenClawInstall[] = [];
  const byPath = new Map<string, OpenClawInstall>();
  const add = (path: string, version: string | null, source: OpenClawInstall['source']) => {
    const known = byPath.get(path);
    if (known) return known;
    const install: OpenClawInstall = { version, path, source, profiles: [] };
    byPath.set(path, install);
    installs.push(install);
    return install;
  };
  if (environment.openclaw) add(environment.openclaw.path, environment.openclaw.version, 'located');
  for (const one of installed) add(one.path, one.version, 'lobsterpot');
  const views = profiles.map((facts): ProfileRuntimeView => {
    const runtime = runtimeOf(environment, facts.pinned).openclaw;
    const install = runtime ? add(runtime.path, runtime.version, 'profile') : null;
    install?.profiles.push(facts.profile);
    return {
      profile: facts.profile,
      state: facts.state,
      install: runtime ? { version: runtime.version, path: runtime.path } : null,
      running: facts.running,
      pinned: facts.pinned,
    };
  });
  return { installs, profiles: views, skew: skewOf(views) };
}

/** Running gateways on more than one version: which runs which, said in one line. */
export function skewOf(profiles: readonly Pick<ProfileRuntimeView, 'profile' | 'running'>[]): VersionSkew | null {
  const byVersion = new Map<string, string[]>();
  for (const p of profiles) {
    const version = p.running;
    if (!version) continue;
    byVersion.set(version, [...(byVersion.get(version) ?? []), p.profile]);
  }
  if (byVersion.size < 2) return null;
  const versions = [...byVersion.entries()]
    .sort(([a], [b]) => compareVersions(a, b))
    .map(([version, names]) => ({ version, profiles: names }));
  const said = versions.map((v) => `${v.version} (${v.profiles.join(', ')})`).join(', ');
  return {
    versions,
    message: `Gateways run different OpenClaw versions: ${said}. Update the others or roll back (lobsterpot update).`,
  };
}

export interface NpmRun {
  (
    args: string[],
    options: { env: NodeJS.ProcessEnv; timeoutMs: number },
  ): Promise<{
    code: number | null;
    output: string;
  }>;
}

/** npm from PATH, without a shell; OpenClaw's preinstall checks the Node on PATH, so the located one goes first. */
export const runNpm: NpmRun = (args, { env, timeoutMs }) =>
  new Promise((resolve) => {
    execFile(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      args,
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });

/** `npm install openclaw@<version>` into `<root>/<version>` (through a temporary folder: a failed one leaves nothing). */
export async function installVersion(
  version: string,
  options: { root: string; nodePath: string | null; env: NodeJS.ProcessEnv; npm?: NpmRun; now?: () => number },
): Promise<InstallResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const present = installedEntry(options.root, version);
  if (present) return { version, path: present, already: true, tookMs: 0 };
  const staging = join(options.root, `.installing-${version}-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const path = [options.nodePath ? dirname(options.nodePath) : null, options.env.PATH].filter(Boolean).join(delimiter);
  const npm = options.npm ?? runNpm;
  const result = await npm(
    ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', `openclaw@${version}`],
    { env: { ...options.env, PATH: path }, timeoutMs: INSTALL_TIMEOUT_MS },
  );
  const stagedEntry = join(staging, 'node_modules', 'openclaw', 'openclaw.mjs');
  const got = existsSync(stagedEntry) ? openclawVersionOf(stagedEntry) : null;
  if (result.code !== 0 || got !== version) {
    await rm(staging, { recursive: true, force: true });
    const tail = result.output.trim().split('\n').slice(-5).join('\n');
    throw new LobsterpotError(
      'failed',
      `npm install openclaw@${version} ${result.code === 0 ? `gave ${got ?? 'no OpenClaw'}` : `failed (exit ${result.code ?? 'timeout'})`}: ${tail}`,
    );
  }
  await rename(staging, join(options.root, version));
  return {
    version,
    path: join(options.root, version, 'node_modules', 'openclaw', 'openclaw.mjs'),
    already: false,
    tookMs: now() - started,
  };
}
