// `fleet.export`: picks the profiles, refuses a fleet the isolation audit finds sharing credentials or state, reads
// what each config names (folders, browser endpoints, the gateway token), builds the Compose project or the Kustomize
// tree (common/export-*.ts, pure) and writes it: a new folder appears whole (temp folder, then rename), a token only
// ever lands in a 0600 env file, and nothing of this module prints one.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { stringify } from 'yaml';
import type { AuditFinding, AuditKind } from '../common/audit.ts';
import {
  LobsterpotError,
  type AuditReport,
  type ExportFormat,
  type ExportResult,
  type ParsedArgs,
  type ProfileView,
} from '../../contract/contract.ts';
import { composeProject } from '../common/export-compose.ts';
import { kustomizeTree } from '../common/export-kubernetes.ts';
import { TOKEN_VARIABLE, type ExportHost, type ExportPlan, type ExportProfile } from '../common/export-model.ts';
import { normalizePath } from '../../profiles/common/fields.ts';
import { loopbackPortOf } from '../../ports/common/ports.ts';
import { readProfileConfig } from '../../profiles/node/config.ts';
import { parseDotenv } from './credentials.ts';
import { writeFileAtomic } from '../../platform/node/fs-atomic.ts';

export interface ExportSource {
  profiles: ProfileView[];
  openclawVersion: string | null;
  home: string;
  dataDir: string;
  now: number;
  audit(): Promise<AuditReport>;
  /** The uid owning the profiles' folders (default: this process's). */
  uid?: number | null;
}

/** What two exported profiles must not share: one state or one credential would then run in two containers. */
const REFUSING: readonly AuditKind[] = [
  'shared-credential',
  'shared-state-dir',
  'shared-config',
  'shared-workspace',
  'shared-agent-dir',
];

/** The audit's findings that stop an export of `names`: sharing among at least two of them. */
export function refusingFindings(findings: readonly AuditFinding[], names: readonly string[]): AuditFinding[] {
  return findings.filter((f) => REFUSING.includes(f.kind) && f.profiles.filter((p) => names.includes(p)).length >= 2);
}

function select(all: readonly ProfileView[], asked: readonly string[]): { chosen: ProfileView[]; notes: string[] } {
  const usable = (p: ProfileView) => p.configured && p.configError === null;
  if (asked.length === 0) {
    const chosen = all.filter(usable);
    if (!chosen.length) throw new LobsterpotError('refused', 'no profile is set up: there is nothing to export');
    const skipped = all.filter((p) => p.configured && p.configError !== null);
    return { chosen, notes: skipped.map((p) => `${p.name} is left out: ${p.configError}`) };
  }
  const chosen: ProfileView[] = [];
  for (const name of asked) {
    const profile = all.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!profile) throw new LobsterpotError('not-found', `no profile named '${name}'`);
    if (!usable(profile))
      throw new LobsterpotError(
        'refused',
        `${profile.name} cannot be exported: ${profile.configError ?? 'not set up'}`,
      );
    if (!chosen.includes(profile)) chosen.push(profile);
  }
  return { chosen, notes: [] };
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** The folders, browser endpoints and token a profile's config names (the token: the config, else its `.env`). */
async function exportProfileOf(view: ProfileView): Promise<ExportProfile> {
  const read = await readProfileConfig(view.configPath, view.name);
  if (!read.ok) throw new LobsterpotError('refused', `${view.name} cannot be exported: ${read.error}`);
  const agents = record(read.raw.agents);
  const defaults = text(record(agents.defaults).workspace);
  const namedPaths = [defaults];
  for (const entry of Object.values(record(agents.entries)))
    namedPaths.push(text(record(entry).workspace), text(record(entry).agentDir));
  let token = read.config.token;
  if (token === null || /^\$\{[A-Z0-9_]+\}$/.test(token)) {
    const dotenv = await readFile(join(view.stateDir, '.env'), 'utf8').catch(() => '');
    token = parseDotenv(dotenv)[TOKEN_VARIABLE] || null;
  }
  const endpoints = [...view.browserProfiles.map((b) => b.cdpUrl), view.pinnedCdpUrl ?? null].filter(
    (url): url is string => url !== null && loopbackPortOf(url) !== null,
  );
  return {
    name: view.name,
    basePort: view.effectivePort,
    stateDir: view.stateDir,
    mcpSandboxPort: view.mcpSandboxPort ?? null,
    namedPaths: namedPaths.filter((p): p is string => p !== null),
    workspaceNamed: defaults !== null,
    hostBrowserEndpoints: [...new Set(endpoints)],
    token,
  };
}

