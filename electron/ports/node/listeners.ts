// Who listens on the profiles' ports, attributed to a profile when the listener is its gateway or in its process
// group, and the port findings that follow (clashes between profiles and with foreign listeners).
import { readFileSync } from 'node:fs';
import { PortIndex } from '../common/conflicts.ts';
import type { Finding, Listener } from '../common/findings.ts';
import { ephemeralRangeOf, footprintPorts, type PortProfile, type PortRange } from '../common/ports.ts';
import { canonicalPortProfile } from '../../profiles/node/normalize.ts';
import { processGroupOf } from '../../platform/node/processes.ts';
import { listListeners, listeningPorts } from '../../platform/node/sockets.ts';

export interface WatchedProfile {
  name: string;
  ports: PortProfile;
  /** The pid of its gateway, when one runs. */
  pid: number | null;
}

export interface ListenerDeps {
  listListeners(ports: Set<number>): Promise<Listener[]>;
  processGroupOf(pid: number): Promise<number | null>;
  /** Every listening port on the host (its holder unknown): suggestions and drafts keep clear of them. */
  listeningPorts?(): Promise<number[]>;
}

const osDeps: ListenerDeps = { listListeners, processGroupOf, listeningPorts };

/** The OS's ephemeral port range, read where the OS tells it (Linux), else the platform's usual one. */
export function osEphemeralRange(platform: NodeJS.Platform = process.platform): PortRange | null {
  let text: string | null = null;
  try {
    if (platform === 'linux') text = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
  } catch {
    // unreadable: the usual range
  }
  return ephemeralRangeOf(platform, text);
}

export class ListenerMonitor {
  readonly #deps: ListenerDeps;
  /** OpenClaw's home: `~` in a profile's paths means it, and paths are compared as they resolve. */
  readonly #home: string;
  #all: Listener[] = [];
  /** Listening ports outside every footprint, as holder-less listeners. */
  #elsewhere: Listener[] = [];
  readonly #byProfile = new Map<string, Listener[]>();
  #findings: Finding[] = [];
  #findingsKey = '';
  /** Looks asked for, and the latest one applied (listeners.refresh). */
  #looks = 0;
  #applied = 0;

  readonly ephemeral: PortRange | null;

  constructor(home: string, deps: ListenerDeps = osDeps, ephemeral: PortRange | null = osEphemeralRange()) {
    this.#home = home;
    this.#deps = deps;
    this.ephemeral = ephemeral;
  }

  /** Every live listener: the profiles' ports with their holders, then the host's other listening ports. */
  get all(): Listener[] {
    return [...this.#all, ...this.#elsewhere];
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
   * whose listeners changed and whether the findings changed, so the caller emits only what changed. `profiles` may be
   * a getter: who runs which gateway is then read once the scan is in, not when it was asked for. Looks may overlap
   * (a gateway turning ready asks for one while another is on its way): the latest asked for wins, and a look that ends
   * after a newer one was applied is dropped, or it would undo the newer one's attribution.
   */
  async refresh(
    profiles: readonly WatchedProfile[] | (() => readonly WatchedProfile[]),
    scanned?: Listener[],
  ): Promise<{ changed: string[]; findingsChanged: boolean }> {
    const look = ++this.#looks;
    const watched = () => (typeof profiles === 'function' ? profiles() : profiles);
    const ports = new Set(watched().flatMap((p) => footprintPorts(p.ports)));
    const listeners = scanned ?? (await this.#deps.listListeners(ports));
    const now = watched();
    const owners = new Map<number, string>();
    for (const profile of now) if (profile.pid !== null) owners.set(profile.pid, profile.name);
    for (const listener of listeners) {
      if (listener.pid === null) continue;
      const owner = owners.get(listener.pid) ?? owners.get((await this.#deps.processGroupOf(listener.pid)) ?? -1);
      if (owner) listener.profile = owner;
    }
    const elsewhere = (await this.#deps.listeningPorts?.()) ?? [];
    if (look < this.#applied) return { changed: [], findingsChanged: false };
    this.#applied = look;
    this.#all = listeners;
    const known = new Set(listeners.map((l) => l.port));
    this.#elsewhere = elsewhere.filter((port) => !known.has(port)).map((port) => ({ port, pid: null, command: null }));
    const portsOf = new Map(now.map((p) => [p.name, new Set(footprintPorts(p.ports))]));
    const changed: string[] = [];
    for (const profile of now) {
      const mine = listeners.filter((l) => portsOf.get(profile.name)?.has(l.port));
      if (JSON.stringify(mine) !== JSON.stringify(this.#byProfile.get(profile.name) ?? [])) {
        this.#byProfile.set(profile.name, mine);
        changed.push(profile.name);
      }
    }
    for (const name of this.#byProfile.keys()) if (!portsOf.has(name)) this.#byProfile.delete(name);
    return { changed, findingsChanged: this.updateFindings(now) };
  }

  /** The port index over the profiles and the live listeners; `fresh` ones (just read) replace those on their ports. */
  index(profiles: readonly WatchedProfile[], fresh: readonly Listener[] = []): PortIndex {
    const ports = new Set(fresh.map((l) => l.port));
    return new PortIndex(
      profiles.map((p) => canonicalPortProfile(p.ports, this.#home)),
      [...this.all.filter((l) => !ports.has(l.port)), ...fresh],
      { home: this.#home, ephemeral: this.ephemeral },
    );
  }

  /** Who listens on a draft profile's ports right now, with their pids: a refusal names the holder. */
  listenersOf(draft: PortProfile): Promise<Listener[]> {
    return this.#deps.listListeners(new Set(footprintPorts(draft)));
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
