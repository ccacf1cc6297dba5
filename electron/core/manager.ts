// The Manager: commands in, typed events out. One per Lobsterpot process (tray app, `serve` or the CLI).
import { spawn as spawnChild } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PortIndex, type Finding, type Listener } from '../common/conflicts.ts';
import {
  LobsterpotError,
  isCommandName,
  parseArgs,
  type CommandReply,
  type BrowserStatus,
  type CommandName,
  type CommandResults,
  type GatewayState,
  type GatewayStatus,
  type LobsterpotEvent,
  type OpenClawEnvironment,
  type ParsedArgs,
  type ProfileView,
  type Settings,
  type Snapshot,
  type StopOutcome,
} from '../common/contract.ts';
import { DEV_PROFILE, checkNewProfileName, sameProfileName } from '../common/names.ts';
import { effectiveBasePort, footprintOf, footprintPorts, loopbackPortOf, type PortProfile } from '../common/ports.ts';
import { systemClock, type Clock } from './clock.ts';
import { readProfileConfig, type ProfileConfig } from './config.ts';
import { gatewayEnv } from './env.ts';
import { GatewayProcess, type GatewayChild, type ReadinessPolicy, type RestartPolicy } from './gateway-process.ts';
import { readGatewayLocks } from './locks.ts';
import { locateOpenClaw, readLoginShellPath } from './locate.ts';
import { LogTail, closeFd, logFileOf, openLogForChild, readLastLines, readLinesSince } from './logs.ts';
import { OpenClawCli, profileArgs } from './openclaw-cli.ts';
import { configPathOf, lobsterpotDataDir, openclawHome, serviceNamesOf, stateDirOf } from './paths.ts';
import { isAlive, listListeners, processGroupOf, signalProcess } from './processes.ts';
import { probeReadiness, withRpc } from './probes.ts';
import { discoverProfiles, moveToBackup, moveToTrash } from './profiles.ts';
import { SettingsStore, writeFileAtomic } from './settings.ts';

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
}

interface ProfileEntry {
  name: string;
  stateDir: string;
  configPath: string;
  config: ProfileConfig | null;
  configError: string | null;
  configMtime: number;
  gateway: GatewayProcess;
  /** The pid (and process group) of the last process, for checking that a stop released the ports. */
  lastPid: number | null;
  listeners: Listener[];
  rpc: GatewayStatus['rpc'];
  service: GatewayStatus['service'];
  tail: LogTail | null;
  /** Bumped by every stop, so a restart whose stop was overtaken by another stop does not start again. */
  stops: number;
}

interface RunRecord {
  pid: number;
  startedAt: number;
  port: number;
}

const noRpc = (): GatewayStatus['rpc'] => ({ version: null, configPath: null, checkedAt: null, error: null });
const noService = (): GatewayStatus['service'] => ({ installed: false, active: false, label: null });

export class Manager {
  readonly home: string;
  readonly dataDir: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #options: ManagerOptions;
  readonly #clock: Clock;
  readonly #settings: SettingsStore;
  readonly #profiles = new Map<string, ProfileEntry>();
  readonly #listeners = new Set<(event: LobsterpotEvent) => void>();
  #environment: OpenClawEnvironment = { openclaw: null, node: null, problem: 'not located yet', fix: null };
  #findings: Finding[] = [];
  #allListeners: Listener[] = [];
  #findingsKey = '';
  #watchTimer: ReturnType<typeof setInterval> | null = null;
  #refreshing: Promise<void> | null = null;
  /** Gateways this Manager spawned (the quit policy stops these). */
  readonly #started = new Set<string>();
  #closed = false;
  #openingWarnings: string[] = [];

