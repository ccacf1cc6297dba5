// One profile at run time: its gateway's state machine, the job queue that serializes commands on it, and the facts
// around the process (port, listeners, RPC, service). The checks, adoption, RPC and care live beside it (runtime-*.ts).
import type { Listener } from '../../ports/common/findings.ts';
import {
  isRunningState,
  type BrowserStatus,
  type DashboardAccess,
  type DoctorRun,
  type GatewayResources,
  type GatewayState,
  type GatewayStatus,
  type HistoryReport,
} from '../../contract/contract.ts';
import { CAUSE_LINES, causeOf } from '../common/history.ts';
import { effectiveBasePort, relayLayoutOf, type PortProfile } from '../../ports/common/ports.ts';
import type { ProfileConfig } from '../../profiles/node/config.ts';
import { GatewayProcess, HANDOFF_PENDING } from './gateway-process.ts';
import { lockProfile } from '../../platform/node/locking.ts';
import { logFileOf, type LogTail } from './logs.ts';
import { followLog, logLimitsOf } from './runtime-log.ts';
import { isAlive, processFacts, signalProcess } from '../../platform/node/processes.ts';
import { probeReadiness, probeStartup } from './probes.ts';
import { ResourceSampler } from './resources.ts';
import type { ProfileRecord } from '../../profiles/node/registry.ts';
import { spawnGateway } from './spawn.ts';
import { ProfileSupervisor } from './jobs.ts';
import { dashboardAccess } from '../../openclaw/node/dashboard.ts';
import { STATES } from '../../contract/states.ts';
import type { OpenClawTarget } from '../../openclaw/node/openclaw-cli.ts';
import { instanceServices, type ServiceAdapter } from '../../platform/node/services.ts';
import { Reconciler } from './reconciler.ts';
import type { Spec } from '../common/reconcile.ts';
import { emptyRecord, noRpc, statusOf, type Facts, type GatewayRecord } from '../common/record.ts';
import type { RuntimeDeps } from './runtime-deps.ts';
import { activeWork, checkRestart, preflight } from './runtime-checks.ts';
import { adopt, leftovers, stillRunning } from './runtime-adoption.ts';
import { browserControl, browserStatus, probeRpc } from './runtime-rpc.ts';
import { careFacts, doctor, handOver, history } from './runtime-care.ts';
import { handsOff, supervisorMode, takeHandoff } from './runtime-handoff.ts';
import { runtimeOf } from '../../openclaw/node/installs.ts';

export type { RuntimeDeps } from './runtime-deps.ts';

export class ProfileRuntime {
  readonly profile: ProfileRecord;
  readonly gateway: GatewayProcess;
  readonly supervisor: ProfileSupervisor;
  readonly reconciler: Reconciler;
  readonly deps: RuntimeDeps;
  /** `external` when the process was spawned in OpenClaw's external-supervisor mode (it hands its restarts over). */
  supervisorMode: 'external' | null = null;
  /** The pid (and process group) of the last process, for checking that a stop released the ports. */
  lastPid: number | null = null;
  tail: LogTail | null = null;
  #previousState: GatewayState = 'stopped';
  /** The last status published (as JSON): an unchanged one is not sent again. */
  #published = '';
  #readySeen = false;
  readonly #resources: ResourceSampler;
  /** The last exit already noted in the history (a new one is a change's cause). */
  #lastExitSeen: number | null = null;

  constructor(profile: ProfileRecord, deps: RuntimeDeps) {
    this.profile = profile;
    this.deps = deps;
    this.#resources = new ResourceSampler({ clock: deps.clock });
    const { host, store, clock } = deps;
    const name = profile.name;
    this.gateway = new GatewayProcess(
      {
        clock,
        spawn: () => this.#spawn(),
        signal: signalProcess,
        isAlive,
        probe: (port) => probeReadiness(port),
        startup: (port) => probeStartup(port),
        footprintListeners: () => leftovers(this),
      },
      {
        profile: name,
        terms: {
          port: () => this.port(),
          graceMs: () => store.settings.get().stopGraceMs,
          ...(host.readinessPolicy ? { readiness: host.readinessPolicy } : {}),
        },
        decide: (pending) => this.reconciler.observe({}, pending),
        handoffs: { handsOff: () => handsOff(this), take: (pid) => takeHandoff(this, pid) },
        reports: {
          changed: () => this.#onChange(),
          spawned: (pid) => this.#onSpawn(pid),
          error: (error) => deps.report.log(`${name}: ${(error as Error)?.stack ?? String(error)}`),
        },
      },
    );
    this.supervisor = new ProfileSupervisor(this.gateway, {
      checks: {
        preflight: () => preflight(this),
        checkRestart: () => checkRestart(this),
        activeWork: () => activeWork(this),
      },
      beforeStop: async () => {
        if (this.fact('service').active && this.gateway.status.owner === 'service') await this.services().stop(name);
      },
      lock: () => lockProfile(host.dataDir, name),
      intend: async (wanted, by) => {
        const at = clock.now();
        const author = by ?? host.origin;
        await store.records.update(name, () => ({ intent: { wanted, at, by: author } }));
        // A person's command is an observation with its author: the record has it before any signal.
        this.reconciler.want({ intent: { wanted, author: { by: author, from: null, at } } });
      },
      clock,
    });
    this.reconciler = new Reconciler(
      emptyRecord(name, this.basePort()),
      { gateway: this.gateway, clock },
      {
        spec: () => this.#spec(),
        stopping: () => this.supervisor.stopping,
        look: () => this.#look(),
        alive: isAlive,
      },
      {
        publish: (record) => this.#publish(record),
        onError: (error) => deps.report.log(`${name}: ${(error as Error)?.stack ?? String(error)}`),
      },
      { restart: host.restartPolicy, random: Math.random },
    );
    this.supervisor.afterEachJob = () => this.reconciler.observe();
  }

