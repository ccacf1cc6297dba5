// The port model over every profile this process watches: who listens (listeners.ts), the findings that follow, the
// checks a draft or a start makes against them, and the suggestion of a free base port.
import type { Finding, Listener } from '../common/findings.ts';
import type { PortProfile, PortRange } from '../common/ports.ts';
import type { ListenerMonitor, WatchedProfile } from './listeners.ts';

export interface PortViewDeps {
  /** The profiles with their ports and the pid of their gateway. */
  watched(): WatchedProfile[];
  /** A profile's listeners changed. */
  listenersChanged(name: string, listeners: Listener[]): void;
  /** The findings (or the listeners they stand on) changed. */
  findingsChanged(findings: Finding[], listeners: Listener[]): void;
  /** Where suggestions start when no port is given. */
  basePortStart(): number;
}

export class PortView {
  readonly #monitor: ListenerMonitor;
  readonly #deps: PortViewDeps;

  constructor(monitor: ListenerMonitor, deps: PortViewDeps) {
    this.#monitor = monitor;
    this.#deps = deps;
  }

  get findings(): Finding[] {
    return this.#monitor.findings;
  }

  get listeners(): Listener[] {
    return this.#monitor.all;
  }

  get ephemeral(): PortRange | null {
    return this.#monitor.ephemeral;
  }

  /** One read of the kernel's socket table for every profile's footprint. */
  scan(): Promise<Listener[]> {
    return this.#monitor.scan(this.#deps.watched());
  }

  /** Who listens on the profiles' ports, and so the findings; `scanned` when the caller has just read the listeners. */
  async refresh(scanned?: Listener[]): Promise<void> {
    const { changed, findingsChanged } = await this.#monitor.refresh(() => this.#deps.watched(), scanned);
    for (const name of changed) this.#deps.listenersChanged(name, this.#monitor.of(name));
    if (findingsChanged) this.#announce();
  }

  /** The profiles changed without a scan (one was deleted): the findings follow. */
  recheck(): void {
    if (this.#monitor.updateFindings(this.#deps.watched())) this.#announce();
  }

  #announce() {
    this.#deps.findingsChanged(this.#monitor.findings, this.#monitor.all);
  }

  suggest(near?: number, exclude?: string): number | null {
    return this.#monitor.index(this.#deps.watched()).suggestBasePort({
      near: near ?? this.#deps.basePortStart(),
      ...(exclude ? { exclude } : {}),
    });
  }

  /** Error findings a profile with `draft` ports would have against the others and the live listeners. */
  blockingFindings(draft: PortProfile, fresh: Listener[] = []): Finding[] {
    return this.#monitor
      .index(this.#deps.watched(), fresh)
      .findingsFor(draft)
      .filter((f) => f.severity === 'error');
  }

  /** The same, after reading who listens on the draft's ports now (they may lie outside every watched footprint). */
  async blockingFindingsNow(draft: PortProfile): Promise<Finding[]> {
    return this.blockingFindings(draft, await this.#monitor.listenersOf(draft));
  }
}
