// The profile registry: which OpenClaw profiles exist under a home, and what their configs say. Configs are read as
// JSON5 directly (fast) and only again when their mtime changes; a config that cannot be read is that profile's error,
// never the whole scan's.
import { stat } from 'node:fs/promises';
import { DEFAULT_PROFILE, sameProfileName } from '../common/names.ts';
import type { InstanceSource, ProfileLayout, StateDirSource } from '../../contract/contract.ts';
import { readProfileConfig, type ProfileConfig } from './config.ts';
import { discoverInstances } from './instances.ts';
import { readAddedInstances } from './instance-store.ts';
import { discoverProfiles } from './profiles.ts';

export interface ProfileRecord {
  name: string;
  /** A profile folder (`--profile`), or an instance set up by environment (its config and state dir, no profile). */
  layout?: ProfileLayout;
  stateDir: string;
  configPath: string;
  /** For an instance: where it was found, what pairs its state dir, and why it cannot start (unpaired, say). */
  instance?: { foundBy: InstanceSource[]; stateDirFrom: StateDirSource; problem: string | null } | null;
  /** The folder has a config: a profile without one is "not set up", shown but never started. */
  configured: boolean;
  config: ProfileConfig | null;
  configError: string | null;
  configMtime: number;
}

export interface ScanResult {
  added: ProfileRecord[];
  /** Profiles whose config changed on disk (or was read for the first time). */
  changed: ProfileRecord[];
  removed: ProfileRecord[];
}

export const NOT_SET_UP =
  'not set up: the folder has no openclaw.json (create the profile with Lobsterpot or OpenClaw)';

export interface RegistryOptions {
  /** Lobsterpot's data dir: the instances added by hand are kept there. */
  dataDir?: string;
  /** The environment whose OS service folders are looked in (XDG_CONFIG_HOME). */
  env?: NodeJS.ProcessEnv;
  /** Look at running gateways' environment too (default on). */
  processes?: boolean;
  warn?: (message: string) => void;
}

export class ProfileRegistry {
  readonly home: string;
  readonly #options: RegistryOptions;
  readonly #profiles = new Map<string, ProfileRecord>();

  constructor(home: string, options: RegistryOptions = {}) {
    this.home = home;
    this.#options = options;
  }

  /** Profile folders and instances set up by environment, the folders that are only an instance's left out. */
  async #discover(): Promise<Omit<ProfileRecord, 'config' | 'configError' | 'configMtime'>[]> {
    const raw = await discoverProfiles(this.home);
    const { dataDir, env = process.env, processes, warn } = this.#options;
    const instances = await discoverInstances({
      home: this.home,
      env,
      profiles: raw,
      added: dataDir ? await readAddedInstances(dataDir, warn) : [],
      ...(processes === undefined ? {} : { processes }),
    });
    const profiles = instances.length ? await discoverProfiles(this.home, instances) : raw;
    // One list by name (the default profile first), whichever way each is set up.
    const byName = (a: { name: string }, b: { name: string }) =>
      a.name === DEFAULT_PROFILE ? -1 : b.name === DEFAULT_PROFILE ? 1 : a.name.localeCompare(b.name);
    return [
      ...profiles.map((p) => ({ ...p, layout: 'profile' as const, instance: null })),
      ...instances.map(({ name, configPath, stateDir, configured, problem, foundBy, stateDirFrom }) => ({
        name,
        configPath,
        stateDir,
        configured,
        layout: 'env' as const,
        instance: { foundBy, stateDirFrom, problem },
      })),
    ].sort(byName);
  }

  all(): ProfileRecord[] {
    return [...this.#profiles.values()];
  }

  names(): string[] {
    return [...this.#profiles.keys()];
  }

  /** A profile by name, case-insensitively as OpenClaw's folders may be on some file systems. */
  find(name: string): ProfileRecord | undefined {
    return this.#profiles.get(name) ?? this.all().find((p) => sameProfileName(p.name, name));
  }

  /** Re-discovers profiles and re-reads changed configs. `keep` says which vanished profiles must stay (running). */
  async scan(keep: (profile: ProfileRecord) => boolean = () => false): Promise<ScanResult> {
    const discovered = await this.#discover();
    const result: ScanResult = { added: [], changed: [], removed: [] };
    for (const found of discovered) {
      let profile = this.#profiles.get(found.name);
      // The same name on other paths (an instance paired anew, a folder converted to a profile): the record follows.
      const moved =
        profile &&
        ((profile.layout ?? 'profile') !== found.layout ||
          profile.configPath !== found.configPath ||
          profile.stateDir !== found.stateDir ||
          profile.instance?.problem !== found.instance?.problem);
      if (profile && moved) {
        Object.assign(profile, {
          layout: found.layout,
          configPath: found.configPath,
          stateDir: found.stateDir,
          configMtime: -1,
        });
      }
      if (profile) profile.instance = found.instance;
      if (!profile) {
        profile = {
          ...found,
          configured: true,
          config: null,
          configError: null,
          configMtime: -1,
        };
        this.#profiles.set(found.name, profile);
        result.added.push(profile);
      }
      if (await this.readConfig(profile)) result.changed.push(profile);
    }
    for (const [name, profile] of this.#profiles) {
      if (discovered.some((d) => d.name === name) || keep(profile)) continue;
      this.#profiles.delete(name);
      result.removed.push(profile);
    }
    return result;
  }

  /** Reads the config when its mtime changed (or always, with `force`); true when something changed. */
  async readConfig(profile: ProfileRecord, force = false): Promise<boolean> {
    const mtime = await stat(profile.configPath).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (mtime === profile.configMtime && !force) return false;
    profile.configMtime = mtime;
    profile.configured = mtime !== 0;
    if (!profile.configured || profile.instance?.problem) {
      profile.configured = false;
      profile.config = null;
      profile.configError = profile.instance?.problem ?? NOT_SET_UP;
      return true;
    }
    const read = await readProfileConfig(profile.configPath, profile.name);
    profile.config = read.ok ? read.config : null;
    profile.configError = read.ok ? read.problem : read.error;
    return true;
  }

  /** Whether a path exists (a new profile's state dir must not). */
  async exists(path: string): Promise<boolean> {
    return stat(path).then(
      () => true,
      () => false,
    );
  }

  forget(name: string): void {
    this.#profiles.delete(name);
  }
}