  /** The profile's record: what is wanted and what was last seen, each fact with its time. */
  get record(): GatewayRecord {
    return this.reconciler.record;
  }

  /** A fact as last seen. */
  fact<K extends keyof Facts>(key: K): Facts[K] {
    return this.reconciler.record.observed[key].value;
  }

  /** Something of this profile was seen: the record takes it and the profile is dirty (its reconcile step runs). */
  observe(facts: Partial<Facts>): void {
    this.reconciler.observe(facts);
  }

  get listeners(): Listener[] {
    return this.fact('listeners');
  }

  /** The facts read at every look: the process, the ports, the watchdog, the version on disk, the doctor's offer. */
  #look(): Partial<Facts> {
    const { gateway } = this;
    return {
      process: gateway.status,
      active: gateway.isActive,
      basePort: this.basePort(),
      ...careFacts(this),
    };
  }

  get name(): string {
    return this.profile.name;
  }

  /** Whom OpenClaw's commands and the gateway are for: the profile's name, or an instance's two paths. */
  get target(): OpenClawTarget {
    const { layout, configPath, stateDir } = this.profile;
    return layout === 'env' ? { configPath, stateDir } : this.name;
  }

  /** The OS service adapter for this profile (an instance set up by environment has none of OpenClaw's own). */
  services(): ServiceAdapter {
    return this.profile.layout === 'env' ? instanceServices : this.deps.openclaw.services();
  }

  /** Counters, last exit and history from the run record: they survive a supervisor restart. */
  async restore(): Promise<void> {
    const record = await this.deps.store.records.read(this.name);
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
      // The footprint follows the version that will run it (the located OpenClaw's).
      relays: relayLayoutOf(this.openclawRuntime().openclaw?.version),
    };
  }

  /** The base port the config asks for (a running gateway may listen elsewhere: see `runningPort`). */
  basePort(): number {
    return effectiveBasePort(this.name, this.profile.config?.port ?? null, this.profile.layout).port;
  }

  /** The port the running gateway listens on, from its lock or its spawn: never re-derived from a changed config. */
  get runningPort(): number | null {
    return this.fact('runningPort');
  }

  /** The port the gateway listens on (or would). */
  port(): number {
    return this.runningPort ?? this.basePort();
  }

  /** The status as a fresh look at the record gives it (what someone who asks gets). */
  status(): GatewayStatus {
    return statusOf(this.reconciler.ask());
  }

  /** Something of this profile was observed: it is dirty, and its reconcile step runs. */
  changed(): void {
    this.reconciler.observe();
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
    const facts = { profile: this.name, port: this.port(), token: this.profile.config?.token ?? null };
    // Only a serving gateway hands out a pairing; OpenClaw's command would wait for one that is not.
    const serving = STATES[this.gateway.state].up;
    return dashboardAccess(
      serving ? (_profile, args, options) => this.deps.openclaw.cli().run(this.target, args, options) : null,
      facts,
    );
  }

  /** The OpenClaw this profile's gateway runs: its `openclawRuntime` flag's install, else the located one. */
  openclawRuntime() {
    return runtimeOf(this.deps.openclaw.environment(), this.deps.store.settings.flagsOf(this.name).openclawRuntime);
  }

  /** A process is there (spawned, adopted or external), or a restart is scheduled. */
  isRunning(): boolean {
    return this.gateway.isActive || isRunningState(this.gateway.state);
  }

  /** The process changed: side effects of the change, then the profile is dirty. */
  #onChange() {
    const { state, status, isActive } = this.gateway;
    // Newly ready: its listeners are there now, so the window need not wait for the next rescan to show them.
    if (state === 'ready' && this.#readySeen !== true) void this.deps.ports.refreshListeners();
    this.#readySeen = state === 'ready';
    if (state === 'ready' && this.fact('rpc').checkedAt === null) void probeRpc(this);
    // What a gateway said over RPC holds while it serves.
    const rpc = STATES[state].up ? {} : { rpc: noRpc() };
    this.reconciler.observe({ process: status, active: isActive, ...rpc });
  }

  /** What is wanted of this gateway: the flags, and a person's intent as the run record on disk has it now. */
  async #spec(): Promise<Spec> {
    const flags = this.deps.store.settings.flagsOf(this.name);
    const { intent } = await this.deps.store.records.read(this.name);
    return {
      intent: intent && { wanted: intent.wanted, author: { by: intent.by, from: intent.from ?? null, at: intent.at } },
      restartOnCrash: flags.restartOnCrash,
      autostart: flags.autostart,
    };
  }

  /**
   * The end of a reconcile step: a state change goes into the history with its cause, the run record is written once,
   * and the status is published when it differs from the last one published.
   */
  #publish(record: GatewayRecord) {
    const status = statusOf(record);
    const { state, restarts, lastExit, reason } = status;
    const { store, clock, host } = this.deps;
    if (state !== this.#previousState) {
      const exit = lastExit && lastExit.at !== this.#lastExitSeen ? lastExit : null;
      // While a hand-off is looked up the exit is not told yet: the next change says whether it was a crash.
      if (this.gateway.handoff !== HANDOFF_PENDING) this.#lastExitSeen = lastExit?.at ?? null;
      const cause = causeOf({
        from: this.#previousState,
        to: state,
        commanding: this.supervisor.busy,
        // A person's command is credited to its author: the face it came through, not the supervisor that ran it.
        origin: this.supervisor.author ?? host.origin,
        exit,
        lines: exit ? (this.tail?.lines(CAUSE_LINES) ?? []) : [],
        handoff: this.gateway.handoff,
      });
      store.records.note(this.name, { at: clock.now(), state, reason, cause });
      void store.records.update(this.name, () => ({ restarts, lastExit }));
      this.#previousState = state;
    }
    const key = JSON.stringify(status);
    if (key === this.#published) return;
    this.#published = key;
    this.deps.report.publish(status);
  }

  #onSpawn(pid: number | null) {
    const { records } = this.deps.store;
    if (pid !== null) this.lastPid = pid;
    if (pid === null) this.observe({ runningPort: null });
    const now = this.deps.clock.now();
    if (pid === null) {
      void records.update(this.name, () => ({ pid: null, startTime: null, startedAt: null, port: null }));
      return;
    }
    // The start time, read at once, is what tells this process from a later one that reuses its pid.
    void processFacts(pid).then((facts) =>
      records.update(this.name, () => ({
        pid,
        startTime: facts?.startTime ?? null,
        startedAt: now,
        port: this.runningPort,
      })),
    );
  }

  async #spawn() {
    const { openclaw, node, problem } = this.openclawRuntime();
    if (!openclaw || !node) throw new Error(problem ?? 'OpenClaw is not available');
    const { host } = this.deps;
    const mode = supervisorMode(this);
    this.supervisorMode = mode ?? null;
    // A gateway of ours has no foreign supervisor; it listens where the config says now.
    this.observe({ runningPort: this.basePort(), supervisor: null });
    this.reconciler.want({ ownership: 'lobsterpot' });
    this.deps.report.spawned(this.name);
    const child = await spawnGateway({
      ...(mode ? { supervisorMode: mode } : {}),
      profile: this.target,
      nodePath: node.path,
      openclawPath: openclaw.path,
      home: host.home,
      parentEnv: host.env,
      logFile: logFileOf(host.dataDir, this.name),
      limits: logLimitsOf(this.deps.store.settings.get()),
    });
    void this.follow();
    return child;
  }

  /** Follows the profile's log (runtime-log.ts). */
  follow(): Promise<void> {
    return followLog(this);
  }

  dispose(): void {
    this.gateway.detach();
    void this.tail?.stop();
    this.tail = null;
  }

  /** The background check for a gateway started elsewhere; a command on its way decides for itself. */
  async adopt(listeners?: readonly Listener[]): Promise<void> {
    if (this.supervisor.busy) return;
    await adopt(this, listeners, true);
  }

  /** Something of this profile still runs: its tracked process, or a gateway that adoption recognises (for delete). */
  stillRunning(): Promise<string | null> {
    return stillRunning(this);
  }

  browserStatus(via: 'ws' | 'cli'): Promise<BrowserStatus> {
    return browserStatus(this, via);
  }

  browserControl(action: 'start' | 'stop'): Promise<BrowserStatus> {
    return browserControl(this, action);
  }

  history(limit: number): Promise<HistoryReport> {
    return history(this, limit);
  }

  doctor(): Promise<DoctorRun> {
    return doctor(this);
  }

  handOver(to: 'lobsterpot' | 'service'): Promise<GatewayStatus> {
    return handOver(this, to);
  }
}
