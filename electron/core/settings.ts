// Lobsterpot's settings, persisted atomically (temp file, fsync, rename; the previous file kept as .bak). A corrupt
// file is moved aside and the backup or the defaults are loaded, with a warning.
import { mkdir, open, readFile, rename, copyFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  defaultSettings,
  profileFlagsSchema,
  settingsSchema,
  type ProfileFlags,
  type Settings,
} from '../common/contract.ts';

async function readSettings(file: string): Promise<{ settings: Settings } | { error: string } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(text));
    return parsed.success
      ? { settings: parsed.data }
      : { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

export class SettingsStore {
  readonly file: string;
  #settings: Settings;

  private constructor(file: string, settings: Settings) {
    this.file = file;
    this.#settings = settings;
  }

  static async load(file: string, warn: (message: string) => void = () => {}): Promise<SettingsStore> {
    const current = await readSettings(file);
    if (current === null) return new SettingsStore(file, defaultSettings());
    if ('settings' in current) return new SettingsStore(file, current.settings);
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside).catch(() => undefined);
    const backup = await readSettings(`${file}.bak`);
    if (backup && 'settings' in backup) {
      warn(`Settings could not be read (${current.error}); it was moved to ${aside} and the backup was loaded.`);
      return new SettingsStore(file, backup.settings);
    }
    warn(`Settings could not be read (${current.error}); it was moved to ${aside} and the defaults were loaded.`);
    return new SettingsStore(file, defaultSettings());
  }

  get(): Settings {
    return this.#settings;
  }

  flagsOf(profile: string): ProfileFlags {
    return this.#settings.profiles[profile] ?? profileFlagsSchema.parse({});
  }

  async update(patch: Partial<Omit<Settings, 'profiles'>>): Promise<Settings> {
    return this.#save({ ...this.#settings, ...patch });
  }

  async setFlags(profile: string, flags: Partial<ProfileFlags>): Promise<ProfileFlags> {
    const next = { ...this.flagsOf(profile), ...flags };
    await this.#save({ ...this.#settings, profiles: { ...this.#settings.profiles, [profile]: next } });
    return next;
  }

  async forgetProfile(profile: string): Promise<void> {
    if (!(profile in this.#settings.profiles)) return;
    const profiles = { ...this.#settings.profiles };
    delete profiles[profile];
    await this.#save({ ...this.#settings, profiles });
  }

  async #save(next: Settings): Promise<Settings> {
    const settings = settingsSchema.parse(next);
    await copyFile(this.file, `${this.file}.bak`).catch(() => undefined);
    await writeFileAtomic(this.file, `${JSON.stringify(settings, null, 2)}\n`);
    this.#settings = settings;
    return settings;
  }
}
