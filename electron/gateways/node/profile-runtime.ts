// One profile at run time: its gateway's state machine, the supervisor that serializes commands on it, and the
// effects they need — preflight checks, adoption of a gateway already running, the run record, the log tail, RPC.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, Listener } from '../../ports/common/conflicts.ts';
import {
  LobsterpotError,
  isRunningState,
  type BrowserStatus,
  type DashboardAccess,
  type GatewayResources,
  type DoctorRun,
  type GatewayState,
  type GatewayStatus,
  type HistoryReport,
  type LobsterpotEvent,
  type OpenClawEnvironment,
  type SupervisorInfo,
  type WatchdogStatus,
} from '../../contract/contract.ts';
import { CAUSE_LINES, causeOf, outages, UP_STATES, uptime } from '../common/history.ts';
import { DEV_PROFILE } from '../../profiles/common/names.ts';
import { effectiveBasePort, footprintPorts, type PortProfile } from '../../ports/common/ports.ts';
import type { Clock } from '../../platform/node/clock.ts';
import type { ProfileConfig } from '../../profiles/node/config.ts';
import { GatewayProcess, type ReadinessPolicy, type RestartPolicy } from './gateway-process.ts';
import { lockProfile } from '../../platform/node/locking.ts';
import { DEFAULT_LOG_LIMITS, LogRotator, LogTail, logFileOf, type LogLimits } from './logs.ts';
import type { OpenClawCli, OpenClawTarget } from '../../openclaw/node/openclaw-cli.ts';
import { dashboardAccess } from '../../openclaw/node/dashboard.ts';
import { isAlive, listListeners, processFacts, processGroupOf, signalProcess } from '../../platform/node/processes.ts';
import { activeWorkOf, probeReadiness, probeStartup, withRpc, type RestartPreflight } from './probes.ts';
import { ResourceSampler } from './resources.ts';
import { findRunningGateway } from './finder.ts';
import type { ProfileRecord, ProfileRegistry } from '../../profiles/node/registry.ts';
import type { RunRecords } from './run-records.ts';
import type { SettingsStore } from '../../settings/node/settings.ts';
import { spawnGateway } from './spawn.ts';
import { ProfileSupervisor } from './jobs.ts';
import { doctorOffered, runDoctor } from './doctor.ts';
import { versionsOf } from '../../fleet/node/rolling.ts';
import {
  findSupervisor,
  handOverToLobsterpot,
  handOverToService,
  instanceServices,
  openclawServiceAdapter,
  type ServiceAdapter,
} from '../../platform/node/services.ts';

export interface RuntimeContext {
  home: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  settings: SettingsStore;
  records: RunRecords;
  registry: ProfileRegistry;
  environment(): OpenClawEnvironment;
  cli(): OpenClawCli;
  blockingFindings(draft: PortProfile): Finding[];
  suggestPort(exclude: string): number | null;
  refreshListeners(): Promise<void>;
  emit(event: LobsterpotEvent): void;
  log(message: string): void;
  /** Right before this process spawns the profile's gateway (the quit policy stops those); throws to refuse. */
  spawned(name: string): void;
  /** Who acts through this process (`app`, `serve`, `cli`), recorded with a person's intent. */
  origin: string;
  restartPolicy?: Partial<RestartPolicy>;
  readinessPolicy?: Partial<ReadinessPolicy>;
  // Isolation, ownership, history, doctor, versions, backup.
  /** The OS service adapter (OpenClaw's `gateway install|start|stop|uninstall` by default; a fake in tests). */
  services?: () => ServiceAdapter;
  /** The watchdog's alert for the profile, if any. */
  watchdog?: (name: string) => WatchdogStatus | null;
}

const noRpc = (): GatewayStatus['rpc'] => ({ version: null, configPath: null, checkedAt: null, error: null });
const noService = (): GatewayStatus['service'] => ({ installed: false, active: false, label: null });

export class ProfileRuntime {
  readonly profile: ProfileRecord;
  readonly gateway: GatewayProcess;
  readonly supervisor: ProfileSupervisor;
  readonly #context: RuntimeContext;
  /** The port the running gateway listens on, from its lock or its spawn: never re-derived from a changed config. */
  runningPort: number | null = null;
  /** The pid (and process group) of the last process, for checking that a stop released the ports. */
  #lastPid: number | null = null;
  listeners: Listener[] = [];
  rpc: GatewayStatus['rpc'] = noRpc();
  service: GatewayStatus['service'] = noService();
  tail: LogTail | null = null;
  #previousState = 'stopped';
  readonly #resources: ResourceSampler;
  /** The last exit already noted in the history (a new one is a change's cause). */
  #lastExitSeen: number | null = null;