  private constructor(options: ManagerOptions, settings: SettingsStore) {
    this.#options = options;
    this.#env = options.env ?? process.env;
    this.home = options.home ?? openclawHome(this.#env);
    this.dataDir = options.dataDir ?? lobsterpotDataDir(this.#env);
    this.#clock = options.clock ?? systemClock;
    this.#settings = settings;
  }

  static async open(options: ManagerOptions = {}): Promise<Manager> {
    const env = options.env ?? process.env;
    const dataDir = options.dataDir ?? lobsterpotDataDir(env);
    const warnings: string[] = [];
    const settings = await SettingsStore.load(join(dataDir, 'settings.json'), (message) => warnings.push(message));
    const manager = new Manager(options, settings);
    await manager.#locate();
    await manager.refresh();
    manager.#openingWarnings = warnings;
    if (options.watch) {
      manager.#watchTimer = setInterval(() => void manager.refresh(), options.watchIntervalMs ?? 5000);
      manager.#watchTimer.unref();
      for (const entry of manager.#profiles.values()) void manager.#startTail(entry);
    }
    return manager;
  }

  /** Warnings raised while opening, before anyone could subscribe; the shells show them. */
  get warnings(): readonly string[] {
    return this.#openingWarnings;
  }

  on(listener: (event: LobsterpotEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: LobsterpotEvent) {
    for (const listener of this.#listeners) listener(event);
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

  #portProfile(entry: ProfileEntry, config: ProfileConfig | null = entry.config): PortProfile {
    return {
      name: entry.name,
      port: config?.port ?? null,
      stateDir: entry.stateDir,
      configPath: entry.configPath,
      workspace: config?.workspace ?? null,
      mcpSandboxPort: config?.mcpSandboxPort ?? null,
      cdpPorts: (config?.browserProfiles ?? []).flatMap((b) =>
        b.cdpPort === null ? [] : [{ browserProfile: b.name, port: b.cdpPort }],
      ),
      cdpUrls: (config?.browserProfiles ?? []).flatMap((b) =>
        b.cdpUrl === null ? [] : [{ browserProfile: b.name, url: b.cdpUrl }],
      ),
      pinnedCdpUrl: config?.pinnedCdpUrl ?? null,
      canvasPort: config?.canvasPort ?? null,
    };
  }

  /** The port the profile's gateway really listens on. */
  #basePort(entry: ProfileEntry): number {
    return effectiveBasePort(entry.name, entry.config?.port ?? null).port;
  }

  /** The port index over every profile and the live listeners. */
  #portIndex(): PortIndex {
    return new PortIndex(
      [...this.#profiles.values()].map((e) => this.#portProfile(e)),
      this.#allListeners,
    );
  }

  #view(entry: ProfileEntry): ProfileView {
    const portProfile = this.#portProfile(entry);
    const { port, source } = effectiveBasePort(entry.name, portProfile.port);
    return {
      ...portProfile,
      effectivePort: port,
      portSource: source,
      configError: entry.configError,
      footprint: footprintOf(portProfile),
      flags: this.#settings.flagsOf(entry.name),
      browserProfiles: (entry.config?.browserProfiles ?? []).map((b) => ({ ...b })),
    };
  }

  #status(entry: ProfileEntry): GatewayStatus {
    return {
      profile: entry.name,
      ...entry.gateway.status,
      port: this.#basePort(entry),
      listeners: entry.listeners,
      rpc: entry.rpc,
      service: entry.service,
    };
  }

  snapshot(): Snapshot {
    const entries = [...this.#profiles.values()];
    return {
      profiles: entries.map((e) => this.#view(e)),
      gateways: entries.map((e) => this.#status(e)),
      findings: this.#findings,
      listeners: this.#allListeners,
      settings: this.#settings.get(),
      environment: this.#environment,
    };
  }

  #entry(name: string): ProfileEntry {
    const entry = this.#profiles.get(name) ?? [...this.#profiles.values()].find((e) => sameProfileName(e.name, name));
    if (!entry) throw new LobsterpotError('not-found', `no profile named '${name}'`);
    return entry;
  }

  /** Re-reads profiles and configs, adopts running gateways, refreshes live listeners and findings. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #refresh() {
    if (this.#closed) return;
    const discovered = await discoverProfiles(this.home);
    for (const found of discovered) {
      let entry = this.#profiles.get(found.name);
      if (!entry) {
        entry = this.#newEntry(found.name, found.stateDir, found.configPath);
        this.#profiles.set(found.name, entry);
      }
      await this.#readConfig(entry);
    }
    for (const [name, entry] of this.#profiles) {
      if (discovered.some((d) => d.name === name) || entry.gateway.isActive) continue;
      entry.tail?.stop();
      this.#profiles.delete(name);
      this.#emit({ type: 'profile-removed', name });
    }
    // One read of the kernel's socket table for every profile: it costs milliseconds on a host with a large one.
    const listeners = await listListeners(this.#footprintPortSet());
    await Promise.all([...this.#profiles.values()].map((entry) => this.#adopt(entry, listeners)));
    await this.#refreshListeners(listeners);
  }

  #footprintPortSet(): Set<number> {
    return new Set([...this.#profiles.values()].flatMap((entry) => footprintPorts(this.#portProfile(entry))));
  }

  #newEntry(name: string, stateDir: string, configPath: string): ProfileEntry {
    const entry: ProfileEntry = {
      name,
      stateDir,
      configPath,
      config: null,
      configError: null,
      configMtime: -1,
      lastPid: null,
      listeners: [],
      rpc: noRpc(),
      service: noService(),
      tail: null,
      stops: 0,
      gateway: undefined as unknown as GatewayProcess,
    };
    let previous: GatewayState = 'stopped';
    entry.gateway = new GatewayProcess(
      {
        clock: this.#clock,
        random: Math.random,
        spawn: () => this.#spawnGateway(entry),
        signal: signalProcess,
        isAlive,
        probe: (port) => probeReadiness(port),
        footprintListeners: () => this.#leftovers(entry),
      },
      {
        profile: name,
        port: () => this.#basePort(entry),
        restartOnCrash: () => this.#settings.flagsOf(name).restartOnCrash,
        graceMs: () => this.#settings.get().stopGraceMs,
        ...(this.#options.restartPolicy ? { restartPolicy: this.#options.restartPolicy } : {}),
        ...(this.#options.readinessPolicy ? { readinessPolicy: this.#options.readinessPolicy } : {}),
        onChange: (gateway) => {
          // Newly ready: its listeners are there now, so the window need not wait for the next rescan to show them.
          if (gateway.state === 'ready' && previous !== 'ready') void this.#refreshListeners();
          previous = gateway.state;
          if (gateway.state === 'ready' && entry.rpc.checkedAt === null) void this.#probeRpc(entry);
          if (gateway.state !== 'ready' && gateway.state !== 'degraded' && gateway.state !== 'external')
            entry.rpc = noRpc();
          this.#emit({ type: 'gateway-state', status: this.#status(entry) });
        },
        onSpawn: (pid) => {
          if (pid !== null) entry.lastPid = pid;
          void this.#recordRun(entry, pid);
        },
      },
    );
    return entry;
  }

  async #readConfig(entry: ProfileEntry) {
    const mtime = await stat(entry.configPath).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (mtime === entry.configMtime) return;
    entry.configMtime = mtime;
    const read = await readProfileConfig(entry.configPath, entry.name);
    entry.config = read.ok ? read.config : null;
    entry.configError = read.ok ? read.problem : read.error;
    this.#emit({ type: 'profile-changed', profile: this.#view(entry) });
  }

  async #probeRpc(entry: ProfileEntry) {
    const port = this.#basePort(entry);
    try {
      const info = await withRpc(
        port,
        entry.config?.token ?? null,
        async (rpc) => {
          const system = await rpc.call<{ pid?: number; port?: number }>('system.info', {}, 3000);
          return { hello: rpc.hello, system };
        },
        { admin: true },
      );
      entry.rpc = {
        version: info.hello.version,
        configPath: info.hello.configPath,
        checkedAt: this.#clock.now(),
        error: null,
      };
    } catch (error) {
      entry.rpc = { ...noRpc(), checkedAt: this.#clock.now(), error: (error as Error).message };
    }
    this.#emit({ type: 'gateway-state', status: this.#status(entry) });
  }

  // ---- processes -----------------------------------------------------------------------------------------------

  #runFile(entry: ProfileEntry) {
    return join(this.dataDir, 'runs', `${entry.name}.json`);
  }

  async #recordRun(entry: ProfileEntry, pid: number | null) {
    const file = this.#runFile(entry);
    if (pid === null) await rm(file, { force: true });
    else {
      const record: RunRecord = {
        pid,
        startedAt: this.#clock.now(),
        port: this.#basePort(entry),
      };
      await writeFileAtomic(file, JSON.stringify(record));
    }
  }

  async #readRun(entry: ProfileEntry): Promise<RunRecord | null> {
    try {
      return JSON.parse(await readFile(this.#runFile(entry), 'utf8')) as RunRecord;
    } catch {
      return null;
    }
  }

  async #spawnGateway(entry: ProfileEntry): Promise<GatewayChild> {
    const { openclaw, node } = this.#environment;
    if (!openclaw || !node) throw new Error(this.#environment.problem ?? 'OpenClaw is not available');
    const logFile = logFileOf(this.dataDir, entry.name);
    const fd = await openLogForChild(logFile);
    const offset = await stat(logFile).then(
      (s) => s.size,
      () => 0,
    );
    const child = spawnChild(node.path, [openclaw.path, ...profileArgs(entry.name), 'gateway', 'run'], {
      cwd: this.home,
      env: gatewayEnv(this.#env, { home: this.home, nodeDir: dirname(node.path) }),
      detached: true, // its own process group, and it may outlive Lobsterpot
      stdio: ['ignore', fd, fd],
      windowsHide: true,
    });
    closeFd(fd);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.#started.add(entry.name);
    void this.#startTail(entry);
    return {
      pid: child.pid as number,
      exit,
      output: () => readLinesSince(logFile, offset),
    };
  }

  async #startTail(entry: ProfileEntry) {
    if (entry.tail) return;
    entry.tail = new LogTail(logFileOf(this.dataDir, entry.name), (lines) => {
      entry.gateway.nudge();
      this.#emit({ type: 'log-lines', name: entry.name, lines });
    });
    await mkdir(join(this.dataDir, 'logs'), { recursive: true });
    await entry.tail.start();
  }

  /** Listeners left on the footprint by the last process or its group (an orphaned Chrome, say). */
  async #leftovers(entry: ProfileEntry): Promise<Listener[]> {
    const pid = entry.lastPid;
    if (pid === null) return [];
    const ports = new Set(footprintPorts(this.#portProfile(entry)));
    const held: Listener[] = [];
    for (const listener of await listListeners(ports)) {
      if (listener.pid === null) continue;
      if (listener.pid === pid || (await processGroupOf(listener.pid)) === pid) held.push(listener);
    }
    return held;
  }

  /** Finds a gateway already running for this profile (lock pid alive, port answering, identity checked) and watches it. */
  async #adopt(entry: ProfileEntry, listeners?: readonly Listener[]) {
    if (entry.gateway.isActive || entry.gateway.state === 'stopping') return;
    await this.#detectService(entry);
    const port = this.#basePort(entry);
    const locks = (await readGatewayLocks(entry.stateDir, entry.configPath)).filter((lock) => isAlive(lock.pid));
    let pid = locks[0]?.pid ?? null;
    const lockPort = locks[0]?.port ?? port;
    // Without a lock, only a listener on the base port can be this profile's gateway (another OpenClaw version).
    const holder =
      pid === null ? (listeners ?? (await listListeners(new Set([port])))).find((l) => l.port === port) : undefined;
    if (pid === null && !holder) return;
    const probe = await probeReadiness(lockPort, 1000);
    // The gateway says which config it runs: a lock is strong evidence, a bare listener needs that confirmation.
    const identity =
      probe.live && entry.config?.token
        ? await withRpc(lockPort, entry.config.token, async (rpc) => rpc.hello.configPath, { admin: true }).catch(
            () => null,
          )
        : null;
    if (identity !== null && identity !== entry.configPath) return;
    if (pid === null) {
      if (!probe.live || identity !== entry.configPath) return;
      pid = holder?.pid ?? null;
      if (pid === null) return;
    }
    if (!isAlive(pid)) return;
    const record = await this.#readRun(entry);
    const owner = entry.service.active ? 'service' : record?.pid === pid ? 'lobsterpot' : 'external';
    const group = (await processGroupOf(pid)) === pid;
    entry.lastPid = pid;
    const createdAt = locks[0]?.createdAt ? Date.parse(locks[0].createdAt) : null;
    entry.gateway.adopt(pid, {
      owner,
      group,
      startedAt: record?.pid === pid ? record.startedAt : createdAt,
      ready: probe.ready === true,
      probe,
    });
    void this.#startTail(entry);
  }

  /** A service unit on disk means the profile may be run by the OS; only then is the (slow) CLI asked. */
  async #detectService(entry: ProfileEntry) {
    const names = serviceNamesOf(entry.name);
    const unit =
      process.platform === 'darwin'
        ? join(this.home, 'Library', 'LaunchAgents', `${names.launchdLabel}.plist`)
        : join(this.#env.XDG_CONFIG_HOME || join(this.home, '.config'), 'systemd', 'user', names.systemdUnit);
    if (!existsSync(unit)) {
      entry.service = noService();
      return;
    }
    try {
      entry.service = await this.#cli().serviceStatus(entry.name);
    } catch {
      entry.service = { installed: true, active: false, label: null };
    }
  }

  /** Who listens on the profiles' ports, and so the findings; `scanned` when the caller has just read the listeners. */
  async #refreshListeners(scanned?: Listener[]) {
    const entries = [...this.#profiles.values()];
    const portsOf = new Map(entries.map((entry) => [entry, new Set(footprintPorts(this.#portProfile(entry)))]));
    const listeners = scanned ?? (await listListeners(new Set([...portsOf.values()].flatMap((ports) => [...ports]))));
    // A listener belongs to a profile when its process is that profile's gateway or in its process group.
    const owners = new Map<number, string>();
    for (const entry of entries) if (entry.gateway.pid !== null) owners.set(entry.gateway.pid, entry.name);
    for (const listener of listeners) {
      if (listener.pid === null) continue;
      const owner = owners.get(listener.pid) ?? owners.get((await processGroupOf(listener.pid)) ?? -1);
      if (owner) listener.profile = owner;
    }
    this.#allListeners = listeners;
    for (const entry of entries) {
      const mine = listeners.filter((l) => portsOf.get(entry)?.has(l.port));
      if (JSON.stringify(mine) !== JSON.stringify(entry.listeners)) {
        entry.listeners = mine;
        this.#emit({ type: 'gateway-state', status: this.#status(entry) });
      }
    }
    this.#updateFindings();
  }

  #updateFindings() {
    const findings = this.#portIndex().analyze();
    const key = JSON.stringify(findings);
    if (key === this.#findingsKey) return;
    this.#findingsKey = key;
    this.#findings = findings;
    this.#emit({ type: 'conflicts', findings, listeners: this.#allListeners });
  }

  // ---- commands ------------------------------------------------------------------------------------------------

  /** Runs a command from any transport: the arguments are parsed with the contract's schema first. */
  async execute<C extends CommandName>(command: C, args: unknown): Promise<CommandResults[C]> {
    const parsed = parseArgs(command, args);
    const handlers: { [K in CommandName]: (a: ParsedArgs<K>) => Promise<CommandResults[K]> } = {
      'state.snapshot': async () => this.snapshot(),
      'profiles.create': (a) => this.createProfile(a.name, a.port, a.preset),
      'profiles.update': (a) => this.updateProfile(a),
      'profiles.clone': (a) => this.cloneProfile(a.from, a.name, a.port),
      'profiles.delete': (a) => this.deleteProfile(a.name, a.disposal),
      'profiles.setFlags': async (a) => {
        const entry = this.#entry(a.name);
        const flags = await this.#settings.setFlags(entry.name, a.flags);
        this.#emit({ type: 'profile-changed', profile: this.#view(entry) });
        return flags;
      },
      'ports.suggest': async (a) => ({ port: this.suggestPort(a.near, a.exclude) }),
      'gateway.start': (a) => this.start(a.name),
      'gateway.stop': (a) => this.stop(a.name, a.force),
      'gateway.restart': (a) => this.restart(a.name),
      'gateway.startAll': () => this.startAll(),
      'gateway.stopAll': (a) => this.stopAll(a.force),
      'gateway.browserStatus': (a) => this.browserStatus(a.name, a.via),
      'logs.tail': async (a) => {
        const entry = this.#entry(a.name);
        const file = logFileOf(this.dataDir, entry.name);
        return { lines: entry.tail ? entry.tail.lines(a.lines) : await readLastLines(file, a.lines), file };
      },
      'settings.update': async (a) => {
        const before = this.#settings.get();
        const settings = await this.#settings.update(a);
        if (settings.openclawPath !== before.openclawPath || settings.nodePath !== before.nodePath)
          await this.#locate();
        this.#emit({ type: 'settings-changed', settings });
        return settings;
      },
    };
    return (handlers[command] as (a: ParsedArgs<C>) => Promise<CommandResults[C]>)(parsed);
  }

  /** `execute` for a transport (IPC, WebSocket): any name and arguments in, a reply out, never a throw. */
  async reply(command: unknown, args: unknown): Promise<CommandReply> {
    try {
      if (!isCommandName(command)) throw new LobsterpotError('invalid-argument', `unknown command ${String(command)}`);
      return { ok: true, result: await this.execute(command, args) };
    } catch (error) {
      const code = error instanceof LobsterpotError ? error.code : 'failed';
      return { ok: false, error: { code, message: (error as Error).message } };
    }
  }

  suggestPort(near?: number, exclude?: string): number | null {
    return this.#portIndex().suggestBasePort({
      near: near ?? this.#settings.get().basePortStart,
      ...(exclude ? { exclude } : {}),
    });
  }

  /**
   * Error findings that a profile with `draft` ports would have against the others and the live listeners (the index
   * leaves out the draft's namesake and its own gateway's listeners).
   */
  #blockingFindings(draft: PortProfile): Finding[] {
    return this.#portIndex()
      .findingsFor(draft)
      .filter((f) => f.severity === 'error');
  }

  async createProfile(name: string, port?: number, preset?: 'blank' | 'rescue'): Promise<ProfileView> {
    await this.refresh();
    const check = checkNewProfileName(name, [...this.#profiles.keys()]);
    if (!check.ok) throw new LobsterpotError('invalid-argument', check.error);
    const cli = this.#cli();
    const base = port ?? this.suggestPort();
    if (base === null) throw new LobsterpotError('refused', 'no free base port is left');
    const stateDir = stateDirOf(this.home, name);
    if (existsSync(stateDir)) throw new LobsterpotError('refused', `${stateDir} already exists`);
    const draft: PortProfile = {
      name,
      port: base,
      stateDir,
      configPath: configPathOf(this.home, name),
      workspace: join(stateDir, 'workspace'),
    };
    const blocking = this.#blockingFindings(draft);
    if (blocking.length) throw new LobsterpotError('refused', `port ${base}: ${findingsText(blocking)}`);
    await cli.onboard(name, base);
    await this.refresh();
    const entry = this.#entry(name);
    if (entry.config?.port !== base)
      throw new LobsterpotError('failed', `onboard did not persist gateway.port ${base} for ${name}`);
    if (preset === 'rescue')
      await this.#settings.setFlags(entry.name, { notes: 'Rescue bot: a second gateway to fix the main one.' });
    const view = this.#view(entry);
    this.#emit({ type: 'profile-changed', profile: view });
    return view;
  }

  async updateProfile(change: ParsedArgs<'profiles.update'>): Promise<CommandResults['profiles.update']> {
    const entry = this.#entry(change.name);
    if (!entry.config)
      throw new LobsterpotError('refused', `${entry.name}'s config cannot be read: ${entry.configError}`);
    const patch: Record<string, unknown> = {};
    const draftConfig: ProfileConfig = {
      ...entry.config,
      browserProfiles: entry.config.browserProfiles.map((b) => ({ ...b })),
    };
    if (change.port !== undefined) {
      patch.gateway = { port: change.port };
      draftConfig.port = change.port;
    }
    if (change.workspace !== undefined) {
      patch.agents = { defaults: { workspace: change.workspace } };
      draftConfig.workspace = change.workspace;
    }
    const browser: Record<string, unknown> = {};
    if (change.pinnedCdpUrl !== undefined) {
      browser.cdpUrl = change.pinnedCdpUrl;
      draftConfig.pinnedCdpUrl = change.pinnedCdpUrl;
    }
    if (change.browserProfiles) {
      const profiles: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(change.browserProfiles)) {
        profiles[name] = value;
        let target = draftConfig.browserProfiles.find((b) => b.name === name);
        if (!target) draftConfig.browserProfiles.push((target = { name, cdpPort: null, cdpUrl: null }));
        if (value.cdpPort !== undefined) target.cdpPort = value.cdpPort;
        if (value.cdpUrl !== undefined) target.cdpUrl = value.cdpUrl;
      }
      browser.profiles = profiles;
    }
    if (Object.keys(browser).length) patch.browser = browser;
    if (!Object.keys(patch).length) return { profile: this.#view(entry), restartNeeded: false };
    const blocking = this.#blockingFindings(this.#portProfile(entry, draftConfig)).filter(
      (f) => f.kind !== 'live-listener' || !entry.gateway.isActive,
    );
    if (blocking.length) throw new LobsterpotError('refused', findingsText(blocking));
    // Taken before the write: a background rescan may read the new config while OpenClaw's writer runs (~2 s).
    const portBefore = entry.config.port;
    try {
      await this.#cli().patchConfig(entry.name, patch);
    } catch (error) {
      throw new LobsterpotError('refused', `OpenClaw refused the change: ${(error as Error).message}`);
    }
    entry.configMtime = -1;
    await this.#readConfig(entry);
    await this.#refreshListeners();
    // A hot reload keeps the old port: a port change needs a full stop and start.
    return { profile: this.#view(entry), restartNeeded: entry.gateway.isActive && portBefore !== entry.config?.port };
  }

  async cloneProfile(from: string, name: string, port?: number): Promise<ProfileView> {
    const source = this.#entry(from);
    if (!source.config)
      throw new LobsterpotError('refused', `${source.name}'s config cannot be read: ${source.configError}`);
    const sourceBase = effectiveBasePort(source.name, source.config.port).port;
    const created = await this.createProfile(name, port);
    const shift = created.effectivePort - sourceBase;
    // Explicit CDP ports move with the base; a pinned loopback cdpUrl cannot be shared, so it is dropped.
    const profiles: Record<string, unknown> = {};
    for (const b of source.config.browserProfiles) {
      const url =
        b.cdpUrl && loopbackPortOf(b.cdpUrl) !== null
          ? b.cdpUrl.replace(/:(\d+)(?=[/?#]|$)/, (_, p: string) => `:${Number(p) + shift}`)
          : b.cdpUrl;
      const value: Record<string, unknown> = {};
      if (b.cdpPort !== null) {
        const moved = b.cdpPort + shift;
        if (moved >= 1024 && moved <= 65535) value.cdpPort = moved;
      }
      if (url) value.cdpUrl = url;
      profiles[b.name] = value;
    }
    const patch: Record<string, unknown> = {};
    if (Object.keys(profiles).length) patch.browser = { profiles };
    if (source.config.pinnedCdpUrl && loopbackPortOf(source.config.pinnedCdpUrl) === null) {
      patch.browser = { ...(patch.browser as object), cdpUrl: source.config.pinnedCdpUrl };
    }
    if (Object.keys(patch).length) await this.#cli().patchConfig(name, patch);
    const flags = this.#settings.flagsOf(source.name);
    await this.#settings.setFlags(name, {
      restartOnCrash: flags.restartOnCrash,
      color: flags.color,
      notes: flags.notes,
    });
    const entry = this.#entry(name);
    entry.configMtime = -1;
    await this.#readConfig(entry);
    return this.#view(entry);
  }

  async deleteProfile(name: string, disposal: 'trash' | 'backup'): Promise<{ movedTo: string }> {
    const entry = this.#entry(name);
    if (isRunning(entry)) await this.stop(entry.name, false);
    const movedTo =
      disposal === 'trash'
        ? await moveToTrash(entry.stateDir)
        : await moveToBackup(entry.stateDir, join(this.dataDir, 'backups'));
    entry.tail?.stop();
    this.#profiles.delete(entry.name);
    await this.#settings.forgetProfile(entry.name);
    await rm(this.#runFile(entry), { force: true });
    this.#emit({ type: 'profile-removed', name: entry.name });
    this.#updateFindings();
    return { movedTo };
  }

  /** Preflight, then spawn (or adopt, or drive the OS service); returns once ready or with the reason it is not. */
  async start(name: string): Promise<GatewayStatus> {
    const entry = this.#entry(name);
    if (isRunning(entry)) return this.#status(entry);
    this.#cli();
    await this.#readConfig(entry);
    if (!entry.config) {
      entry.gateway.block('config-error', entry.configError ?? 'the config cannot be read');
      throw new LobsterpotError('refused', `${entry.name}: ${entry.configError}`);
    }
    // A config that parses but lacks gateway.mode is started anyway: OpenClaw refuses it in ~1 s with exit 78, and
    // its own words (which say what to run) become the config-error reason.
    if (entry.config.port === null && entry.name !== DEV_PROFILE) {
      throw new LobsterpotError(
        'refused',
        `${entry.name} has no gateway.port in its config: a gateway started without it is not found by status. Set its base port first (suggested: ${this.suggestPort(undefined, entry.name)}).`,
      );
    }
    // A live lock owner or a service: that gateway is already there.
    const locks = (await readGatewayLocks(entry.stateDir, entry.configPath)).filter((lock) => isAlive(lock.pid));
    if (locks.length || entry.service.installed) {
      await this.#adopt(entry);
      if (isRunning(entry)) return this.#status(entry);
    }
    const portProfile = this.#portProfile(entry);
    const base = effectiveBasePort(entry.name, portProfile.port).port;
    const holder = (await listListeners(new Set([base])))[0];
    if (holder) {
      const who = holder.pid ? `pid ${holder.pid}${holder.command ? ` (${holder.command})` : ''}` : 'another process';
      const reason = `port ${base} is already in use by ${who}`;
      entry.gateway.block('port-blocked', reason);
      throw new LobsterpotError('refused', `${entry.name}: ${reason}`);
    }
    await this.#refreshListeners();
    const blocking = this.#blockingFindings(portProfile);
    if (blocking.length) throw new LobsterpotError('refused', `${entry.name}: ${findingsText(blocking)}`);
    if (entry.service.installed) {
      await this.#cli().service(entry.name, 'start');
      await this.#waitFor(() => this.#adopt(entry).then(() => entry.gateway.isActive), 30_000);
      return this.#status(entry);
    }
    await entry.gateway.start();
    return this.#status(entry);
  }

  async #waitFor(check: () => Promise<boolean>, ms: number) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(name: string, force = false): Promise<StopOutcome> {
    const entry = this.#entry(name);
    entry.stops++;
    let activeWork: string | null = null;
    const port = this.#basePort(entry);
    if (!force && entry.gateway.pid !== null && entry.config?.token) {
      const preflight = await withRpc(port, entry.config.token, (rpc) =>
        rpc.call<{ safe?: boolean; summary?: string; counts?: { totalActive?: number } }>(
          'gateway.restart.preflight',
          {},
          2000,
        ),
      ).catch(() => null);
      if (preflight && preflight.safe === false) {
        activeWork = preflight.summary ?? `${preflight.counts?.totalActive ?? 'some'} active tasks`;
        this.#emit({
          type: 'warning',
          message: `${entry.name} has active work (${activeWork}); it drains before stopping.`,
        });
      }
    }
    if (entry.service.active && entry.gateway.status.owner === 'service') {
      await this.#cli().service(entry.name, 'stop');
    }
    await entry.gateway.stop({ force });
    this.#started.delete(entry.name);
    void this.#refreshListeners();
    return { profile: entry.name, state: entry.gateway.state, activeWork };
  }

  async restart(name: string): Promise<GatewayStatus> {
    const entry = this.#entry(name);
    const stopping = this.stop(name);
    const ticket = entry.stops;
    await stopping;
    // A stop asked for meanwhile (Stop all, say) wins over the start half of this restart.
    if (entry.stops !== ticket) return this.#status(entry);
    return this.start(name);
  }

  async startAll(): Promise<GatewayStatus[]> {
    return this.#startEach([...this.#profiles.values()].filter((e) => !e.configError));
  }

  /** Starts the profiles side by side; a refusal or failure shows in that profile's status. */
  #startEach(entries: ProfileEntry[]): Promise<GatewayStatus[]> {
    return Promise.all(entries.map((entry) => this.start(entry.name).catch(() => this.#status(entry))));
  }

  async stopAll(force = false): Promise<StopOutcome[]> {
    const entries = [...this.#profiles.values()].filter(isRunning);
    return Promise.all(entries.map((entry) => this.stop(entry.name, force)));
  }

  async browserStatus(name: string, via: 'ws' | 'cli'): Promise<BrowserStatus> {
    const entry = this.#entry(name);
    const port = this.#basePort(entry);
    if (via === 'cli') {
      try {
        return await this.#cli().browserStatus(entry.name, port);
      } catch (error) {
        throw new LobsterpotError('failed', `browser status of ${entry.name}: ${(error as Error).message}`);
      }
    }
    try {
      return await withRpc(
        port,
        entry.config?.token ?? null,
        (rpc) => rpc.call<BrowserStatus>('browser.request', { method: 'GET', path: '/' }, 15_000),
        {
          admin: true,
        },
      );
    } catch (error) {
      throw new LobsterpotError('failed', `browser status of ${entry.name}: ${(error as Error).message}`);
    }
  }

  /** Profiles flagged "start with Lobsterpot" (at login or at launch). */
  async startFlagged(): Promise<GatewayStatus[]> {
    return this.#startEach([...this.#profiles.values()].filter((e) => this.#settings.flagsOf(e.name).autostart));
  }

  /**
   * Ends this Manager. The quit policy decides: stop the gateways this Manager started, or leave them running for the
   * next Lobsterpot to adopt. `leave` overrides the setting (a one-shot CLI command never stops what it started).
   */
  async close(options: { leave?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    if (this.#watchTimer) clearInterval(this.#watchTimer);
    const leave = options.leave ?? this.#settings.get().quitPolicy === 'leave-running';
    if (!leave) await Promise.all([...this.#started].map((name) => this.stop(name).catch(() => undefined)));
    this.#closed = true;
    for (const entry of this.#profiles.values()) {
      entry.gateway.detach();
      entry.tail?.stop();
    }
    this.#listeners.clear();
  }
}

/** Findings as one line of refusal: what is wrong and how to fix it. */
const findingsText = (findings: Finding[]) => findings.map((f) => `${f.message} — ${f.fix}`).join('; ');

/** A process is there (spawned, adopted or external), or a restart is scheduled. */
const isRunning = (entry: ProfileEntry) => entry.gateway.isActive || entry.gateway.status.state === 'external';
