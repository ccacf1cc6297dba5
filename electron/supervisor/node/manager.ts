// The Manager: a thin facade over the core's parts — commands in, typed events out. One per Lobsterpot process (the
// tray app, `serve`, or a CLI command acting without a running supervisor). docs/ARCHITECTURE.md draws the parts.
import { join } from 'node:path';
import type { Finding, Listener } from '../../ports/common/conflicts.ts';
import {
  LobsterpotError,
  SNAPSHOT_VERSION,
  isCommandName,
  parseArgs,
  type BrowserStatus,
  type CommandName,
  type CommandReply,
  type CommandResults,
  type GatewayStatus,
  type LobsterpotEvent,
  type OpenClawEnvironment,
  type ParsedArgs,
  type ProfileView,
  type Settings,
  type Snapshot,
  type StopOutcome,
} from '../../contract/contract.ts';
import { effectiveBasePort, footprintOf, type PortProfile } from '../../ports/common/ports.ts';
import { systemClock, type Clock } from '../../platform/node/clock.ts';
import type { ReadinessPolicy, RestartPolicy } from '../../gateways/node/gateway-process.ts';
import { ListenerMonitor, type WatchedProfile } from '../../ports/node/listeners.ts';
import { locateOpenClaw, readLoginShellPath } from '../../openclaw/node/locate.ts';
import { logFileOf, readLastLines } from '../../gateways/node/logs.ts';
import { OpenClawCli } from '../../openclaw/node/openclaw-cli.ts';
import { lobsterpotDataDir, openclawHome } from '../../platform/node/paths.ts';
import { ProfileRuntime, type RuntimeContext } from '../../gateways/node/profile-runtime.ts';
import type { TrashItem } from '../../profiles/node/disposal.ts';
import { Provisioner } from '../../profiles/node/provisioner.ts';
import { InstanceCommands } from '../../profiles/node/instance-commands.ts';
import { instanceInfoOf } from '../../profiles/node/instances.ts';
import { ProfileRegistry, type ProfileRecord } from '../../profiles/node/registry.ts';
import { RunRecords } from '../../gateways/node/run-records.ts';
import { canonicalArgs } from '../../profiles/node/normalize.ts';
import { SettingsStore, type SettingsBackendFactory } from '../../settings/node/settings.ts';
import { Fleet } from '../../fleet/node/fleet.ts';
import { FolderWatch, foldersOf } from '../../platform/node/folder-watch.ts';
import { mcpAccessOf, wireProfile, writeWiring } from '../../mcp/node/wiring.ts';
import { gatewaysToStop, quitReport, type QuitFacts, type QuitReport } from '../common/quit.ts';

/** Every this many watch ticks (30 s each by default) the full rescan runs, in case a file event was missed. */
const FULL_RESCAN_EVERY = 10;
import type { ServiceAdapter } from '../../platform/node/services.ts';
import { Hosts, type HostsOptions } from '../../hosts/node/hosts.ts';

export interface ManagerOptions {
  env?: NodeJS.ProcessEnv;
  /** OpenClaw's home; default `OPENCLAW_HOME` > `HOME` > the OS home. */
  home?: string;
  /** Lobsterpot's own data dir (settings, logs, run records). */
  dataDir?: string;
  clock?: Clock;
  restartPolicy?: Partial<RestartPolicy>;
  readinessPolicy?: Partial<ReadinessPolicy>;
  /** Keep watching in the background (the app and `serve`); a one-shot CLI command does not. */
  watch?: boolean;
  watchIntervalMs?: number;
  locate?: (settings: Settings) => Promise<OpenClawEnvironment>;
  /** Who acts through this Manager (`app`, `serve`, `cli`): recorded with a person's intent. */
  origin?: string;
  /** Moves a path to the platform's trash (Electron's `shell.trashItem` in the app; the `trash` package otherwise). */
  trashItem?: TrashItem;
  /** The settings file's backend: `conf` under plain Node; the app passes electron-store (the same file and schema). */
  settingsStoreFactory?: SettingsBackendFactory;
  /** Where problems nobody asked about go (a subscriber that threw, a failed background refresh). */
  log?: (message: string) => void;
  // Isolation, ownership, history, doctor, versions, backup.
  /** The OS service adapter (OpenClaw's own service commands by default; a fake in tests). */
  services?: ServiceAdapter;
  /** How often the watchdog looks (with `watch`). */
  watchdogIntervalMs?: number;
  /** Other hosts: kept connected when `watch` is on; a test may put its own ssh runner or backoff here. */
  hosts?: Pick<HostsOptions, 'ssh' | 'linkDeps'>;
}

