// Lobsterpot's settings: one file in the data dir, shared by the app, serve and the CLI. `conf` (or electron-store, its
// Electron subclass, in the main process) writes it atomically; every change is a read-modify-write under a
// cross-process lock, so two processes saving at once lose nothing. A file that cannot be used is moved aside with a
// dated name and the defaults are used, and the person is told which file and why.
import { mkdirSync, renameSync, existsSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import Conf from 'conf';
import lockfile from 'proper-lockfile';
import {
  LobsterpotError,
  SETTINGS_VERSION,
  checkWith,
  profileFlagsSchema,
  settingsFileSchema,
  settingsSchema,
  type ProfileFlags,
  type Settings,
} from '../../contract/contract.ts';
import { normalizePath } from '../../profiles/common/fields.ts';

export { writeFileAtomic } from '../../platform/node/fs-atomic.ts';

/** What Lobsterpot asks of the store: `conf` and electron-store both fit. */
export interface SettingsBackend {
  readonly path: string;
  readonly store: Record<string, unknown>;
  set(object: Record<string, unknown>): void;
}

/** The options the store is built with; `name` is electron-store's spelling of `configName`. */
export interface SettingsBackendOptions {
  cwd: string;
  configName: string;
  name: string;
  fileExtension: string;
  accessPropertiesByDotNotation: false;
  clearInvalidConfig: false;
  configFileMode: number;
  serialize: (value: Record<string, unknown>) => string;
}

export type SettingsBackendFactory = (options: SettingsBackendOptions) => SettingsBackend;

/** Plain Node (core, serve, the CLI): `conf`. The Electron main process passes `(o) => new ElectronStore(o)`. */
export const confBackend: SettingsBackendFactory = (options) => new Conf<Record<string, unknown>>(options);

function absoluteOrNull(value: unknown): string | null {
  const checked = typeof value === 'string' ? normalizePath(value) : null;
  return checked?.ok ? checked.path : null;
}

type Migration = (file: Record<string, unknown>) => Record<string, unknown>;

/** Each step lifts a file from the version it is keyed by to the next one. */
const migrations: Record<number, Migration> = {
  // Before versions: the same fields, but any text was taken as a path; a relative one now means "look for it".
  0: (file) => ({
    ...file,
    openclawPath: absoluteOrNull(file.openclawPath),
    nodePath: absoluteOrNull(file.nodePath),
    version: 1,
  }),
};

/** The file's fields lifted to the current version; a file from a newer Lobsterpot is left as it is. */
export function migrateSettings(file: Record<string, unknown>): Record<string, unknown> {
  let current = file;
  let version = current.version === undefined ? 0 : current.version;
  while (typeof version === 'number' && version < SETTINGS_VERSION) {
    const step = migrations[version];
    if (!step) break;
    current = step(current);
    version = current.version as number;
  }
  return current;
}

const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
};

const stamp = (date: Date) => date.toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');

/** Why a read of the file failed, in words. */
function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if ((error as Error).name === 'SyntaxError') return `is not valid JSON (${(error as Error).message})`;
  return `cannot be read (${(error as Error).message})`;
}

export class SettingsStore {
  readonly file: string;
  readonly #warn: (message: string) => void;
  readonly #factory: SettingsBackendFactory;
  #backend: SettingsBackend | null = null;
  #settings: Settings = settingsSchema.parse({});
  /** Set while an unusable file cannot be moved aside: changes are refused with this, and it is said only once. */
  #stuck: string | null = null;

  private constructor(file: string, warn: (message: string) => void, factory: SettingsBackendFactory) {
    this.file = file;
    this.#warn = warn;
    this.#factory = factory;
  }

