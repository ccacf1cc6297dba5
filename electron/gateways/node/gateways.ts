// Every profile's runtime in this process, and the one place a gateway's state is published from: a runtime, the
// port view or the watchdog says "changed", and `publish` sends the profile's one `gateway-state`.
import {
  LobsterpotError,
  type ActiveWork,
  type CommandAuthor,
  type RestartOutcome,
  type WhenIdle,
  type GatewayStatus,
  type LobsterpotEvent,
  type ProfileView,
  type StopOutcome,
} from '../../contract/contract.ts';
import { effectiveBasePort, footprintOf } from '../../ports/common/ports.ts';
import type { WatchedProfile } from '../../ports/node/listeners.ts';
import { instanceInfoOf } from '../../profiles/node/instances.ts';
import type { ProfileRecord, ProfileRegistry } from '../../profiles/node/registry.ts';
import type { SettingsStore } from '../../settings/node/settings.ts';
import { ProfileRuntime } from './profile-runtime.ts';
import { activeWork } from './runtime-checks.ts';
import type { RuntimeDeps } from './runtime-deps.ts';

export interface GatewaysDeps {
  registry: ProfileRegistry;
  settings: SettingsStore;
  /** The parts each runtime is built with. */
  runtimeDeps: RuntimeDeps;
  emit(event: LobsterpotEvent): void;
  /** A gateway's state was published (the watchdog wakes). */
  published(): void;
  /** A stop released ports: who listens now. */
  refreshListeners(): Promise<void>;
}

export class Gateways {
  readonly #deps: GatewaysDeps;
  readonly #runtimes = new Map<string, ProfileRuntime>();
  /** Gateways this process spawned (the quit policy stops these). */
  readonly started = new Set<string>();
  /** Set once a quit begins: no command but a snapshot is taken, no gateway is spawned. */
  quitting = false;

  constructor(deps: GatewaysDeps) {
    this.#deps = deps;
  }

  all(): ProfileRuntime[] {
    return [...this.#runtimes.values()];
  }

  find(name: string): ProfileRuntime | undefined {
    return this.#runtimes.get(name);
  }

  /** The runtime of a profile by any name the registry knows it by; `not-found` otherwise. */
  get(name: string): ProfileRuntime {
    const profile = this.#deps.registry.find(name);
    const runtime = profile && this.#runtimes.get(profile.name);
    if (!runtime) throw new LobsterpotError('not-found', `no profile named '${name}'`);
    return runtime;
  }

  async add(profile: ProfileRecord): Promise<ProfileRuntime> {
    const runtime = new ProfileRuntime(profile, this.#deps.runtimeDeps);
    await runtime.restore();
    this.#runtimes.set(profile.name, runtime);
    return runtime;
  }

  /** A profile that is gone: its runtime stops watching (the process, if any, is left alone). */
  remove(name: string): void {
    this.#runtimes.get(name)?.dispose();
    this.#runtimes.delete(name);
    this.started.delete(name);
  }

  /** Something outside the runtime changed a profile's status (the watchdog): its reconcile step publishes it. */
  publish(name: string): void {
    this.#runtimes.get(name)?.changed();
  }

  /** The one emitter of `gateway-state`: a reconcile step's status. */
  emitState(status: GatewayStatus): void {
    this.#deps.published();
    this.#deps.emit({ type: 'gateway-state', status });
  }

  /** Resolves once every profile's reconcile step has run (an answer to a person shows what was just seen). */
  async settled(): Promise<void> {
    await Promise.all(this.all().map((r) => r.reconciler.settled()));
  }

  watched(): WatchedProfile[] {
    return this.all().map((r) => ({ name: r.name, ports: r.portProfile(), pid: r.gateway.pid }));
  }

  view(runtime: ProfileRuntime): ProfileView {
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
      flags: this.#deps.settings.flagsOf(runtime.name),
      browserProfiles: (profile.config?.browserProfiles ?? []).map((b) => ({ ...b })),
    };
  }

  /** Preflight, then spawn (or adopt, or drive the OS service); returns once ready or with the reason it is not. */
  async start(name: string, author: CommandAuthor): Promise<GatewayStatus> {
    const runtime = this.get(name);
    await runtime.supervisor.start(author.by);
    await runtime.reconciler.settled();
    return runtime.status();
  }

  async stop(name: string, force: boolean, author: CommandAuthor): Promise<StopOutcome> {
    const runtime = this.get(name);
    const { state, activeWork } = await runtime.supervisor.stop(force, author.by);
    await runtime.reconciler.settled();
    if (activeWork)
      this.#deps.emit({
        type: 'warning',
        message: `${runtime.name} had active work (${activeWork}); it drained first.`,
      });
    this.started.delete(runtime.name);
    void this.#deps.refreshListeners();
    return { profile: runtime.name, state, activeWork };
  }

  /** `whenIdle`: first wait (bounded) until the gateway reports no active work; refused when it does not get there. */
  async restart(name: string, author: CommandAuthor, whenIdle?: WhenIdle): Promise<RestartOutcome> {
    const runtime = this.get(name);
    const wait = whenIdle ? { timeoutMs: whenIdle.waitSeconds * 1000 } : null;
    const { activeWork, waitedMs } = await runtime.supervisor.restart(author.by, wait);
    await runtime.reconciler.settled();
    return { ...runtime.status(), activeWork, waitedMs };
  }

  /** What a stop or restart would interrupt now. */
  async activeWork(name: string): Promise<ActiveWork> {
    const runtime = this.get(name);
    const { work, error } = await activeWork(runtime);
    return { profile: runtime.name, activeWork: work, error, checkedAt: this.#deps.runtimeDeps.clock.now() };
  }

  /** Every profile that is set up and readable, side by side; a refusal shows in that profile's status. */
  startAll(author: CommandAuthor): Promise<GatewayStatus[]> {
    return this.#startEach(
      this.all().filter((r) => r.profile.configured && !r.profile.configError),
      author,
    );
  }

  /** Profiles flagged "start with Lobsterpot" (at login or at launch), by this process's own face. */
  startFlagged(author: CommandAuthor): Promise<GatewayStatus[]> {
    return this.#startEach(
      this.all().filter((r) => this.#deps.settings.flagsOf(r.name).autostart),
      author,
    );
  }

  #startEach(runtimes: ProfileRuntime[], author: CommandAuthor): Promise<GatewayStatus[]> {
    return Promise.all(runtimes.map((r) => this.start(r.name, author).catch(() => r.status())));
  }

  stopAll(force: boolean, author: CommandAuthor): Promise<StopOutcome[]> {
    return Promise.all(
      this.all()
        .filter((r) => r.isRunning())
        .map((r) => this.stop(r.name, force, author)),
    );
  }

  /** The quit policy's "stop what this process started", by this process's own face. */
  stopStarted(author: CommandAuthor): Promise<unknown> {
    return Promise.all([...this.started].map((name) => this.stop(name, false, author).catch(() => undefined)));
  }

  dispose(): void {
    for (const runtime of this.#runtimes.values()) runtime.dispose();
  }
}