export class Manager {
  readonly home: string;
  readonly dataDir: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #options: ManagerOptions;
  readonly #clock: Clock;
  readonly #log: (message: string) => void;
  readonly #settings: SettingsStore;
  readonly #registry: ProfileRegistry;
  readonly #records: RunRecords;
  readonly #listenerMonitor: ListenerMonitor;
  readonly #runtimes = new Map<string, ProfileRuntime>();
  readonly #subscribers = new Set<(event: LobsterpotEvent) => void>();
  #environment: OpenClawEnvironment = { openclaw: null, node: null, problem: 'not located yet', fix: null };
  #watchTimer: ReturnType<typeof setInterval> | null = null;
  /** With `watch`: file events that call for a rescan before the periodic one. */
  #folders: FolderWatch | null = null;
  #ticks = 0;
  #refreshing: Promise<void> | null = null;
  /** Gateways this Manager spawned (the quit policy stops these). */
  readonly #started = new Set<string>();
  /** Set once close() begins: no command but a snapshot is taken, no gateway is spawned. */
  #quitting = false;
  #closing: Promise<QuitReport> | null = null;
  #closed = false;
  #openingWarnings: string[] = [];
  #hosts: Hosts | null = null;
  readonly #provisioner: Provisioner;
  readonly #instances: InstanceCommands;
  readonly #fleet: Fleet;

