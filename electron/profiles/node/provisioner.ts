// Provisioning: creating, editing, cloning, deleting, backing up and restoring profiles. What a config should become
// is a pure patch (provisioning.ts); the writing goes through OpenClaw's own commands, which validate and keep backups.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Finding } from '../../ports/common/findings.ts';
import {
  LobsterpotError,
  type BackupResult,
  type CommandResults,
  type CreateStep,
  type LobsterpotEvent,
  type ParsedArgs,
  type ProfileView,
} from '../../contract/contract.ts';
import { checkNewProfileName } from '../common/names.ts';
import { effectiveBasePort, type PortProfile } from '../../ports/common/ports.ts';
import { backupProfile as backupWith, restoreProfile as restoreWith } from './backup.ts';
import type { Clock } from '../../platform/node/clock.ts';
import type { ProfileConfig } from './config.ts';
import { move, moveToBackup, moveToTrash, type TrashItem } from './disposal.ts';
import type { OpenClawCli } from '../../openclaw/node/openclaw-cli.ts';
import { wireProfile } from '../../mcp/node/wiring.ts';
import { configPathOf, stateDirOf } from '../../platform/node/paths.ts';
import type { ProfileRuntime } from '../../gateways/node/profile-runtime.ts';
import { clonePatch, updatePatch } from './provisioning.ts';
import type { ProfileRegistry } from './registry.ts';
import type { RunRecords } from '../../gateways/node/run-records.ts';
import type { SettingsStore } from '../../settings/node/settings.ts';

export interface ProvisionerContext {
  /** This host: OpenClaw's home, Lobsterpot's data dir, its trash and its clock. */
  host: { home: string; dataDir: string; trashItem?: TrashItem | undefined; clock: Clock };
  store: { registry: ProfileRegistry; settings: SettingsStore; records: RunRecords };
  openclaw: { cli(): OpenClawCli };
  /** The profiles' runtimes: found by name, shown, forgotten when deleted, and the look at the host again. */
  profiles: {
    runtime(name: string): ProfileRuntime;
    view(runtime: ProfileRuntime): ProfileView;
    /** The profile is gone: drop its runtime and say so. */
    forget(runtime: ProfileRuntime): void;
    refresh(): Promise<void>;
  };
  ports: {
    suggest(): number | null;
    /** Error findings a draft would have, after reading who listens on its ports now. */
    blockingFindingsNow(draft: PortProfile): Promise<Finding[]>;
    refresh(): Promise<void>;
  };
  emit(event: LobsterpotEvent): void;
}

/** Findings as one line of refusal: what is wrong and how to fix it. */
export const findingsText = (findings: Finding[]) => findings.map((f) => `${f.message} — ${f.fix}`).join('; ');

export class Provisioner {
  readonly #ctx: ProvisionerContext;
  /** Creates on their way, so a Cancel can abort them. */
  readonly #creating = new Map<string, AbortController>();

  constructor(context: ProvisionerContext) {
    this.#ctx = context;
  }

