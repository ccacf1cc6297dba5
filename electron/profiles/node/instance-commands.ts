// What a person does with instances set up by environment: add one by hand (any config, any state dir), forget one
// added by hand, and convert one into a profile folder `~/.openclaw-<name>/` — backed up first, stopped first and
// started again if it ran, its config written by OpenClaw's own writer (`config patch`, which validates it).
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import JSON5 from 'json5';
import {
  LobsterpotError,
  type ConvertMove,
  type ConvertReport,
  type GatewayStatus,
  type ParsedArgs,
  type ProfileView,
} from '../../contract/contract.ts';
import type { ProfileRuntime } from '../../gateways/node/profile-runtime.ts';
import type { OpenClawCli } from '../../openclaw/node/openclaw-cli.ts';
import { configPathOf, stateDirOf } from '../../platform/node/paths.ts';
import type { SettingsStore } from '../../settings/node/settings.ts';
import { checkNewProfileName, sameProfileName } from '../common/names.ts';
import { backupProfile, rebasePaths } from './backup.ts';
import { move } from './disposal.ts';
import { freeName, nameStemOf } from './instances.ts';
import { readAddedInstances, writeAddedInstances } from './instance-store.ts';
import type { ProfileRegistry } from './registry.ts';

export interface InstanceCommandsContext {
  host: { home: string; dataDir: string };
  store: { registry: ProfileRegistry; settings: SettingsStore };
  openclaw: { cli(): OpenClawCli };
  /** The profiles' runtimes: found by name, shown, started, and the look at the host again. */
  profiles: {
    runtime(name: string): ProfileRuntime;
    view(runtime: ProfileRuntime): ProfileView;
    start(name: string): Promise<GatewayStatus>;
    /** A rescan that has seen every change made before it was asked for. */
    refresh(): Promise<void>;
  };
}

const stamp = (date: Date) => date.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');

/** OpenClaw stamps these on every write and refuses a patch that sets them. */
const AUTO_MANAGED = ['meta'];

export class InstanceCommands {
  readonly #ctx: InstanceCommandsContext;

  constructor(context: InstanceCommandsContext) {
    this.#ctx = context;
  }

  /** An instance anywhere: its config file (it must be there) and the state dir it runs with. */
  async add(args: ParsedArgs<'profiles.add'>): Promise<ProfileView> {
    const { dataDir } = this.#ctx.host;
    const { registry } = this.#ctx.store;
    // Canonical already, as every path field of a command (normalize.ts canonicalArgs).
    const { config: configPath, stateDir } = args;
    const config = await stat(configPath).catch(() => null);
    if (!config?.isFile()) throw new LobsterpotError('invalid-argument', `config: ${configPath} is not a file`);
    try {
      const raw: unknown = JSON5.parse(await readFile(configPath, 'utf8'));
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('it does not hold an object');
    } catch (error) {
      throw new LobsterpotError(
        'invalid-argument',
        `config: ${configPath} is not an OpenClaw config: ${(error as Error).message}`,
      );
    }
    const state = await stat(stateDir).catch(() => null);
    if (state && !state.isDirectory())
      throw new LobsterpotError('invalid-argument', `stateDir: ${stateDir} is a file, not a folder`);
    await this.#ctx.profiles.refresh();
    const known = registry.all().find((p) => p.configPath === configPath && p.stateDir === stateDir);
    if (known)
      throw new LobsterpotError(
        'refused',
        known.layout === 'env'
          ? `${configPath} with ${stateDir} is already known as ${known.name}`
          : `${configPath} is the profile ${known.name}'s own config: it needs no adding`,
      );
    const added = await readAddedInstances(dataDir);
    const name = args.name ?? freeName(nameStemOf(configPath, stateDir), registry.names());
    const check = checkNewProfileName(name, [...registry.names(), ...added.map((a) => a.name)]);
    if (!check.ok) throw new LobsterpotError('invalid-argument', check.error);
    await writeAddedInstances(dataDir, [...added, { name, configPath, stateDir }]);
    await this.#ctx.profiles.refresh();
    return this.#ctx.profiles.view(this.#ctx.profiles.runtime(name));
  }

