// Who listens on the profiles' ports, attributed to a profile when the listener is its gateway or in its process
// group, and the port findings that follow (clashes between profiles and with foreign listeners).
import { PortIndex, type Finding, type Listener } from '../common/conflicts.ts';
import { footprintPorts, type PortProfile } from '../common/ports.ts';
import { canonicalPortProfile } from './normalize.ts';
import { listListeners, processGroupOf } from './processes.ts';

export interface WatchedProfile {
  name: string;
  ports: PortProfile;
  /** The pid of its gateway, when one runs. */
  pid: number | null;
}

export interface ListenerDeps {
  listListeners(ports: Set<number>): Promise<Listener[]>;
  processGroupOf(pid: number): Promise<number | null>;
}

const osDeps: ListenerDeps = { listListeners, processGroupOf };

export class ListenerMonitor {
  readonly #deps: ListenerDeps;
  /** OpenClaw's home: `~` in a profile's paths means it, and paths are compared as they resolve. */
  readonly #home: string;
  #all: Listener[] = [];
  readonly #byProfile = new Map<string, Listener[]>();
  #findings: Finding[] = [];
  #findingsKey = '';

  constructor(home: string, deps: ListenerDeps = osDeps) {
    this.#home = home;
    this.#deps = deps;
  }

  get all(): Listener[] {
    return this.#all;
  }

  get findings(): Finding[] {
    return this.#findings;
  }

  of(profile: string): Listener[] {
    return this.#byProfile.get(profile) ?? [];
  }

  /** Every port any profile's footprint covers: one read of the kernel's socket table serves them all. */
  static portsOf(profiles: readonly WatchedProfile[]): Set<number> {
    return new Set(profiles.flatMap((p) => footprintPorts(p.ports)));
  }

  scan(profiles: readonly WatchedProfile[]): Promise<Listener[]> {
    return this.#deps.listListeners(ListenerMonitor.portsOf(profiles));
  }

  /**
   * Attributes `scanned` listeners (or a fresh scan) to the profiles and recomputes the findings. Returns the profiles
   * whose listeners changed and whether the findings changed, so the caller emits only what changed.
   */
  async refresh(
    profiles: readonly WatchedProfile[],
    scanned?: Listener[],
  ): Promise<{ changed: string[]; findingsChanged: boolean }> {
    const portsOf = new Map(profiles.map((p) => [p.name, new Set(footprintPorts(p.ports))]));
    const listeners =
      scanned ?? (await this.#deps.listListeners(new Set([...portsOf.values()].flatMap((s) => [...s]))));
    const owners = new Map<number, string>();
    for (const profile of profiles) if (profile.pid !== null) owners.set(profile.pid, profile.name);
    for (const listener of listeners) {
      if (listener.pid === null) continue;
      const owner = owners.get(listener.pid) ?? owners.get((await this.#deps.processGroupOf(listener.pid)) ?? -1);
      if (owner) listener.profile = owner;
    }
    this.#all = listeners;
    const changed: string[] = [];
    for (const profile of profiles) {
      const mine = listeners.filter((l) => portsOf.get(profile.name)?.has(l.port));
      if (JSON.stringify(mine) !== JSON.stringify(this.#byProfile.get(profile.name) ?? [])) {
        this.#byProfile.set(profile.name, mine);
        changed.push(profile.name);
      }
    }
    for (const name of this.#byProfile.keys()) if (!portsOf.has(name)) this.#byProfile.delete(name);
    return { changed, findingsChanged: this.updateFindings(profiles) };
  }

  /** The port index over the profiles and the live listeners. */
  index(profiles: readonly WatchedProfile[]): PortIndex {
    return new PortIndex(
      profiles.map((p) => canonicalPortProfile(p.ports, this.#home)),
      this.#all,
      { home: this.#home },
    );
  }

  updateFindings(profiles: readonly WatchedProfile[]): boolean {
    const findings = this.index(profiles).analyze();
    const key = JSON.stringify(findings);
    if (key === this.#findingsKey) return false;
    this.#findingsKey = key;
    this.#findings = findings;
    return true;
  }
}