  /**
   * Reads `file`, migrating it to the current version. A file that is a folder, unreadable, not JSON or against the
   * schema is moved aside to `<file>.corrupt-<date>` and the defaults are used; `warn` says which file and why.
   */
  static async load(
    file: string,
    warn: (message: string) => void = () => {},
    factory: SettingsBackendFactory = confBackend,
  ): Promise<SettingsStore> {
    const store = new SettingsStore(file, warn, factory);
    await store.#locked(
      () => {
        store.#settings = store.#read().settings;
      },
      { orUnlocked: true },
    );
    return store;
  }

  get(): Settings {
    return this.#settings;
  }

  flagsOf(profile: string): ProfileFlags {
    return this.#settings.profiles[profile] ?? profileFlagsSchema.parse({});
  }

  async update(patch: Partial<Omit<Settings, 'profiles'>>): Promise<Settings> {
    return this.#change((current) => ({ ...current, ...patch }));
  }

  async setFlags(profile: string, flags: Partial<ProfileFlags>): Promise<ProfileFlags> {
    const settings = await this.#change((current) => ({
      ...current,
      profiles: {
        ...current.profiles,
        [profile]: { ...(current.profiles[profile] ?? profileFlagsSchema.parse({})), ...flags },
      },
    }));
    return settings.profiles[profile] ?? profileFlagsSchema.parse({});
  }

  async forgetProfile(profile: string): Promise<void> {
    await this.#change((current) => {
      const profiles = { ...current.profiles };
      delete profiles[profile];
      return { ...current, profiles };
    });
  }

  /** Read-modify-write under the lock: the file is read again inside it, so another process's change is kept. */
  async #change(change: (current: Settings) => Settings): Promise<Settings> {
    return this.#locked(() => {
      const { settings: current, version } = this.#read();
      if (this.#stuck !== null) throw new LobsterpotError('failed', this.#stuck);
      const checked = checkWith(settingsSchema, change(current));
      this.#settings = checked.ok ? checked.value : current;
      if (!checked.ok) throw new LobsterpotError('invalid-argument', checked.error);
      this.#open().set({ ...checked.value, version });
      return checked.value;
    });
  }

  /**
   * The settings in the file now and the version to write back (a newer Lobsterpot's is kept); the defaults when
   * there is no file, after moving an unusable one aside.
   */
  #read(): { settings: Settings; version: number } {
    const defaults = { settings: settingsSchema.parse({}), version: SETTINGS_VERSION };
    let raw: Record<string, unknown>;
    try {
      if (!existsSync(this.file)) return defaults;
      raw = { ...this.#open().store };
    } catch (error) {
      this.#moveAside(readProblem(error));
      return defaults;
    }
    const migrated = migrateSettings(raw);
    const newer = typeof migrated.version === 'number' && migrated.version > SETTINGS_VERSION;
    const checked = checkWith<Settings & { version?: number }>(newer ? settingsSchema : settingsFileSchema, migrated);
    if (!checked.ok) {
      this.#moveAside(`does not fit the settings schema (${checked.error})`);
      return defaults;
    }
    if (migrated !== raw) this.#open().set(migrated);
    const { version: _version, ...settings } = checked.value;
    return { settings, version: newer ? (migrated.version as number) : SETTINGS_VERSION };
  }

  /** Moves the unusable file aside; when even that fails, says so once and leaves the defaults in use. */
  #moveAside(problem: string) {
    this.#backend = null;
    let aside = `${this.file}.corrupt-${stamp(new Date())}`;
    for (let n = 1; existsSync(aside); n++) aside = `${this.file}.corrupt-${stamp(new Date())}-${n}`;
    try {
      renameSync(this.file, aside);
    } catch (error) {
      const message = `Settings file ${this.file} ${problem}, and it could not be moved aside (${(error as Error).message}); the defaults are in use until it is fixed.`;
      if (this.#stuck === null) this.#warn(message);
      this.#stuck = message;
      return;
    }
    this.#stuck = null;
    this.#warn(`Settings file ${this.file} ${problem}; it was moved to ${aside} and the defaults are in use.`);
  }

  #open(): SettingsBackend {
    if (this.#backend) return this.#backend;
    const extension = extname(this.file);
    const configName = basename(this.file, extension);
    this.#backend = this.#factory({
      cwd: dirname(this.file),
      configName,
      name: configName,
      fileExtension: extension.replace(/^\./, ''),
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      configFileMode: 0o600,
      serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
    });
    return this.#backend;
  }

  /** Runs `work` under the cross-process lock; a load on a folder that takes no lock (read-only) reads without it. */
  async #locked<T>(work: () => T, options: { orUnlocked?: boolean } = {}): Promise<T> {
    let compromised: Error | null = null;
    let release: () => Promise<void>;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      release = await lockfile.lock(this.file, {
        ...LOCK_OPTIONS,
        // The default throws from a timer, which would end the process; the next write simply takes the lock again.
        onCompromised: (error) => {
          compromised = error;
        },
      });
    } catch (error) {
      if (!options.orUnlocked || (error as NodeJS.ErrnoException).code === 'ELOCKED') throw error;
      return work();
    }
    try {
      return work();
    } finally {
      await release().catch((error: unknown) => {
        if (!compromised) throw error;
      });
    }
  }
}
