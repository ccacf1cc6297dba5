// The look at the host: profiles and configs (registry), running gateways (adoption) and who listens on their ports.
// File events ask for it; a periodic tick rescans the listeners, and every FULL_RESCAN_EVERY ticks everything.
import type { LobsterpotEvent } from '../../contract/contract.ts';
import type { Fleet } from '../../fleet/node/fleet.ts';
import type { Gateways } from '../../gateways/node/gateways.ts';
import { FolderWatch, foldersOf } from '../../platform/node/folder-watch.ts';
import type { PortView } from '../../ports/node/port-view.ts';
import type { ProfileRegistry } from '../../profiles/node/registry.ts';

/** Every this many watch ticks (30 s each by default) the full rescan runs, in case a file event was missed. */
const FULL_RESCAN_EVERY = 10;

export interface DiscoveryDeps {
  home: string;
  registry: ProfileRegistry;
  gateways: Gateways;
  ports: PortView;
  fleet: Fleet;
  emit(event: LobsterpotEvent): void;
}

export class Discovery {
  readonly #deps: DiscoveryDeps;
  readonly #log: (message: string) => void;
  #refreshing: Promise<void> | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** With `watch`: file events that call for a rescan before the periodic one. */
  #folders: FolderWatch | null = null;
  #ticks = 0;
  #closed = false;

  constructor(deps: DiscoveryDeps, log: (message: string) => void) {
    this.#deps = deps;
    this.#log = log;
  }

  /** Re-reads profiles and configs, adopts running gateways, refreshes live listeners and findings. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh()
      .catch((error: unknown) => this.#log(`refresh failed: ${(error as Error).message}`))
      .finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  /** A rescan that starts after any on its way (that one may have read the files before a change). */
  async refreshAfter(): Promise<void> {
    await this.#refreshing;
    await this.refresh();
  }

  /** Keeps looking: file events on the profiles' folders, and the timer for what no event reports (foreign listeners). */
  watch(intervalMs: number): void {
    this.#timer = setInterval(() => void this.#tick(), intervalMs);
    this.#timer.unref();
    this.#folders = new FolderWatch(() => void this.refresh());
    this.#watchFolders();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#folders?.close();
  }

  /** The periodic look: the listeners every time, the full rescan every FULL_RESCAN_EVERY (a missed file event). */
  #tick(): Promise<void> {
    if (++this.#ticks % FULL_RESCAN_EVERY === 0) return this.refresh();
    if (this.#refreshing || this.#closed) return Promise.resolve();
    return this.#deps.ports
      .refresh()
      .catch((error: unknown) => this.#log(`listener scan failed: ${(error as Error).message}`));
  }

  async #refresh() {
    if (this.#closed) return;
    const { registry, gateways, ports, fleet, emit } = this.#deps;
    const { added, changed, removed } = await registry.scan((p) => gateways.find(p.name)?.gateway.isActive ?? false);
    for (const profile of added) await gateways.add(profile);
    for (const profile of changed)
      emit({ type: 'profile-changed', profile: gateways.view(gateways.get(profile.name)) });
    for (const profile of removed) {
      gateways.remove(profile.name);
      emit({ type: 'profile-removed', name: profile.name });
    }
    // One read of the kernel's socket table for every profile: it costs milliseconds on a host with a large one.
    const listeners = await ports.scan();
    await Promise.all(gateways.all().map((runtime) => runtime.adopt(listeners)));
    await ports.refresh(listeners);
    if (added.length || changed.length || removed.length || fleet.auditedAt === null) await fleet.audit();
    // Also picks up a folder that did not exist before (a lock folder made by a gateway's first start).
    this.#watchFolders();
  }

  #watchFolders() {
    this.#folders?.update(
      foldersOf(
        this.#deps.home,
        this.#deps.gateways.all().map((r) => r.profile),
      ),
    );
  }
}