const stampOf = (now: number) => new Date(now).toISOString().slice(0, 19).replace(/:/g, '-');

function outputOf(args: ParsedArgs<'fleet.export'>, source: ExportSource): string {
  if (args.output === undefined) return join(source.dataDir, 'exports', `${args.format}-${stampOf(source.now)}`);
  const normalized = normalizePath(args.output, { home: source.home });
  if (!normalized.ok || !isAbsolute(normalized.path))
    throw new LobsterpotError('invalid-argument', `output: must be an absolute path (got '${args.output}')`);
  return normalized.path;
}

const HEADER = (format: ExportFormat) =>
  `# Written by \`lobsterpot export ${format}\`. Gateway tokens are in the *.env files beside, never here.\n`;

/** A file's bytes: YAML 1.1 rules, so a value like `no` or `on` is quoted for tools that still read 1.1. */
export function serialize(file: ExportPlan['files'][number], format: ExportFormat): string {
  if (file.text !== undefined) return file.text;
  const documents = (file.documents ?? []).map((doc) => stringify(doc, { version: '1.1', lineWidth: 0 }));
  return HEADER(format) + documents.join('---\n');
}

/** Writes the plan's files into `directory`; a folder that did not exist appears only once every file is in it. */
export async function writePlan(
  directory: string,
  plan: ExportPlan,
  format: ExportFormat,
  force: boolean,
): Promise<string[]> {
  const entries = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    if (error.code === 'ENOTDIR') throw new LobsterpotError('refused', `${directory} is a file, not a folder`);
    throw error;
  });
  if (entries?.length && !force)
    throw new LobsterpotError(
      'refused',
      `${directory} is not empty: nothing was written (choose an empty folder, or --force to replace the files)`,
    );
  const target = entries === null ? `${directory}.tmp-${process.pid}-${randomBytes(4).toString('hex')}` : directory;
  try {
    for (const file of plan.files) {
      const path = join(target, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true, mode: 0o755 });
      // Written 0600 from the first byte; opened up afterwards only when it holds no secret.
      await writeFileAtomic(path, serialize(file, format));
      await chmod(path, file.secret ? 0o600 : 0o644);
    }
    if (entries === null) await rename(target, directory);
  } catch (error) {
    if (entries === null) await rm(target, { recursive: true, force: true });
    throw error;
  }
  return plan.files.map((f) => f.path);
}

export async function exportFleet(args: ParsedArgs<'fleet.export'>, source: ExportSource): Promise<ExportResult> {
  const { chosen, notes } = select(source.profiles, args.profiles);
  const names = chosen.map((p) => p.name);
  const refusing = refusingFindings((await source.audit()).findings, names);
  if (refusing.length)
    throw new LobsterpotError(
      'refused',
      [
        `the isolation audit finds ${names.length > 1 ? 'these profiles' : 'this profile'} sharing what a fleet must not, so nothing was exported:`,
        ...refusing.map((f) => `- ${f.message}. Fix: ${f.fix}`),
      ].join('\n'),
    );
  const profiles = await Promise.all(chosen.map(exportProfileOf));
  const host: ExportHost = {
    home: source.home,
    openclawVersion: source.openclawVersion,
    uid: source.uid !== undefined ? source.uid : (process.getuid?.() ?? null),
  };
  const plan = args.format === 'compose' ? composeProject(profiles, host) : kustomizeTree(profiles, host);
  const directory = outputOf(args, source);
  await mkdir(dirname(directory), { recursive: true });
  const files = await writePlan(directory, plan, args.format, args.force);
  return { format: args.format, directory, files, profiles: names, notes: [...plan.notes, ...notes] };
}
