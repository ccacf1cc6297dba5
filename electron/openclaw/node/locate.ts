// Finds `openclaw` and a Node it can run on: the setting first, then the install `npm start` / `npm test` made in the
// project (`.cache/openclaw`), then PATH and the login shell's PATH, then the usual install places. The window, `serve`
// and the CLI all call this, so they agree. A missing binary or an unsupported Node is a state with its fix, never a crash.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { OpenClawEnvironment } from '../../contract/contract.ts';

/** `>=24.16 <25 || >=26.1`, OpenClaw's own requirement. */
export function isSupportedNode(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return (major === 24 && minor >= 16) || (major === 26 && minor >= 1) || major > 26;
}

/** The machine the search looks at, as a test may fake it: its platform, install places and how a Node answers. */
export interface SearchedMachine {
  platform?: NodeJS.Platform;
  /** The usual install places; the default list is per platform. */
  usualDirs?: string[];
  /** The project's own installs (the pinned OpenClaw and Node); default: found above this file, see projectInstall. */
  project?: ProjectInstall | null;
  /** Version of a Node binary, or null if it does not run. */
  nodeVersion?: (path: string) => Promise<string | null>;
}

export interface LocateOptions {
  /** Where Settings say OpenClaw and its Node are (null or absent: searched for). */
  chosen?: { openclawPath?: string | null; nodePath?: string | null };
  env?: NodeJS.ProcessEnv;
  /** The login shell's PATH (a GUI app on macOS starts with a bare one); asked only when nothing else was found. */
  loginShellPath?: () => Promise<string | null>;
  machine?: SearchedMachine;
}

/** What `npm ci` and `npm start` / `npm test` put in a Lobsterpot checkout. */
export interface ProjectInstall {
  /** `.cache/openclaw/node_modules/openclaw/openclaw.mjs`, made by scripts/setup-openclaw.ts. */
  openclaw: string;
  /** The pinned `node` devDependency. */
  node: string;
}

/**
 * The checkout this code runs from: the first folder above `from` with a package.json (electron/openclaw/node/ when run from
 * source, out/main/ when bundled), or null in a packaged app, which has no `.cache`.
 */
export function projectInstall(from: string = import.meta.dirname, platform: NodeJS.Platform = process.platform) {
  // A bundle without import.meta.dirname has no checkout to point at.
  if (!from) return null;
  for (let dir = from, up = 0; up < 4; dir = dirname(dir), up++) {
    // The sources mark a checkout: the npm package has package.json and node_modules but neither .cache nor sources.
    if (
      !isFile(join(dir, 'package.json')) ||
      !existsSync(join(dir, 'node_modules')) ||
      !existsSync(join(dir, 'electron'))
    )
      continue;
    return {
      openclaw: join(dir, '.cache', 'openclaw', 'node_modules', 'openclaw', 'openclaw.mjs'),
      node: join(dir, 'node_modules', 'node', 'bin', platform === 'win32' ? 'node.exe' : 'node'),
    };
  }
  return null;
}

/** What to do when no OpenClaw is found: the project's own install first, since it needs nothing else. */
export const OPENCLAW_MISSING_FIX =
  'Run `npm start` (or `npm run setup:openclaw`) in the Lobsterpot folder to install the pinned OpenClaw, or install it with `npm install -g openclaw` (it needs Node 24.16 or newer), or set its location (Settings › OpenClaw location; `lobsterpot settings set openclawPath <path>`).';
/** The same without a checkout (Lobsterpot installed from npm, the packaged app): no folder to run `npm start` in. */
const OPENCLAW_MISSING_FIX_INSTALLED =
  'Install it with `npm install -g openclaw` (it needs Node 24.16 or newer), or set its location (Settings › OpenClaw location; `lobsterpot settings set openclawPath <path>`).';
const NODE_MISSING_FIX =
  'Install Node 24 (for example with nvm: `nvm install 24`), or set its location (Settings › Node location; `lobsterpot settings set nodePath <path>`).';

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The `openclaw.mjs` behind a launcher, a symlink, a package folder or the file itself. */
export function resolveOpenClawEntry(candidate: string): string | null {
  const tries: string[] = [];
  if (candidate.endsWith('.mjs') || candidate.endsWith('.js')) tries.push(candidate);
  try {
    const real = realpathSync(candidate);
    if (real.endsWith('openclaw.mjs')) tries.push(real);
    if (statSync(real).isDirectory())
      tries.push(join(real, 'openclaw.mjs'), join(real, 'node_modules', 'openclaw', 'openclaw.mjs'));
  } catch {
    // not there
  }
  // npm's shims on Windows and some shells: <prefix>/bin/openclaw next to <prefix>/lib/node_modules/openclaw.
  const dir = dirname(candidate);
  tries.push(
    join(dir, '..', 'lib', 'node_modules', 'openclaw', 'openclaw.mjs'),
    join(dir, 'node_modules', 'openclaw', 'openclaw.mjs'),
  );
  return tries.find(isFile) ?? null;
}

export function openclawVersionOf(entry: string): string | null {
  try {
    return (
      (JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')) as { version?: string }).version ?? null
    );
  } catch {
    return null;
  }
}

function usualBinDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const home = env.HOME || homedir();
  const dirs = [
    join(home, '.npm-global', 'bin'),
    join(home, '.local', 'bin'),
    join(home, '.volta', 'bin'),
    join(home, '.asdf', 'shims'),
    join(home, '.local', 'share', 'pnpm'),
    '/usr/local/bin',
    '/opt/homebrew/bin',
    '/usr/bin',
  ];
  const nvm = join(home, '.nvm', 'versions', 'node');
  if (existsSync(nvm)) {
    const versions = readdirSync(nvm).sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
    dirs.push(...versions.map((version) => join(nvm, version, 'bin')));
  }
  if (platform === 'win32' && env.APPDATA) dirs.push(join(env.APPDATA, 'npm'));
  if (platform === 'win32' && env.ProgramFiles) dirs.push(join(env.ProgramFiles, 'nodejs'));
  return dirs;
}