  /** Forgets an instance added by hand; its files stay where they are. */
  async forget(name: string): Promise<{ forgotten: boolean }> {
    const added = await readAddedInstances(this.#ctx.host.dataDir);
    const kept = added.filter((a) => !sameProfileName(a.name, name));
    if (kept.length === added.length) return { forgotten: false };
    const runtime = this.#ctx.store.registry.find(name) ? this.#ctx.profiles.runtime(name) : null;
    if (runtime?.gateway.isActive)
      throw new LobsterpotError('refused', `${runtime.name} is running: stop it before forgetting it`);
    await writeAddedInstances(this.#ctx.host.dataDir, kept);
    await this.#ctx.profiles.refresh();
    return { forgotten: true };
  }

  /** What a conversion of `runtime` into the profile `to` moves, in order. */
  async #plan(
    runtime: ProfileRuntime,
    to: string,
  ): Promise<{ moves: ConvertMove[]; stateDir: string; configPath: string }> {
    const { home, dataDir } = this.#ctx.host;
    const { profile } = runtime;
    const stateDir = stateDirOf(home, to);
    const configPath = configPathOf(home, to);
    const moves: ConvertMove[] = [];
    if (stateDir !== profile.stateDir) moves.push({ what: 'state dir', from: profile.stateDir, to: stateDir });
    moves.push({
      what:
        stateDir === profile.stateDir
          ? "config, written by OpenClaw's own writer (config patch)"
          : "config, written by OpenClaw's own writer (config patch), its paths moved with the state dir",
      from: profile.configPath,
      to: configPath,
    });
    const folder = dirname(profile.configPath);
    const config = basename(profile.configPath);
    const leftovers = (await readdir(folder).catch(() => [] as string[])).filter(
      (name) => name === config || name.startsWith(`${config}.bak`),
    );
    const aside = join(dataDir, 'backups', `converted-${runtime.name}-${stamp(new Date())}`);
    for (const name of leftovers.sort())
      moves.push({
        what: name === config ? 'the old config, kept aside' : "OpenClaw's backup of the old config",
        from: join(folder, name),
        to: join(aside, name),
      });
    return { moves, stateDir, configPath };
  }

  /** Moves an instance set up by environment into `~/.openclaw-<to>/`; with `dryRun`, only says what would move. */
  async convert(args: ParsedArgs<'profiles.convert'>): Promise<ConvertReport> {
    const { registry, settings } = this.#ctx.store;
    const runtime = this.#ctx.profiles.runtime(args.name);
    const from = runtime.name;
    if (runtime.profile.layout !== 'env')
      throw new LobsterpotError('refused', `${from} is a profile already (${runtime.profile.stateDir})`);
    const to = args.to ?? from;
    const check = checkNewProfileName(
      to,
      registry.names().filter((n) => n !== from),
    );
    if (!check.ok) throw new LobsterpotError('invalid-argument', check.error);
    const raw = await readConfigObject(runtime.profile.configPath);
    const { moves, stateDir, configPath } = await this.#plan(runtime, to);
    if (stateDir !== runtime.profile.stateDir && existsSync(stateDir))
      throw new LobsterpotError('refused', `${stateDir} already exists: nothing is overwritten`);
    if (existsSync(configPath))
      throw new LobsterpotError('refused', `${configPath} already exists: nothing is overwritten`);
    const report: ConvertReport = {
      from,
      to,
      dryRun: args.dryRun,
      moves,
      backup: null,
      wasRunning: runtime.isRunning(),
      profile: null,
      started: null,
    };
    if (args.dryRun) return report;
    const oldStateDir = runtime.profile.stateDir;
    const target = runtime.target;
    await runtime.supervisor.exclusive(async (stop) => {
      report.wasRunning = runtime.gateway.isActive;
      if (report.wasRunning) await stop(false);
      const left = await runtime.stillRunning();
      if (left) throw new LobsterpotError('refused', `${from} is still running (${left}): nothing was moved`);
      report.backup = await backupProfile({
        cli: this.#ctx.openclaw.cli(),
        profile: from,
        target,
        stateDir: oldStateDir,
        configPath: runtime.profile.configPath,
        outputDir: join(this.#ctx.host.dataDir, 'backups'),
      });
      if (stateDir !== oldStateDir) await move(oldStateDir, stateDir);
      const patch = rebasePaths(raw, oldStateDir, stateDir) as Record<string, unknown>;
      for (const key of AUTO_MANAGED) delete patch[key];
      try {
        // A whole config in one write: longer than an edit's few keys.
        await this.#ctx.openclaw.cli().patchConfig(to, patch, 120_000);
      } catch (error) {
        await rm(configPath, { force: true });
        if (stateDir !== oldStateDir) await move(stateDir, oldStateDir).catch(() => undefined);
        throw new LobsterpotError(
          'refused',
          `OpenClaw refused the converted config, nothing else moved: ${(error as Error).message}`,
        );
      }
      for (const step of moves.filter((m) => m.to.startsWith(join(this.#ctx.host.dataDir, 'backups')))) {
        await mkdir(dirname(step.to), { recursive: true });
        await move(step.from, step.to);
      }
      const added = await readAddedInstances(this.#ctx.host.dataDir);
      if (added.some((a) => a.name === from))
        await writeAddedInstances(
          this.#ctx.host.dataDir,
          added.filter((a) => a.name !== from),
        );
    });
    if (to !== from) {
      const flags = settings.flagsOf(from);
      await settings.setFlags(to, flags);
      await settings.forgetProfile(from);
    }
    await this.#ctx.profiles.refresh();
    const converted = this.#ctx.profiles.runtime(to);
    if (converted.profile.layout === 'env')
      throw new LobsterpotError('failed', `${to} was moved into ${stateDir} but is still seen as an instance`);
    await registry.readConfig(converted.profile, true);
    if (report.wasRunning) report.started = await this.#ctx.profiles.start(to);
    report.profile = this.#ctx.profiles.view(converted);
    return report;
  }
}

async function readConfigObject(configPath: string): Promise<Record<string, unknown>> {
  try {
    const raw: unknown = JSON5.parse(await readFile(configPath, 'utf8'));
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  } catch (error) {
    throw new LobsterpotError('refused', `${configPath} cannot be read: ${(error as Error).message}`);
  }
  throw new LobsterpotError('refused', `${configPath} does not hold an object`);
}