  constructor(profile: ProfileRecord, context: RuntimeContext) {
    this.profile = profile;
    this.#context = context;
    this.#resources = new ResourceSampler({ clock: context.clock });
    const name = profile.name;
    this.gateway = new GatewayProcess(
      {
        clock: context.clock,
        random: Math.random,
        spawn: () => this.#spawn(),
        signal: signalProcess,
        isAlive,
        probe: (port) => probeReadiness(port),
        startup: (port) => probeStartup(port),
        footprintListeners: () => this.#leftovers(),
      },
      {
        profile: name,
        port: () => this.runningPort ?? this.basePort(),
        restartOnCrash: () => this.#mayRestart(),
        graceMs: () => context.settings.get().stopGraceMs,
        ...(context.restartPolicy ? { restartPolicy: context.restartPolicy } : {}),
        ...(context.readinessPolicy ? { readinessPolicy: context.readinessPolicy } : {}),
        onChange: () => this.#onChange(),
        onSpawn: (pid) => this.#onSpawn(pid),
        onError: (error) => context.log(`${name}: ${(error as Error)?.stack ?? String(error)}`),
      },
    );
    this.supervisor = new ProfileSupervisor(this.gateway, {
      preflight: () => this.#preflight(),
      checkRestart: () => this.#checkRestart(),
      activeWork: () => this.#activeWork(),
      beforeStop: async () => {
        if (this.service.active && this.gateway.status.owner === 'service') await this.services().stop(name);
      },
      lock: () => lockProfile(context.dataDir, name),
      intend: (wanted, by) =>
        context.records.update(name, () => ({
          intent: { wanted, at: context.clock.now(), by: by ?? context.origin },
        })),
    });
  }

  get name(): string {
    return this.profile.name;
  }

  /** Whom OpenClaw's commands and the gateway are for: the profile's name, or an instance's two paths. */
  get target(): OpenClawTarget {
    const { layout, configPath, stateDir } = this.profile;
    return layout === 'env' ? { configPath, stateDir } : this.name;
  }

  /** Counters, last exit and history from the run record: they survive a supervisor restart. */
  async restore(): Promise<void> {
    const record = await this.#context.records.read(this.name);
    this.gateway.restore({ restarts: record.restarts, lastExit: record.lastExit });
    this.#lastExitSeen = record.lastExit?.at ?? null;
  }

