// The Manager: one per Lobsterpot process (the tray app, `serve`, or a CLI command acting without a running
// supervisor). It opens the core (compose.ts builds the parts), routes commands to them (routes.ts) and hands events
// to subscribers. docs/ARCHITECTURE.md draws the parts.
import { join } from 'node:path';
import {
  LobsterpotError,
  SNAPSHOT_VERSION,
  isCommandName,
  parseArgs,
  parseAuthor,
  type CommandAuthor,
  type CommandName,
  type CommandReply,
  type CommandResults,
  type GatewayStatus,
  type LobsterpotEvent,
  type OpenClawEnvironment,
  type ParsedArgs,
  type Settings,
  type Snapshot,
} from '../../contract/contract.ts';
import { Hosts } from '../../hosts/node/hosts.ts';
import { canonicalArgs } from '../../profiles/node/normalize.ts';
import { SettingsStore } from '../../settings/node/settings.ts';
import { compose, placeOf, type Core, type ManagerOptions } from './compose.ts';
import { routes } from './routes.ts';
import { gatewaysToStop, quitReport, type QuitFacts, type QuitReport } from '../common/quit.ts';

export type { ManagerOptions } from './compose.ts';

export class Manager {
  readonly home: string;
  readonly dataDir: string;
  readonly #core: Core;
  readonly #routes: ReturnType<typeof routes>;
  #hosts: Hosts | null = null;
  #closing: Promise<QuitReport> | null = null;
  #openingWarnings: string[] = [];