  private constructor(options: ManagerOptions, settings: SettingsStore) {
    this.#options = options;
    this.#env = options.env ?? process.env;
    this.home = options.home ?? openclawHome(this.#env);
    this.dataDir = options.dataDir ?? lobsterpotDataDir(this.#env);
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? ((message) => console.error(`lobsterpot: ${message}`));
    this.#settings = settings;
    this.#registry = new ProfileRegistry(this.home, { dataDir: this.dataDir, env: this.#env, warn: this.#log });
    this.#listenerMonitor = new ListenerMonitor(this.home);
    this.#records = new RunRecords(this.dataDir);
    this.#fleet = this.#newFleet();
    this.#instances = new InstanceCommands({
      home: this.home,
      dataDir: this.dataDir,
      registry: this.#registry,
      settings: this.#settings,
      cli: () => this.#cli(),
      // A rescan that starts after the change (one already on its way may have read the files before it).
      refresh: async () => {
        await this.#refreshing;
        await this.refresh();
      },
      runtime: (name) => this.#runtime(name),
      view: (runtime) => this.#view(runtime),
      start: (name) => this.start(name),
    });
    this.#provisioner = new Provisioner({
      home: this.home,
      dataDir: this.dataDir,
      clock: this.#clock,
      registry: this.#registry,
      settings: this.#settings,
      records: this.#records,
      cli: () => this.#cli(),
      refresh: () => this.refresh(),
      runtime: (name) => this.#runtime(name),
      view: (runtime) => this.#view(runtime),
      suggestPort: () => this.suggestPort(),
      blockingFindingsNow: (draft) => this.#blockingFindingsNow(draft),
      refreshListeners: () => this.#refreshListeners(),
      forget: (runtime) => this.#forget(runtime),
      emit: (event) => this.#emit(event),
      trashItem: options.trashItem,
    });
  }

  /** The fleet's part: the audit, the watchdog, restarting them all. */
  #newFleet(): Fleet {
    return new Fleet({
      env: this.#env,
      home: this.home,
      clock: this.#clock,
      settings: this.#settings,
      records: this.#records,
      runtimes: () => [...this.#runtimes.values()],
      find: (name) => this.#runtimes.get(name),
      runtime: (name) => this.#runtime(name),
      restart: (name) => this.restart(name),
      emit: (event) => this.#emit(event),
    });
  }

  /** A deleted profile's runtime goes, and the findings without it. */
  #forget(runtime: ProfileRuntime) {
    runtime.dispose();
    this.#runtimes.delete(runtime.name);
    this.#started.delete(runtime.name);
    this.#emit({ type: 'profile-removed', name: runtime.name });
    if (this.#listenerMonitor.updateFindings(this.#watched())) this.#emitFindings();
  }

  static async open(options: ManagerOptions = {}): Promise<Manager> {
    const env = options.env ?? process.env;
    const dataDir = options.dataDir ?? lobsterpotDataDir(env);
    const warnings: string[] = [];
    const settings = await SettingsStore.load(
      join(dataDir, 'settings.json'),
      (message) => warnings.push(message),
      options.settingsStoreFactory,
    );
    const manager = new Manager(options, settings);
    await manager.#locate();
    await manager.refresh();
    manager.#hosts = await Hosts.open({
      dataDir,
      keep: Boolean(options.watch),
      onChange: (host) => manager.#emit({ type: 'host-changed', host }),
      onRemoved: (name) => manager.#emit({ type: 'host-removed', name }),
      ephemeral: () => manager.#listenerMonitor.ephemeral,
      warn: (message) => warnings.push(message),
      ...options.hosts,
    });
    manager.#openingWarnings = warnings;
    if (options.watch) {
      // Profiles, configs and locks are watched; the timer is for what no event reports: foreign listeners.
      manager.#watchTimer = setInterval(() => void manager.#tick(), options.watchIntervalMs ?? 30_000);
      manager.#watchTimer.unref();
      manager.#folders = new FolderWatch(() => void manager.refresh());
      manager.#watchFolders();
      for (const runtime of manager.#runtimes.values()) void runtime.follow();
      manager.#fleet.startWatchdog(options.watchdogIntervalMs ?? 15_000);
    }
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
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  /** Every subscriber gets every event; one that throws is reported and never stops the others or the core. */
  #emit(event: LobsterpotEvent) {
    if (event.type === 'gateway-state') this.#fleet.gatewayChanged();
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(event);
      } catch (error) {
        this.#log(`a subscriber failed on a ${event.type} event: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }

  get environment(): OpenClawEnvironment {
    return this.#environment;
  }

  get settings(): Settings {
    return this.#settings.get();
  }

  async #locate() {
    const settings = this.#settings.get();
    const locate =
      this.#options.locate ??
      ((s: Settings) =>
        locateOpenClaw({
          openclawPath: s.openclawPath,
          nodePath: s.nodePath,
          env: this.#env,
          loginShellPath: () => readLoginShellPath(this.#env),
        }));
    this.#environment = await locate(settings);
    this.#emit({ type: 'environment', environment: this.#environment });
  }

  #cli(): OpenClawCli {
    const { openclaw, node, problem, fix } = this.#environment;
    if (!openclaw || !node)
      throw new LobsterpotError('refused', `${problem ?? 'OpenClaw is not available.'} ${fix ?? ''}`.trim());
    return new OpenClawCli({ nodePath: node.path, entry: openclaw.path, home: this.home, parentEnv: this.#env });
  }

  // ---- state ----------------------------------------------------------------------------------------------------

  #watched(): WatchedProfile[] {
    return [...this.#runtimes.values()].map((r) => ({ name: r.name, ports: r.portProfile(), pid: r.gateway.pid }));
  }

  #view(runtime: ProfileRuntime): ProfileView {
    const portProfile = runtime.portProfile();
    const { port, source } = effectiveBasePort(runtime.name, portProfile.port, portProfile.layout);
    const { profile } = runtime;
    return {
      ...portProfile,
      instance: instanceInfoOf(profile),
      effectivePort: port,
      portSource: source,
      configured: profile.configured,
      configError: profile.configError,
      footprint: footprintOf(portProfile),
      flags: this.#settings.flagsOf(runtime.name),
      browserProfiles: (profile.config?.browserProfiles ?? []).map((b) => ({ ...b })),
    };
  }

  snapshot(): Snapshot {
    const runtimes = [...this.#runtimes.values()];
    return {
      version: SNAPSHOT_VERSION,
      profiles: runtimes.map((r) => this.#view(r)),
      gateways: runtimes.map((r) => r.status()),
      findings: this.#listenerMonitor.findings,
      listeners: this.#listenerMonitor.all,
      settings: this.#settings.get(),
      environment: this.#environment,
      ephemeralRange: this.#listenerMonitor.ephemeral,
      audit: this.#fleet.findings,
      hosts: this.#hosts?.views() ?? [],
    };
  }

  #runtime(name: string): ProfileRuntime {
    const profile = this.#registry.find(name);
    const runtime = profile && this.#runtimes.get(profile.name);
    if (!runtime) throw new LobsterpotError('not-found', `no profile named '${name}'`);
    return runtime;
  }

  /** The periodic look: the listeners every time, the full rescan every FULL_RESCAN_EVERY (a missed file event). */
  #tick(): Promise<void> {
    if (++this.#ticks % FULL_RESCAN_EVERY === 0) return this.refresh();
    if (this.#refreshing || this.#closed) return Promise.resolve();
    return this.#refreshListeners().catch((error: unknown) =>
      this.#log(`listener scan failed: ${(error as Error).message}`),
    );
  }

  /** Re-reads profiles and configs, adopts running gateways, refreshes live listeners and findings. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh()
      .catch((error: unknown) => this.#log(`refresh failed: ${(error as Error).message}`))
      .finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #refresh() {
    if (this.#closed) return;
    const { added, changed, removed } = await this.#registry.scan(
      (p) => this.#runtimes.get(p.name)?.gateway.isActive ?? false,
    );
    for (const profile of added) this.#runtimes.set(profile.name, await this.#newRuntime(profile));
    for (const profile of changed)
      this.#emit({ type: 'profile-changed', profile: this.#view(this.#runtime(profile.name)) });
    for (const profile of removed) {
      this.#runtimes.get(profile.name)?.dispose();
      this.#runtimes.delete(profile.name);
      this.#emit({ type: 'profile-removed', name: profile.name });
    }
    // One read of the kernel's socket table for every profile: it costs milliseconds on a host with a large one.
    const listeners = await this.#listenerMonitor.scan(this.#watched());
    await Promise.all([...this.#runtimes.values()].map((runtime) => runtime.adopt(listeners)));
    await this.#refreshListeners(listeners);
    if (added.length || changed.length || removed.length || this.#fleet.auditedAt === null) await this.#fleet.audit();
    // Also picks up a folder that did not exist before (a lock folder made by a gateway's first start).
    this.#watchFolders();
  }

  #watchFolders() {
    this.#folders?.update(
      foldersOf(
        this.home,
        [...this.#runtimes.values()].map((r) => r.profile),
      ),
    );
  }

  async #newRuntime(profile: ProfileRecord): Promise<ProfileRuntime> {
    const context: RuntimeContext = {
      home: this.home,
      dataDir: this.dataDir,
      env: this.#env,
      clock: this.#clock,
      settings: this.#settings,
      records: this.#records,
      registry: this.#registry,
      environment: () => this.#environment,
      cli: () => this.#cli(),
      blockingFindings: (draft) => this.#blockingFindings(draft),
      suggestPort: (exclude) => this.suggestPort(undefined, exclude),
      refreshListeners: () => this.#refreshListeners(),
      emit: (event) => this.#emit(event),
      log: this.#log,
      spawned: (name) => {
        // A start or restart still on its way when the quit began spawns nothing the quit would not stop.
        if (this.#quitting) throw new LobsterpotError('refused', 'Lobsterpot is quitting');
        this.#started.add(name);
      },
      origin: this.#options.origin ?? 'lobsterpot',
      ...(this.#options.restartPolicy ? { restartPolicy: this.#options.restartPolicy } : {}),
      ...(this.#options.readinessPolicy ? { readinessPolicy: this.#options.readinessPolicy } : {}),
      ...(this.#options.services ? { services: () => this.#options.services as ServiceAdapter } : {}),
      watchdog: (name) => this.#fleet.watchdog.status(name),
    };
    const runtime = new ProfileRuntime(profile, context);
    await runtime.restore();
    return runtime;
  }

  /** Who listens on the profiles' ports, and so the findings; `scanned` when the caller has just read the listeners. */
  async #refreshListeners(scanned?: Parameters<ListenerMonitor['refresh']>[1]) {
    const { changed, findingsChanged } = await this.#listenerMonitor.refresh(this.#watched(), scanned);
    for (const name of changed) {
      const runtime = this.#runtimes.get(name);
      if (!runtime) continue;
      runtime.listeners = this.#listenerMonitor.of(name);
      this.#emit({ type: 'gateway-state', status: runtime.status() });
    }
    if (findingsChanged) this.#emitFindings();
  }

  #emitFindings() {
    this.#emit({ type: 'conflicts', findings: this.#listenerMonitor.findings, listeners: this.#listenerMonitor.all });
  }

  // ---- commands ------------------------------------------------------------------------------------------------

  /** Runs a command from any transport: the arguments are parsed with the contract's schema first. */
  async execute<C extends CommandName>(command: C, args: unknown, author?: string): Promise<CommandResults[C]> {
    if (this.#quitting && command !== 'state.snapshot')
      throw new LobsterpotError('refused', 'Lobsterpot is quitting: it takes no more commands');
    // Checked by the contract's rules, then made canonical against this host (`~`, symlinks).
    const parsed = canonicalArgs(command, parseArgs(command, args), this.home);
    const handlers: { [K in CommandName]: (a: ParsedArgs<K>) => Promise<CommandResults[K]> } = {
      'state.snapshot': async () => this.snapshot(),
      'profiles.create': (a) => this.#provisioner.create(a.name, a.port, a.preset),
      'profiles.update': (a) => this.#provisioner.update(a),
      'profiles.clone': (a) => this.#provisioner.clone(a.from, a.name, a.port),
      'profiles.delete': (a) => this.#provisioner.delete(a.name, a.disposal),
      'profiles.setFlags': async (a) => {
        const runtime = this.#runtime(a.name);
        const flags = await this.#settings.setFlags(runtime.name, a.flags);
        this.#emit({ type: 'profile-changed', profile: this.#view(runtime) });
        return flags;
      },
      'profiles.add': (a) => this.#instances.add(a),
      'profiles.forget': (a) => this.#instances.forget(a.name),
      'profiles.convert': (a) => this.#instances.convert(a),
      'ports.suggest': async (a) => ({ port: this.suggestPort(a.near, a.exclude) }),
      'gateway.start': (a) => this.start(a.name, author),
      'gateway.stop': (a) => this.stop(a.name, a.force, author),
      'gateway.restart': (a) => this.restart(a.name, author),
      'gateway.startAll': () => this.startAll(),
      'gateway.stopAll': (a) => this.stopAll(a.force),
      'gateway.browserStatus': (a) => this.browserStatus(a.name, a.via),
      'gateway.browserControl': (a) => this.#runtime(a.name).browserControl(a.action),
      'logs.tail': async (a) => {
        const runtime = this.#runtime(a.name);
        const file = logFileOf(this.dataDir, runtime.name);
        // The tail holds the last 1000 lines once it has started (an adoption starts it without waiting): the file has
        // the rest, and the lines of a tail that is still opening.
        const held = runtime.tail?.lines(a.lines) ?? [];
        if (held.length >= a.lines) return { lines: held, file };
        const read = await readLastLines(file, a.lines);
        return { lines: read.length > held.length ? read : held, file };
      },
      'gateway.dashboard': async (a) => this.#runtime(a.name).dashboard(),
      'gateway.resources': (a) => this.#runtime(a.name).resources(),
      'profiles.cancelCreate': async (a) => ({ cancelled: this.#provisioner.cancelCreate(a.name) }),
      'settings.update': async (a) => {
        const before = this.#settings.get();
        const settings = await this.#settings.update(a);
        if (settings.openclawPath !== before.openclawPath || settings.nodePath !== before.nodePath)
          await this.#locate();
        this.#emit({ type: 'settings-changed', settings });
        return settings;
      },
      // Isolation, ownership, history, doctor, versions, backup.
      'audit.run': () => this.#fleet.audit(),
      'history.get': (a) => this.#runtime(a.name).history(a.limit),
      'watchdog.acknowledge': async (a) => this.#fleet.acknowledge(a.name),
      'gateway.doctor': async (a) => {
        const runtime = this.#runtime(a.name);
        return { profile: runtime.name, run: await runtime.doctor(), status: runtime.status() };
      },
      'gateway.restartAll': (a) => this.#fleet.restartAll(a.rolling),
      'gateway.handOverToLobsterpot': (a) => this.#runtime(a.name).handOver('lobsterpot'),
      'gateway.handOverToService': (a) => this.#runtime(a.name).handOver('service'),
      'profiles.backup': (a) => this.#provisioner.backup(a.name, a.output),
      'profiles.restore': (a) => this.#provisioner.restore(a.archive, a.name, a.port),
      'mcp.get': (a) => this.#mcpAccess(a.name),
      'mcp.set': (a) => this.#setMcpAccess(a),
      // Other hosts and exports.
      'hosts.add': (a) => this.hosts.add(a),
      'hosts.remove': (a) => this.hosts.remove(a.name),
      'hosts.reconnect': (a) => this.hosts.reconnect(a.name),
      'hosts.call': async (a) => {
        if (!isCommandName(a.command) || a.command.startsWith('hosts.'))
          throw new LobsterpotError('invalid-argument', `command: unknown command ${JSON.stringify(a.command)}`);
        return { host: a.host, command: a.command, result: await this.hosts.call(a.host, a.command, a.args) };
      },
      'fleet.export': (a) => this.#export(a),
    };
    return (handlers[command] as (a: ParsedArgs<C>) => Promise<CommandResults[C]>)(parsed);
  }

  /** `execute` for a transport (IPC, WebSocket, the control socket): any input in, a reply out, never a throw. */
  async reply(command: unknown, args: unknown, author?: string): Promise<CommandReply> {
    try {
      if (!isCommandName(command)) throw new LobsterpotError('invalid-argument', `unknown command ${String(command)}`);
      return { ok: true, result: await this.execute(command, args, author) };
    } catch (error) {
      const code = error instanceof LobsterpotError ? error.code : 'failed';
      return { ok: false, error: { code, message: (error as Error)?.message ?? String(error) } };
    }
  }

  #mcpAccess(name: string) {
    const runtime = this.#runtime(name);
    const { mcpActions } = this.#settings.flagsOf(runtime.name);
    return mcpAccessOf(runtime.name, { configPath: runtime.profile.configPath, actions: mcpActions });
  }

  /** Wires or unwires `lobsterpot mcp` through OpenClaw's writer; the actions flag is Lobsterpot's own setting. */
  async #setMcpAccess(change: ParsedArgs<'mcp.set'>) {
    const runtime = this.#runtime(change.name);
    if (change.wired !== undefined && change.wired !== (await this.#mcpAccess(runtime.name)).wired) {
      if (change.wired) await wireProfile(this.#cli(), runtime.name, this.dataDir);
      else await writeWiring(this.#cli(), runtime.name, null);
      await this.#registry.readConfig(runtime.profile, true);
    }
    if (change.actions !== undefined) await this.#settings.setFlags(runtime.name, { mcpActions: change.actions });
    this.#emit({ type: 'profile-changed', profile: this.#view(runtime) });
    return this.#mcpAccess(runtime.name);
  }

  /** The fleet as a Compose project or a Kustomize tree (exporter.ts), after the isolation audit. */
  async #export(args: ParsedArgs<'fleet.export'>) {
    // Loaded on first use: the exporter and its YAML writer cost an idle supervisor memory it rarely needs.
    const { exportFleet } = await import('../../fleet/node/exporter.ts');
    return exportFleet(args, {
      profiles: this.snapshot().profiles,
      openclawVersion: this.#environment.openclaw?.version ?? null,
      home: this.home,
      dataDir: this.dataDir,
      now: this.#clock.now(),
      audit: () => this.#fleet.audit(),
    });
  }

  suggestPort(near?: number, exclude?: string): number | null {
    return this.#listenerMonitor.index(this.#watched()).suggestBasePort({
      near: near ?? this.#settings.get().basePortStart,
      ...(exclude ? { exclude } : {}),
    });
  }

  /** Error findings a profile with `draft` ports would have against the others and the live listeners. */
  #blockingFindings(draft: PortProfile, fresh: Listener[] = []): Finding[] {
    return this.#listenerMonitor
      .index(this.#watched(), fresh)
      .findingsFor(draft)
      .filter((f) => f.severity === 'error');
  }

  /** The same, after reading who listens on the draft's ports now (they may lie outside every watched footprint). */
  async #blockingFindingsNow(draft: PortProfile): Promise<Finding[]> {
    return this.#blockingFindings(draft, await this.#listenerMonitor.listenersOf(draft));
  }

  /** Preflight, then spawn (or adopt, or drive the OS service); returns once ready or with the reason it is not. */
  async start(name: string, author?: string): Promise<GatewayStatus> {
    const runtime = this.#runtime(name);
    await runtime.supervisor.start(author);
    return runtime.status();
  }

  async stop(name: string, force = false, author?: string): Promise<StopOutcome> {
    const runtime = this.#runtime(name);
    const { state, activeWork } = await runtime.supervisor.stop(force, author);
    if (activeWork)
      this.#emit({ type: 'warning', message: `${runtime.name} had active work (${activeWork}); it drained first.` });
    this.#started.delete(runtime.name);
    void this.#refreshListeners();
    return { profile: runtime.name, state, activeWork };
  }

  async restart(name: string, author?: string): Promise<GatewayStatus> {
    const runtime = this.#runtime(name);
    await runtime.supervisor.restart(author);
    return runtime.status();
  }

  /** Every profile that is set up and readable, side by side; a refusal shows in that profile's status. */
  async startAll(): Promise<GatewayStatus[]> {
    return this.#startEach([...this.#runtimes.values()].filter((r) => r.profile.configured && !r.profile.configError));
  }

  #startEach(runtimes: ProfileRuntime[]): Promise<GatewayStatus[]> {
    return Promise.all(runtimes.map((r) => this.start(r.name).catch(() => r.status())));
  }

  async stopAll(force = false): Promise<StopOutcome[]> {
    const running = [...this.#runtimes.values()].filter((r) => r.isRunning());
    return Promise.all(running.map((r) => this.stop(r.name, force)));
  }

  async browserStatus(name: string, via: 'ws' | 'cli'): Promise<BrowserStatus> {
    return this.#runtime(name).browserStatus(via);
  }

  /** One look of the watchdog now (it also looks on its own while the Manager watches). */
  checkWatchdog(): void {
    this.#fleet.checkWatchdog();
  }

  /** Profiles flagged "start with Lobsterpot" (at login or at launch). */
  async startFlagged(): Promise<GatewayStatus[]> {
    return this.#startEach([...this.#runtimes.values()].filter((r) => this.#settings.flagsOf(r.name).autostart));
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
    for (const runtime of this.#runtimes.values()) runtime.gateway.hurry();
  }

  #quitFacts(): QuitFacts[] {
    return [...this.#runtimes.values()].map((r) => ({
      name: r.name,
      running: r.gateway.pid !== null || r.supervisor.busy,
      spawnedHere: this.#started.has(r.name),
      owner: r.gateway.status.owner,
      reason: r.gateway.status.reason,
    }));
  }

  async #close(options: { leave?: boolean }): Promise<QuitReport> {
    this.#quitting = true;
    if (this.#watchTimer) clearInterval(this.#watchTimer);
    this.#folders?.close();
    this.#fleet.stop();
    await this.#hosts?.close();
    const leave = options.leave ?? this.#settings.get().quitPolicy === 'leave-running';
    const before = this.#quitFacts();
    await Promise.all(gatewaysToStop(before, leave).map((name) => this.stop(name).catch(() => undefined)));
    // A restart on its way finishes its stop and spawns nothing now; what it had spawned was stopped above. Left
    // running, nothing is waited for (a one-shot CLI command ends at once).
    if (!leave) await Promise.all([...this.#runtimes.values()].map((r) => r.supervisor.idle()));
    const report = quitReport(before, this.#quitFacts(), leave);
    this.#closed = true;
    for (const runtime of this.#runtimes.values()) runtime.dispose();
    this.#subscribers.clear();
    return report;
  }
}
