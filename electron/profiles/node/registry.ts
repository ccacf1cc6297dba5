// The profile registry: which OpenClaw profiles exist under a home, and what their configs say. Configs are read as
// JSON5 directly (fast) and only again when their mtime changes; a config that cannot be read is that profile's error,
// never the whole scan's.
import { stat } from 'node:fs/promises';
import { sameProfileName } from '../common/names.ts';
import { readProfileConfig, type ProfileConfig } from './config.ts';
import { discoverProfiles } from './profiles.ts';

export interface ProfileRecord {
  name: string;
  stateDir: string;
  configPath: string;
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

export class ProfileRegistry {
  readonly home: string;
  readonly #profiles = new Map<string, ProfileRecord>();

  constructor(home: string) {
    this.home = home;
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
    const discovered = await discoverProfiles(this.home);
    const result: ScanResult = { added: [], changed: [], removed: [] };
    for (const found of discovered) {
      let profile = this.#profiles.get(found.name);
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
    if (!profile.configured) {
      profile.config = null;
      profile.configError = NOT_SET_UP;
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