  private constructor(core: Core) {
    this.#core = core;
    this.home = core.home;
    this.dataDir = core.dataDir;
    this.#routes = routes(
      core,
      {
        'state.snapshot': () => this.#freshSnapshot(),
        'settings.update': (a) => this.#updateSettings(a),
      },
      () => this.hosts,
    );
  }

  static async open(options: ManagerOptions = {}): Promise<Manager> {
    const { dataDir } = placeOf(options.place);
    const watch = Boolean(options.face?.watch);
    const { watchIntervalMs, watchdogIntervalMs } = options.timing ?? {};
    const warnings: string[] = [];
    const settings = await SettingsStore.load(
      join(dataDir, 'settings.json'),
      (message) => warnings.push(message),
      options.shell?.settingsStoreFactory,
    );
    const manager = new Manager(compose(options, settings));
    const core = manager.#core;
    await manager.#locate();
    await core.discovery.refresh();
    manager.#hosts = await Hosts.open({
      dataDir,
      keep: watch,
      report: {
        changed: (host) => core.events.emit({ type: 'host-changed', host }),
        removed: (name) => core.events.emit({ type: 'host-removed', name }),
        warn: (message) => warnings.push(message),
      },
      reach: { ephemeral: () => core.ports.ephemeral, ...options.hosts },
    });
    manager.#openingWarnings = warnings;
    if (watch) {
      // Profiles, configs and locks are watched; the timer is for what no event reports: foreign listeners.
      core.discovery.watch(watchIntervalMs ?? 30_000);
      for (const runtime of core.gateways.all()) void runtime.follow();
    }
    if (watch || watchdogIntervalMs !== undefined) core.fleet.startWatchdog(watchdogIntervalMs ?? 15_000);
    return manager;
  }

  /** The other hosts (hosts/hosts.ts). */
  get hosts(): Hosts {
    if (!this.#hosts) throw new LobsterpotError('failed', 'Lobsterpot is still opening');
    return this.#hosts;
  }

  /** Warnings raised while opening, before anyone could subscribe; the shells show them. */
  get warnings(): readonly string[] {
    return this.#openingWarnings;
  }

  on(listener: (event: LobsterpotEvent) => void): () => void {
    return this.#core.events.on(listener);
  }

  get environment(): OpenClawEnvironment {
    return this.#core.openclaw.environment();
  }

  get settings(): Settings {
    return this.#core.settings.get();
  }

  async #locate() {
    const { openclaw, events, supervises } = this.#core;
    const environment = await openclaw.locate(this.#core.settings.get());
    events.emit({ type: 'environment', environment });
    // A supervisor that stays asks the runtime early, so its first start need not wait for the probe.
    if (supervises)
      void openclaw.handoff().then(() => {
        if (openclaw.environment().openclaw === environment.openclaw)
          events.emit({ type: 'environment', environment: openclaw.environment() });
      });
  }

  async #updateSettings(patch: ParsedArgs<'settings.update'>): Promise<Settings> {
    const store = this.#core.settings;
    const before = store.get();
    const settings = await store.update(patch);
    if (settings.openclawPath !== before.openclawPath || settings.nodePath !== before.nodePath) await this.#locate();
    this.#core.events.emit({ type: 'settings-changed', settings });
    return settings;
  }

  /**
   * A snapshot for someone who asks (`status`, `ports`, a window that connects): who listens is read now, and every
   * profile's reconcile step has run on it; the periodic scan is only for what nobody asks.
   */
  async #freshSnapshot(): Promise<Snapshot> {
    const { ports, gateways, log } = this.#core;
    await ports.refresh().catch((error: unknown) => log(`listener scan failed: ${(error as Error).message}`));
    await gateways.settled();
    return this.snapshot();
  }

  snapshot(): Snapshot {
    const { gateways, ports, fleet, settings } = this.#core;
    const runtimes = gateways.all();
    return {
      version: SNAPSHOT_VERSION,
      profiles: runtimes.map((r) => gateways.view(r)),
      gateways: runtimes.map((r) => r.status()),
      findings: ports.findings,
      listeners: ports.listeners,
      settings: settings.get(),
      environment: this.environment,
      ephemeralRange: ports.ephemeral,
      audit: fleet.findings,
      skew: this.#core.updates.skew(),
      hosts: this.#hosts?.views() ?? [],
    };
  }

  /** Re-reads profiles and configs, adopts running gateways, refreshes live listeners and findings. */
  refresh(): Promise<void> {
    return this.#core.discovery.refresh();
  }

  /**
   * Runs a command from any transport: the arguments are parsed with the contract's schema first. `author` is who
   * sent it (a person's start or stop is credited to them); by default this process's own face.
   */
  async execute<C extends CommandName>(command: C, args: unknown, author?: CommandAuthor): Promise<CommandResults[C]> {
    // Checked by the contract's rules, then made canonical against this host (`~`, symlinks).
    if (this.#core.gateways.quitting && command !== 'state.snapshot')
      throw new LobsterpotError('refused', 'Lobsterpot is quitting: it takes no more commands');
    const parsed = canonicalArgs(command, parseArgs(command, args), this.home);
    const handler = this.#routes[command] as (a: ParsedArgs<C>, by: CommandAuthor) => Promise<CommandResults[C]>;
    return handler(parsed, author ?? this.#core.author);
  }

  /** `execute` for a transport (IPC, WebSocket, the control socket): any input in, a reply out, never a throw. */
  async reply(command: unknown, args: unknown, author?: unknown): Promise<CommandReply> {
    try {
      if (!isCommandName(command)) throw new LobsterpotError('invalid-argument', `unknown command ${String(command)}`);
      return { ok: true, result: await this.execute(command, args, parseAuthor(author, this.#core.author)) };
    } catch (error) {
      const code = error instanceof LobsterpotError ? error.code : 'failed';
      return { ok: false, error: { code, message: (error as Error)?.message ?? String(error) } };
    }
  }

  /** Profiles flagged "start with Lobsterpot" (at login or at launch). */
  startFlagged(): Promise<GatewayStatus[]> {
    return this.#core.gateways.startFlagged(this.#core.author);
  }

  /**
   * Ends this Manager. The quit policy decides (electron/supervisor/common/quit.ts has the rule): stop the gateways this
   * Manager spawned, or leave them running for the next Lobsterpot to adopt. `leave` overrides the setting (a one-shot
   * CLI command never stops what it started). Says which it stopped and why it left each of the others.
   */
  close(options: { leave?: boolean } = {}): Promise<QuitReport> {
    this.#closing ??= this.#close(options);
    return this.#closing;
  }

  /** A close under way stops the gateways at once (SIGKILL of their groups) instead of waiting out their grace. */
  hurry(): void {
    for (const runtime of this.#core.gateways.all()) runtime.gateway.hurry();
  }

  #quitFacts(): QuitFacts[] {
    const { gateways } = this.#core;
    return gateways.all().map((r) => ({
      name: r.name,
      running: r.gateway.pid !== null || r.supervisor.busy,
      spawnedHere: gateways.started.has(r.name),
      owner: r.gateway.status.owner,
      reason: r.gateway.status.reason,
    }));
  }

  async #close(options: { leave?: boolean }): Promise<QuitReport> {
    const { discovery, fleet, gateways, settings, events, author } = this.#core;
    gateways.quitting = true;
    discovery.close();
    fleet.stop();
    await this.#hosts?.close();
    const leave = options.leave ?? settings.get().quitPolicy === 'leave-running';
    const before = this.#quitFacts();
    await Promise.all(
      gatewaysToStop(before, leave).map((name) => gateways.stop(name, false, author).catch(() => undefined)),
    );
    // A restart on its way finishes its stop and spawns nothing now; what it had spawned was stopped above. Left
    // running, nothing is waited for (a one-shot CLI command ends at once).
    if (!leave) await Promise.all(gateways.all().map((r) => r.supervisor.idle()));
    const report = quitReport(before, this.#quitFacts(), leave);
    gateways.dispose();
    events.clear();
    return report;
  }
}
