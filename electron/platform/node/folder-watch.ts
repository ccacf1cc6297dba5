// The folders whose changes call for a rescan: a profile added or removed in OpenClaw's home, a config edited, a
// gateway's lock taken or dropped. Watched, so the periodic rescan only has to catch what no file event reports.
import { watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface WatchedFolder {
  path: string;
  /** Whether a change to this entry of the folder matters. */
  matches(name: string): boolean;
}

const LOCK = /^gateway\..*lock$/;

/** What to watch for OpenClaw's home and these profiles (see locks.ts for where a gateway's lock may be). */
export function foldersOf(
  home: string,
  profiles: readonly { stateDir: string; configPath: string }[],
  uid = process.getuid?.() ?? 0,
): WatchedFolder[] {
  const lockDir = (path: string): WatchedFolder => ({ path, matches: (name) => LOCK.test(name) });
  const folders: WatchedFolder[] = [
    { path: home, matches: (name) => name.startsWith('.openclaw') },
    lockDir(join(tmpdir(), `openclaw-${uid}`)),
    // The seeds' manual layout keeps configs beside each other here: a new one is a new instance.
    { path: join(home, '.openclaw'), matches: (name) => /\.json5?$/i.test(name) },
  ];
  for (const { stateDir, configPath } of profiles) {
    const config = basename(configPath);
    folders.push(
      { path: stateDir, matches: (name) => name.startsWith(config) || name === 'tmp' || LOCK.test(name) },
      { path: join(stateDir, 'tmp'), matches: (name) => name.startsWith('openclaw-') },
      lockDir(join(stateDir, 'tmp', `openclaw-${uid}`)),
    );
    if (dirname(configPath) !== stateDir)
      folders.push({ path: dirname(configPath), matches: (name) => name.startsWith(config) });
  }
  return folders;
}

export class FolderWatch {
  readonly #onChange: () => void;
  readonly #settleMs: number;
  readonly #watchers = new Map<string, FSWatcher>();
  /** What matters in each folder, as the last update said (a watcher made earlier asks it). */
  readonly #matchers = new Map<string, (name: string) => boolean>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  /** `onChange` runs once per burst of changes, `settleMs` after the first (an atomic write is several events). */
  constructor(onChange: () => void, settleMs = 200) {
    this.#onChange = onChange;
    this.#settleMs = settleMs;
  }

  /** Watches exactly these folders; one that does not exist yet is tried again at the next update. */
  update(folders: readonly WatchedFolder[]): void {
    if (this.#closed) return;
    // One folder may be wanted for several reasons (the default profile's, and the instances' configs): any of them.
    const wanted = new Map<string, WatchedFolder>();
    for (const folder of folders) {
      const before = wanted.get(folder.path);
      wanted.set(
        folder.path,
        before ? { path: folder.path, matches: (name) => before.matches(name) || folder.matches(name) } : folder,
      );
    }
    for (const folder of wanted.values()) this.#matchers.set(folder.path, folder.matches);
    for (const [path, watcher] of this.#watchers) {
      if (wanted.has(path)) continue;
      watcher.close();
      this.#watchers.delete(path);
    }
    for (const folder of wanted.values()) {
      if (this.#watchers.has(folder.path)) continue;
      try {
        const watcher = watch(folder.path, { persistent: false }, (_event, name) => {
          const matches = this.#matchers.get(folder.path) ?? folder.matches;
          if (name === null || matches(name.toString())) this.#changed();
        });
        // A folder that went away: forgotten, and watched again once an update finds it.
        watcher.on('error', () => {
          watcher.close();
          if (this.#watchers.get(folder.path) === watcher) this.#watchers.delete(folder.path);
        });
        this.#watchers.set(folder.path, watcher);
      } catch {
        // not there (yet)
      }
    }
  }

  #changed() {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#onChange();
    }, this.#settleMs);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }
}