  /** The rescue bot: its agents get `lobsterpot mcp` and may act on the other profiles (never on their own). */
  async #rescuePreset(name: string, cli: OpenClawCli) {
    await this.#ctx.store.settings.setFlags(name, {
      notes: 'Rescue bot: a second gateway to fix the main one.',
      mcpActions: true,
    });
    try {
      await wireProfile(cli, name, this.#ctx.host.dataDir);
    } catch (error) {
      this.#ctx.emit({ type: 'warning', message: `${name}: ${(error as Error).message}` });
    }
  }

  /** Cancels a create on its way; false when none is. */
  cancelCreate(name: string): boolean {
    const creating = this.#creating.get(name);
    creating?.abort();
    return creating !== undefined;
  }

  /** A new profile's name checked, its base port chosen and checked against every clash, its folder free. */
  async #newProfileDraft(name: string, port: number | undefined): Promise<{ base: number; stateDir: string }> {
    const check = checkNewProfileName(name, this.#ctx.store.registry.names());
    if (!check.ok) throw new LobsterpotError('invalid-argument', check.error);
    const base = port ?? this.#ctx.ports.suggest();
    if (base === null) throw new LobsterpotError('refused', 'no free base port is left');
    const stateDir = stateDirOf(this.#ctx.host.home, name);
    if (await this.#ctx.store.registry.exists(stateDir))
      throw new LobsterpotError('refused', `${stateDir} already exists`);
    const draft: PortProfile = {
      name,
      port: base,
      stateDir,
      configPath: configPathOf(this.#ctx.host.home, name),
      workspace: join(stateDir, 'workspace'),
    };
    const blocking = await this.#ctx.ports.blockingFindingsNow(draft);
    if (blocking.length) throw new LobsterpotError('refused', `port ${base}: ${findingsText(blocking)}`);
    return { base, stateDir };
  }

  async create(name: string, port?: number, preset?: 'blank' | 'rescue'): Promise<ProfileView> {
    if (this.#creating.has(name)) throw new LobsterpotError('refused', `${name} is being created already`);
    const creating = new AbortController();
    this.#creating.set(name, creating);
    let onboarded = false;
    const step = (step: CreateStep) => {
      if (step === 'onboarding') onboarded = true;
      this.#ctx.emit({ type: 'create-progress', name, step, at: this.#ctx.host.clock.now() });
    };
    try {
      const view = await this.#create(name, port, preset, creating.signal, step);
      step('done');
      return view;
    } catch (error) {
      if (!creating.signal.aborted) throw error;
      // Only a folder this create's onboarding began is moved: before it, the name's folder was checked to be free.
      const movedTo = onboarded ? await this.#discardHalfMade(name) : null;
      step('cancelled');
      throw new LobsterpotError(
        'refused',
        `creating ${name} was cancelled${movedTo ? `; the half-made profile was moved to ${movedTo}` : ''}`,
      );
    } finally {
      this.#creating.delete(name);
    }
  }

  /** What a cancelled create left (the state dir onboarding began) goes to a dated backup, never deleted outright. */
  async #discardHalfMade(name: string): Promise<string | null> {
    const stateDir = stateDirOf(this.#ctx.host.home, name);
    if (!(await this.#ctx.store.registry.exists(stateDir))) return null;
    const movedTo = await moveToBackup(stateDir, join(this.#ctx.host.dataDir, 'backups'));
    await this.#ctx.profiles.refresh();
    return movedTo;
  }

  async #create(
    name: string,
    port: number | undefined,
    preset: 'blank' | 'rescue' | undefined,
    signal: AbortSignal,
    step: (step: CreateStep) => void,
  ): Promise<ProfileView> {
    const cancelled = () => {
      if (signal.aborted) throw new LobsterpotError('refused', 'cancelled');
    };
    step('choosing-port');
    await this.#ctx.profiles.refresh();
    cancelled();
    const { base } = await this.#newProfileDraft(name, port);
    const cli = this.#ctx.openclaw.cli();
    step('onboarding');
    await cli.onboard(name, base, signal);
    cancelled();
    step('reading-config');
    await this.#ctx.profiles.refresh();
    cancelled();
    const runtime = this.#ctx.profiles.runtime(name);
    if (runtime.profile.config?.port !== base)
      throw new LobsterpotError('failed', `onboard did not persist gateway.port ${base} for ${name}`);
    if (preset === 'rescue') await this.#rescuePreset(runtime.name, cli);
    const view = this.#ctx.profiles.view(runtime);
    this.#ctx.emit({ type: 'profile-changed', profile: view });
    return view;
  }

  async update(change: ParsedArgs<'profiles.update'>): Promise<CommandResults['profiles.update']> {
    const runtime = this.#ctx.profiles.runtime(change.name);
    const config = runtime.profile.config;
    if (!config)
      throw new LobsterpotError('refused', `${runtime.name}'s config cannot be read: ${runtime.profile.configError}`);
    const { patch, draft } = updatePatch(config, change);
    if (!Object.keys(patch).length) return { profile: this.#ctx.profiles.view(runtime), restartNeeded: false };
    const blocking = (await this.#ctx.ports.blockingFindingsNow(runtime.portProfile(draft))).filter(
      (f) => f.kind !== 'live-listener' || !runtime.gateway.isActive,
    );
    if (blocking.length) throw new LobsterpotError('refused', findingsText(blocking));
    // Taken before the write: a background rescan may read the new config while OpenClaw's writer runs (~2 s).
    const portBefore = runtime.runningPort ?? config.port;
    try {
      await this.#ctx.openclaw.cli().patchConfig(runtime.target, patch);
    } catch (error) {
      throw new LobsterpotError('refused', `OpenClaw refused the change: ${(error as Error).message}`);
    }
    await this.#ctx.store.registry.readConfig(runtime.profile, true);
    this.#ctx.emit({ type: 'profile-changed', profile: this.#ctx.profiles.view(runtime) });
    await this.#ctx.ports.refresh();
    // A hot reload keeps the old port: a port change needs a full stop and start. In external mode OpenClaw hands
    // that restart over by itself, and Lobsterpot takes it: offering another would restart twice.
    const restartNeeded =
      runtime.gateway.isActive && portBefore !== runtime.profile.config?.port && runtime.supervisorMode !== 'external';
    return { profile: this.#ctx.profiles.view(runtime), restartNeeded };
  }

  async clone(from: string, name: string, port?: number): Promise<ProfileView> {
    const source = this.#ctx.profiles.runtime(from);
    const config: ProfileConfig | null = source.profile.config;
    if (!config)
      throw new LobsterpotError('refused', `${source.name}'s config cannot be read: ${source.profile.configError}`);
    const sourceBase = effectiveBasePort(source.name, config.port, source.profile.layout).port;
    const created = await this.create(name, port);
    const patch = clonePatch(config, created.effectivePort - sourceBase);
    if (Object.keys(patch).length) await this.#ctx.openclaw.cli().patchConfig(name, patch);
    const flags = this.#ctx.store.settings.flagsOf(source.name);
    await this.#ctx.store.settings.setFlags(name, {
      restartOnCrash: flags.restartOnCrash,
      color: flags.color,
      notes: flags.notes,
    });
    const runtime = this.#ctx.profiles.runtime(name);
    await this.#ctx.store.registry.readConfig(runtime.profile, true);
    return this.#ctx.profiles.view(runtime);
  }

  /** Stops the gateway, checks that it is gone, and only then moves the state dir away (trash or a dated backup). */
  async delete(name: string, disposal: 'trash' | 'backup'): Promise<{ movedTo: string }> {
    const runtime = this.#ctx.profiles.runtime(name);
    return runtime.supervisor.exclusive(async (stop) => {
      if (runtime.gateway.isActive) await stop(false);
      const left = await runtime.stillRunning();
      if (left) throw new LobsterpotError('refused', `${runtime.name} is still running (${left}): nothing was moved`);
      const movedTo =
        disposal === 'trash'
          ? await moveToTrash(runtime.profile.stateDir, this.#ctx.host.trashItem)
          : await moveToBackup(runtime.profile.stateDir, join(this.#ctx.host.dataDir, 'backups'));
      // An instance set up by environment keeps its config elsewhere: it goes too, or it would be found again.
      if (runtime.profile.layout === 'env' && existsSync(runtime.profile.configPath)) {
        if (disposal === 'trash') await moveToTrash(runtime.profile.configPath, this.#ctx.host.trashItem);
        else await move(runtime.profile.configPath, join(movedTo, basename(runtime.profile.configPath)));
      }
      this.#ctx.store.registry.forget(runtime.name);
      await this.#ctx.store.settings.forgetProfile(runtime.name);
      await this.#ctx.store.records.forget(runtime.name);
      this.#ctx.profiles.forget(runtime);
      return { movedTo };
    });
  }

  async backup(name: string, output?: string): Promise<BackupResult> {
    const runtime = this.#ctx.profiles.runtime(name);
    return backupWith({
      cli: this.#ctx.openclaw.cli(),
      profile: runtime.name,
      target: runtime.target,
      stateDir: runtime.profile.stateDir,
      configPath: runtime.profile.configPath,
      // Made canonical with the command's other paths (normalize.ts canonicalArgs).
      outputDir: output ?? join(this.#ctx.host.dataDir, 'backups'),
    });
  }

  /** Restores an archive into a new profile on a free base port; an existing profile is never touched. */
  async restore(archive: string, name: string, port?: number): Promise<ProfileView> {
    await this.#ctx.profiles.refresh();
    const { base, stateDir } = await this.#newProfileDraft(name, port);
    const cli = this.#ctx.openclaw.cli();
    await restoreWith({
      cli,
      archive,
      profile: name,
      stateDir,
      port: base,
      workDir: join(this.#ctx.host.dataDir, 'restore'),
    });
    await this.#ctx.profiles.refresh();
    const runtime = this.#ctx.profiles.runtime(name);
    await this.#ctx.store.registry.readConfig(runtime.profile, true);
    const view = this.#ctx.profiles.view(runtime);
    this.#ctx.emit({ type: 'profile-changed', profile: view });
    return view;
  }
}