  portProfile(config: ProfileConfig | null = this.profile.config): PortProfile {
    const { name, stateDir, configPath } = this.profile;
    return {
      name,
      layout: this.profile.layout ?? 'profile',
      port: config?.port ?? null,
      stateDir,
      configPath,
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

  /** The base port the config asks for (a running gateway may listen elsewhere: see `runningPort`). */
  basePort(): number {
    return effectiveBasePort(this.name, this.profile.config?.port ?? null, this.profile.layout).port;
  }

  status(): GatewayStatus {
    return {
      profile: this.name,
      ...this.gateway.status,
      port: this.runningPort ?? this.basePort(),
      listeners: this.listeners,
      rpc: this.rpc,
      service: this.service,
      pendingRestart: this.pendingRestart(),
      ...this.ownershipAndHistory(),
    };
  }

  /** A saved port the running gateway has not taken (a hot reload keeps the old one): it needs a restart. */
  pendingRestart(): string | null {
    const running = this.runningPort;
    if (running === null || !this.gateway.isActive || this.gateway.status.owner === null) return null;
    const wanted = this.basePort();
    return wanted === running ? null : `port ${wanted} (runs on ${running})`;
  }

  /** CPU and memory of the process group the gateway leads (every gateway Lobsterpot spawns leads one); else null. */
  async resources(): Promise<GatewayResources | null> {
    const pid = this.gateway.pid;
    if (pid === null) return null;
    const reading = await this.#resources.read(pid);
    return reading && { profile: this.name, pid, ...reading };
  }

  /** The Control UI's address as OpenClaw's own `dashboard` gives it (openclaw/node/dashboard.ts). */
  dashboard(): Promise<DashboardAccess> {
    const facts = {
      profile: this.name,
      port: this.runningPort ?? this.basePort(),
      token: this.profile.config?.token ?? null,
    };
    // Only a serving gateway hands out a pairing; OpenClaw's command would wait for one that is not.
    const serving = UP_STATES.includes(this.gateway.state);
    return dashboardAccess(
      serving ? (_profile, args, options) => this.#context.cli().run(this.target, args, options) : null,
      facts,
    );
  }

  /** A process is there (spawned, adopted or external), or a restart is scheduled. */
  isRunning(): boolean {
    return this.gateway.isActive || isRunningState(this.gateway.state);
  }

  #onChange() {
    const state = this.gateway.state;
    // Newly ready: its listeners are there now, so the window need not wait for the next rescan to show them.
    if (state === 'ready' && this.#previousState !== 'ready') void this.#context.refreshListeners();
    if (state === 'ready' && this.rpc.checkedAt === null) void this.#probeRpc();
    if (state !== 'ready' && state !== 'degraded' && state !== 'external') this.rpc = noRpc();
    if (state !== this.#previousState) {
      const { restarts, lastExit, reason } = this.gateway.status;
      const exit = lastExit && lastExit.at !== this.#lastExitSeen ? lastExit : null;
      this.#lastExitSeen = lastExit?.at ?? null;
      const cause = causeOf({
        from: this.#previousState as GatewayState,
        to: state,
        commanding: this.supervisor.busy,
        origin: this.supervisor.author ?? this.#context.origin,
        exit,
        lines: exit ? (this.tail?.lines(CAUSE_LINES) ?? []) : [],
      });
      if (state === 'stopped' && !exit) this.supervisorInfo = null;
      this.#context.records.note(this.name, { at: this.#context.clock.now(), state, reason, cause });
      void this.#context.records.update(this.name, () => ({ restarts, lastExit }));
    }
    this.#previousState = state;
    this.#context.emit({ type: 'gateway-state', status: this.status() });
  }

  #onSpawn(pid: number | null) {
    if (pid !== null) this.#lastPid = pid;
    if (pid === null) this.runningPort = null;
    const now = this.#context.clock.now();
    if (pid === null) {
      void this.#context.records.update(this.name, () => ({ pid: null, startTime: null, startedAt: null, port: null }));
      return;
    }
    // The start time, read at once, is what tells this process from a later one that reuses its pid.
    void processFacts(pid).then((facts) =>
      this.#context.records.update(this.name, () => ({
        pid,
        startTime: facts?.startTime ?? null,
        startedAt: now,
        port: this.runningPort,
      })),
    );
  }

  /** A person's intent is asked before every automatic restart, from disk: another process may have recorded it. */
  async #mayRestart(): Promise<boolean> {
    if (!this.#context.settings.flagsOf(this.name).restartOnCrash) return false;
    const record = await this.#context.records.read(this.name);
    return record.intent?.wanted !== 'stopped';
  }

  async #spawn() {
    const { openclaw, node, problem } = this.#context.environment();
    if (!openclaw || !node) throw new Error(problem ?? 'OpenClaw is not available');
    this.#context.spawned(this.name);
    this.runningPort = this.basePort();
    const child = await spawnGateway({
      profile: this.target,
      nodePath: node.path,
      openclawPath: openclaw.path,
      home: this.#context.home,
      parentEnv: this.#context.env,
      logFile: logFileOf(this.#context.dataDir, this.name),
      limits: this.#logLimits(),
    });
    void this.follow();
    return child;
  }

  /** Follows the profile's log: lines go to the window, and any output nudges a starting gateway's readiness probe. */
  async follow(): Promise<void> {
    if (this.tail) return;
    const file = logFileOf(this.#context.dataDir, this.name);
    // The tail sees the log grow, so it is what rotates it while the gateway runs (for weeks, say).
    const rotator = new LogRotator(file, this.#logLimits(), {
      onError: (error) => this.#context.log(`${this.name}: the log could not be rotated: ${error.message}`),
    });
    const tail = new LogTail(
      file,
      (lines) => {
        this.gateway.nudge(lines.some((line) => /\bready\b/i.test(line)));
        this.#context.emit({ type: 'log-lines', name: this.name, lines });
      },
      undefined,
      { rotator },
    );
    this.tail = tail;
    await mkdir(join(this.#context.dataDir, 'logs'), { recursive: true });
    await tail.start();
  }

  #logLimits(): LogLimits {
    const settings = this.#context.settings.get();
    return {
      maxBytes: settings.logMaxBytes ?? DEFAULT_LOG_LIMITS.maxBytes,
      keep: settings.logKeep ?? DEFAULT_LOG_LIMITS.keep,
    };
  }

  dispose(): void {
    this.gateway.detach();
    void this.tail?.stop();
    this.tail = null;
  }

  // ---- preflight -------------------------------------------------------------------------------------------------

  /** The checks before a spawn; `running` when a gateway of this profile is already there (now adopted). */
  async #preflight(): Promise<'spawn' | 'running'> {
    const { context, profile, name } = { context: this.#context, profile: this.profile, name: this.name };
    await context.registry.readConfig(profile);
    if (!profile.configured) throw new LobsterpotError('refused', `${name}: ${profile.configError}`);
    context.cli();
    if (!profile.config) {
      this.gateway.block('config-error', profile.configError ?? 'the config cannot be read');
      throw new LobsterpotError('refused', `${name}: ${profile.configError}`);
    }
    // A config that parses but lacks gateway.mode is started anyway: OpenClaw refuses it in ~1 s with exit 78, and
    // its own words (which say what to run) become the config-error reason.
    if (profile.config.port === null && name !== DEV_PROFILE) {
      throw new LobsterpotError(
        'refused',
        `${name} has no gateway.port in its config: a gateway started without it is not found by status. Set its base port first (suggested: ${context.suggestPort(name)}).`,
      );
    }
    await this.#adopt();
    if (this.isRunning()) return 'running';
    const base = this.basePort();
    const holder = (await listListeners(new Set([base])))[0];
    if (holder) {
      const who = holder.pid ? `pid ${holder.pid}${holder.command ? ` (${holder.command})` : ''}` : 'another process';
      const reason = `port ${base} is already in use by ${who}`;
      this.gateway.block('port-blocked', reason);
      throw new LobsterpotError('refused', `${name}: ${reason}`);
    }
    await context.refreshListeners();
    const blocking = context.blockingFindings(this.portProfile());
    if (blocking.length)
      throw new LobsterpotError('refused', `${name}: ${blocking.map((f) => `${f.message} — ${f.fix}`).join('; ')}`);
    if (this.service.installed) {
      await this.services().start(name);
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !this.gateway.isActive) {
        await this.#adopt();
        if (!this.gateway.isActive) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return 'running';
    }
    return 'spawn';
  }

  /** A restart stops nothing unless the gateway could start again: the config must parse and pass OpenClaw's check. */
  async #checkRestart(): Promise<void> {
    await this.#context.registry.readConfig(this.profile, true);
    const { config, configError } = this.profile;
    if (!config) throw new LobsterpotError('refused', `${this.name}: not restarted, it keeps running: ${configError}`);
    const problems = await this.#context
      .cli()
      .validateConfig(this.target)
      .catch(() => []);
    if (problems.length)
      throw new LobsterpotError('refused', `${this.name}: not restarted, it keeps running: ${problems.join('; ')}`);
  }

  /** Active work before a graceful stop; Lobsterpot's own preflight request is not work. */
  async #activeWork(): Promise<string | null> {
    const token = this.profile.config?.token;
    if (!token) return null;
    const preflight = await withRpc(this.runningPort ?? this.basePort(), token, (rpc) =>
      rpc.call<RestartPreflight>('gateway.restart.preflight', {}, 2000),
    ).catch(() => null);
    return activeWorkOf(preflight);
  }

  /** Something of this profile still runs: its tracked process, or a gateway that adoption recognises (for delete). */
  async stillRunning(): Promise<string | null> {
    if (this.gateway.pid !== null) return `pid ${this.gateway.pid}`;
    const found = await this.#findRunning();
    return found ? `pid ${found.decision.pid}: ${found.decision.evidence.join('; ')}` : null;
  }

  // ---- adoption ----------------------------------------------------------------------------------------------------

  /** The background check for a gateway started elsewhere; a command on its way decides for itself. */
  async adopt(listeners?: readonly Listener[]): Promise<void> {
    if (this.supervisor.busy) return;
    await this.#adopt(listeners, true);
  }

  /**
   * Finds a gateway already running for this profile and watches it. Each candidate — a lock's owner, the run record's
   * pid, a listener on the base port that says it runs this config — is judged by `decideAdoption` from its facts: a
   * pid whose start time or command line does not match is stale and never signalled.
   */
  async #adopt(listeners?: readonly Listener[], background = false): Promise<void> {
    if (this.gateway.isActive || this.gateway.state === 'stopping') return;
    await this.#detectService();
    const found = await this.#findRunning(listeners);
    // Checked again after the awaits: a spawn may have happened meanwhile.
    if (!found || this.gateway.isActive || (background && this.supervisor.busy)) return;
    const { decision, record } = found;
    const port = decision.port ?? this.basePort();
    const probe = await probeReadiness(port, 1000);
    if (this.gateway.isActive || (background && this.supervisor.busy)) return;
    const owner = this.service.active ? 'service' : decision.owner;
    this.#lastPid = decision.pid;
    this.runningPort = port;
    this.gateway.adopt(decision.pid, {
      owner,
      group: (await processGroupOf(decision.pid)) === decision.pid,
      startedAt: record.pid === decision.pid ? record.startedAt : null,
      ready: probe.ready === true,
      probe,
    });
    void this.follow();
    void this.#findSupervisor(decision.pid, owner);
  }

  /** The running gateway of this profile, if any, with the evidence (finder.ts). */
  #findRunning(scanned?: readonly Listener[]) {
    return findRunningGateway(
      {
        profile: this.name,
        stateDir: this.profile.stateDir,
        configPath: this.profile.configPath,
        basePort: this.basePort(),
        footprint: footprintPorts(this.portProfile()),
        token: this.profile.config?.token ?? null,
        records: this.#context.records,
      },
      scanned,
    );
  }

  /** A service unit on disk means the profile may be run by the OS; only then is the (slow) CLI asked (services.ts). */
  async #detectService() {
    this.service = await this.services().status(this.name);
  }

  /** Listeners left on the footprint by the last process or its group (an orphaned Chrome, say). */
  async #leftovers(): Promise<Listener[]> {
    const pid = this.#lastPid;
    if (pid === null) return [];
    const held: Listener[] = [];
    for (const listener of await listListeners(new Set(footprintPorts(this.portProfile())))) {
      if (listener.pid === null) continue;
      if (listener.pid === pid || (await processGroupOf(listener.pid)) === pid) held.push(listener);
    }
    return held;
  }

  // ---- RPC ---------------------------------------------------------------------------------------------------------

  async #probeRpc() {
    try {
      const info = await withRpc(
        this.runningPort ?? this.basePort(),
        this.profile.config?.token ?? null,
        async (rpc) => {
          const system = await rpc.call<{ pid?: number; port?: number }>('system.info', {}, 3000);
          return { hello: rpc.hello, system };
        },
        { admin: true },
      );
      this.rpc = {
        version: info.hello.version,
        configPath: info.hello.configPath,
        checkedAt: this.#context.clock.now(),
        error: null,
      };
    } catch (error) {
      this.rpc = { ...noRpc(), checkedAt: this.#context.clock.now(), error: (error as Error).message };
    }
    this.#context.emit({ type: 'gateway-state', status: this.status() });
  }

  async browserStatus(via: 'ws' | 'cli'): Promise<BrowserStatus> {
    const port = this.runningPort ?? this.basePort();
    try {
      if (via === 'cli') return await this.#context.cli().browserStatus(this.target, port);
      return await withRpc(
        port,
        this.profile.config?.token ?? null,
        (rpc) => rpc.call<BrowserStatus>('browser.request', { method: 'GET', path: '/' }, 15_000),
        { admin: true },
      );
    } catch (error) {
      throw new LobsterpotError('failed', `browser status of ${this.name}: ${(error as Error).message}`);
    }
  }

  /** OpenClaw's `browser start|stop` through the gateway, then the browser's status after it. */
  async browserControl(action: 'start' | 'stop'): Promise<BrowserStatus> {
    const port = this.runningPort ?? this.basePort();
    try {
      return await withRpc(
        port,
        this.profile.config?.token ?? null,
        async (rpc) => {
          // Starting a browser waits for its CDP to answer: longer than a status.
          await rpc.call('browser.request', { method: 'POST', path: `/${action}` }, 60_000);
          return rpc.call<BrowserStatus>('browser.request', { method: 'GET', path: '/' }, 15_000);
        },
        { admin: true },
      );
    } catch (error) {
      const message = (error as Error).message;
      // An OpenClaw without the verb answers that it has no such route.
      const missing = /not found|unknown (route|path)|404/i.test(message);
      throw new LobsterpotError(
        'failed',
        missing
          ? `browser ${action} of ${this.name}: this OpenClaw version has no browser ${action}`
          : `browser ${action} of ${this.name}: ${message}`,
      );
    }
  }

  // ---- isolation, ownership, history, doctor, versions ------------------------------------------------------------

  /** Who runs a gateway Lobsterpot did not start, from its parent chain and environment markers. */
  supervisorInfo: SupervisorInfo | null = null;

  /** The OS service adapter of this platform (or the one the context injects). */
  services(): ServiceAdapter {
    if (this.profile.layout === 'env') return instanceServices;
    return (
      this.#context.services?.() ??
      openclawServiceAdapter({ cli: () => this.#context.cli(), home: this.#context.home, env: this.#context.env })
    );
  }

  async #findSupervisor(pid: number, owner: string) {
    this.supervisorInfo = owner === 'lobsterpot' ? null : await findSupervisor(pid).catch(() => null);
    if (this.gateway.pid === pid) this.#context.emit({ type: 'gateway-state', status: this.status() });
  }

  /** The status fields of ownership, versions, the watchdog and the doctor. */
  ownershipAndHistory(): Pick<GatewayStatus, 'supervisor' | 'versions' | 'watchdog' | 'doctor'> {
    const running = this.rpc.version;
    const installed = this.#context.environment().openclaw?.version ?? null;
    const record = this.#context.records.cached(this.name);
    return {
      supervisor: this.gateway.pid === null ? null : this.supervisorInfo,
      versions: versionsOf(running, installed, this.gateway.pid !== null),
      watchdog: this.#context.watchdog?.(this.name) ?? null,
      doctor: { offered: doctorOffered(this.gateway.status, record), last: record.doctor },
    };
  }

  /** The history with uptime over 24 h and 7 days and the week's outages. */
  async history(limit: number): Promise<HistoryReport> {
    const { history } = await this.#context.records.read(this.name);
    const now = this.#context.clock.now();
    const day = 24 * 3_600_000;
    return {
      profile: this.name,
      entries: history.slice(-limit),
      uptime24h: uptime(history, now, day),
      uptime7d: uptime(history, now, 7 * day),
      outages: outages(history, now, 7 * day),
    };
  }

  /** OpenClaw's `doctor --fix` once after an exit 78, in the gateway's environment, then one retry of the start. */
  doctor(): Promise<DoctorRun> {
    const context = this.#context;
    return runDoctor({
      profile: this.name,
      status: () => this.gateway.status,
      record: () => context.records.read(this.name),
      run: (args) => context.cli().run(this.target, args, { timeoutMs: 180_000 }),
      save: (run) => context.records.update(this.name, () => ({ doctor: run })),
      start: async () => (await this.supervisor.start()).state,
      changed: () => context.emit({ type: 'gateway-state', status: this.status() }),
      now: () => context.clock.now(),
    });
  }

  /** Hands the gateway to Lobsterpot (the service is uninstalled) or to the OS service (installed on its port). */
  async handOver(to: 'lobsterpot' | 'service'): Promise<GatewayStatus> {
    const context = this.#context;
    const deps = {
      adapter: this.services(),
      profile: this.name,
      port: this.runningPort ?? this.basePort(),
      start: async () => (await this.supervisor.start(), this.status()),
      stop: async () => void (await this.supervisor.stop()),
      refresh: () => this.#adopt(),
      status: () => this.status(),
      until: async (check: () => boolean | Promise<boolean>, ms: number) => {
        const deadline = Date.now() + ms;
        while (!(await check())) {
          if (Date.now() > deadline) return false;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        return true;
      },
    };
    const status = to === 'lobsterpot' ? await handOverToLobsterpot(deps) : await handOverToService(deps);
    // The service's gateway is meant to run: the watchdog watches it too.
    if (to === 'service')
      await context.records.update(this.name, () => ({
        intent: { wanted: 'running', at: context.clock.now(), by: context.origin },
      }));
    return status;
  }
}