const pathDirs = (path: string | undefined) => (path ?? '').split(delimiter).filter(Boolean);

function runVersion(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: 5000, env: { PATH: process.env.PATH ?? '' } }, (error, stdout) => {
      resolve(error ? null : stdout.trim() || null);
    });
  });
}

/** The PATH a login shell sets up, read once with markers and a timeout (like VS Code's shellEnv). */
export function readLoginShellPath(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const shell = env.SHELL;
  if (!shell || process.platform === 'win32') return Promise.resolve(null);
  const mark = `__lobsterpot_${process.pid}__`;
  return new Promise((resolve) => {
    execFile(shell, ['-ilc', `printf '%s%s%s' ${mark} "$PATH" ${mark}`], { timeout: 5000 }, (error, stdout) => {
      const match = error ? null : new RegExp(`${mark}(.*)${mark}`, 's').exec(stdout);
      resolve(match?.[1] ?? null);
    });
  });
}

export async function locateOpenClaw(options: LocateOptions = {}): Promise<OpenClawEnvironment> {
  const env = options.env ?? process.env;
  const machine = options.machine ?? {};
  const { openclawPath, nodePath } = options.chosen ?? {};
  const platform = machine.platform ?? process.platform;
  const nodeVersion = machine.nodeVersion ?? runVersion;
  const exe = platform === 'win32' ? ['openclaw.cmd', 'openclaw'] : ['openclaw'];
  const nodeExe = platform === 'win32' ? 'node.exe' : 'node';
  const project = machine.project === undefined ? projectInstall(undefined, platform) : machine.project;
  let shellPath: string | null | undefined;
  const searchDirs = async (withShell: boolean) => {
    const dirs = [...pathDirs(env.PATH)];
    if (withShell) {
      shellPath ??= options.loginShellPath ? await options.loginShellPath() : null;
      dirs.push(...pathDirs(shellPath ?? undefined));
    }
    return [...new Set([...dirs, ...(machine.usualDirs ?? usualBinDirs(env, platform))])];
  };

  // OpenClaw.
  let entry: string | null = null;
  if (openclawPath) {
    entry = resolveOpenClawEntry(openclawPath);
    if (!entry) {
      return {
        openclaw: null,
        node: null,
        problem: `OpenClaw was not found at ${openclawPath} (the location set in Settings).`,
        fix: 'Point Settings › OpenClaw location at the `openclaw` command or its openclaw.mjs (`lobsterpot settings set openclawPath <path>`), or clear it to search (`lobsterpot settings set openclawPath ""`).',
      };
    }
  } else if (project && isFile(project.openclaw)) {
    entry = project.openclaw;
  } else {
    for (const withShell of [false, true]) {
      for (const dir of await searchDirs(withShell)) {
        for (const name of exe) {
          const candidate = join(dir, name);
          if (existsSync(candidate)) entry = resolveOpenClawEntry(candidate);
          if (entry) break;
        }
        if (entry) break;
      }
      if (entry) break;
    }
  }
  if (!entry) {
    return {
      openclaw: null,
      node: null,
      problem: `OpenClaw was not found${project ? ` in ${dirname(dirname(dirname(project.openclaw)))}` : ''}, on PATH or in the usual install places.`,
      fix: project ? OPENCLAW_MISSING_FIX : OPENCLAW_MISSING_FIX_INSTALLED,
    };
  }
  const openclaw = { path: entry, version: openclawVersionOf(entry) };

  // Node: the setting, the one beside the launcher, this process (when it is Node and not Electron), the project's
  // pinned one (Electron's own binary is not a Node OpenClaw runs on), PATH, the rest.
  const tried = new Set<string>();
  const rejected: string[] = [];
  const tryNode = async (path: string) => {
    if (tried.has(path) || !isFile(path)) return null;
    tried.add(path);
    const version = await nodeVersion(path);
    if (version && isSupportedNode(version)) return { path, version };
    rejected.push(`${version ?? 'a Node that does not run'} at ${path}`);
    return null;
  };
  if (nodePath) {
    const node = await tryNode(nodePath);
    if (node) return { openclaw, node, problem: null, fix: null };
    return {
      openclaw,
      node: null,
      problem: `The Node set in Settings is ${rejected[0] ?? `missing (${nodePath})`}; OpenClaw needs 24.16 or newer.`,
      fix: 'Install Node 24 (for example with nvm: `nvm install 24`) and point Settings › Node location at it (`lobsterpot settings set nodePath <path>`), or clear it to search.',
    };
  }
  const first = [join(dirname(entry), '..', '..', '.bin', nodeExe)];
  if (!process.versions.electron) first.push(process.execPath);
  if (project) first.push(project.node);
  for (const candidate of first) {
    const node = await tryNode(candidate);
    if (node) return { openclaw, node, problem: null, fix: null };
  }
  for (const withShell of [false, true]) {
    for (const dir of await searchDirs(withShell)) {
      const node = await tryNode(join(dir, nodeExe));
      if (node) return { openclaw, node, problem: null, fix: null };
    }
  }
  return {
    openclaw,
    node: null,
    problem: `OpenClaw needs Node 24.16 or newer${rejected.length ? `; found only ${rejected.slice(0, 3).join(', ')}` : ', and no Node was found'}.`,
    fix: NODE_MISSING_FIX,
  };
}
