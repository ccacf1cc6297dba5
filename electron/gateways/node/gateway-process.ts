// One gateway's life under Lobsterpot: spawn, readiness, health, stop with grace then group kill, the restart
// policy with backoff and crash-loop detection, and adoption of a gateway that is already running.
// Every effect (spawn, signals, probes, time) is injected, so the policy is tested with a fake clock.
import type {
  ExitRecord,
  GatewayOwner,
  GatewayState,
  GatewayStatus,
  StartPhase,
  StartPhaseName,
} from '../../contract/contract.ts';
import type { Listener } from '../../ports/common/conflicts.ts';
import { sleep, type Clock } from '../../platform/node/clock.ts';
import { crashWords, describeExit, failureWords, isPortInUse } from './exits.ts';
import type { HealthProbe, StartupProbe } from './probes.ts';

export interface GatewayExit {
  code: number | null;
  signal: string | null;
}

export interface GatewayChild {
  pid: number;
  /** Settles when the process has exited. */
  exit: Promise<GatewayExit>;
  /** What the process printed since it was spawned (the end of it is enough). */
  output(): Promise<string[]>;
}

export interface GatewayDeps {
  spawn(): Promise<GatewayChild>;
  /** Signals the process group led by `pid`, or the process alone when `group` is false. */
  signal(pid: number, signal: NodeJS.Signals, group: boolean): void;
  isAlive(pid: number): boolean;
  probe(port: number): Promise<HealthProbe>;
  /** `/startupz`, asked only while a gateway starts; null where the version does not serve it. */
  startup?(port: number): Promise<StartupProbe | null>;
  /** Listeners still on the footprint's ports (after a stop they must be gone). */
  footprintListeners(): Promise<Listener[]>;
  /** What the OS says of a process that does not answer ("stopped (SIGSTOP)"), for the unresponsive state's evidence. */
  describeProcess?(pid: number): Promise<string | null>;
  clock: Clock;
  random(): number;
}

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** ±jitter, as a fraction of the delay. */
  jitter: number;
  /** A gateway ready this long starts the backoff from the beginning again. */
  resetAfterReadyMs: number;
  /** This many starts in a row that never reach ready: crash-looping. */
  maxFailedStarts: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  jitter: 0.2,
  resetAfterReadyMs: 60_000,
  maxFailedStarts: 5,
};

export interface ReadinessPolicy {
  fastPollMs: number;
  fastPhaseMs: number;
  slowPollMs: number;
  warnAfterMs: number;
  failAfterMs: number;
  /**
   * Health polling of a gateway whose death no event reports (adopted) or that did not answer last time. A ready child
   * of ours that answered is asked after half of unresponsiveAfterMs: its exit is an event, and a hang still shows in
   * time.
   */
  healthPollMs: number;
  /** How long a stop waits for the footprint's ports to be released. */
  releaseWaitMs: number;
  /** A live process that has not answered a probe for this long is `unresponsive`. */
  unresponsiveAfterMs: number;
}

export const defaultReadinessPolicy: ReadinessPolicy = {
  fastPollMs: 200,
  // A fresh gateway takes 5–15 s to be ready (bench/): the fast phase covers that, the slow one the stragglers.
  fastPhaseMs: 30_000,
  slowPollMs: 1000,
  warnAfterMs: 30_000,
  failAfterMs: 90_000,
  healthPollMs: 2000,
  releaseWaitMs: 5000,
  unresponsiveAfterMs: 20_000,
};

/** After a ready-like log line, how long and how often a starting gateway is probed (its /readyz may lag the line). */
const FOLLOW_MS = 300;
const FOLLOW_POLL_MS = 25;

export interface GatewayProcessOptions {
  profile: string;
  /** The port the running gateway listens on (recorded at spawn or adoption, whatever the config now says). */
  port: () => number;
  /** Asked before every automatic restart: the flag, and a person's recorded intent (never restart what they stopped). */
  restartOnCrash: () => boolean | Promise<boolean>;
  graceMs: () => number;
  restartPolicy?: Partial<RestartPolicy>;
  readinessPolicy?: Partial<ReadinessPolicy>;
  onChange: (process: GatewayProcess) => void;
  /** A start was made or ended (the manager keeps its record of gateways it runs). */
  onSpawn?: (pid: number | null) => void;
  /** A subscriber threw: reported here, never allowed to wedge the state machine. */
  onError?: (error: unknown) => void;
}

const SETTLED: readonly GatewayState[] = [
  'ready',
  'degraded',
  'stopped',
  'crash-looping',
  'port-blocked',
  'config-error',
  'external',
];

/** The process part of a gateway's status. */
export type ProcessStatus = Pick<
  GatewayStatus,
  | 'state'
  | 'reason'
  | 'pid'
  | 'owner'
  | 'startedAt'
  | 'readyAt'
  | 'restarts'
  | 'lastExit'
  | 'nextRestartAt'
  | 'health'
  | 'phase'
>;

export class GatewayProcess {
  readonly profile: string;
  readonly #deps: GatewayDeps;
  readonly #options: GatewayProcessOptions;
  readonly #restart: RestartPolicy;
  readonly #readiness: ReadinessPolicy;

  #state: GatewayState = 'stopped';
  #reason: string | null = null;
  #pid: number | null = null;
  /** Whether signals go to the pid's whole group (true for every gateway Lobsterpot spawned). */
  #group = true;
  #owner: GatewayOwner | null = null;
  #child: GatewayChild | null = null;
  #startedAt: number | null = null;
  /** Told to hurry: every stop from now on skips the grace. */
  #hurried = false;
  #readyAt: number | null = null;
  #restarts = 0;
  #lastExit: ExitRecord | null = null;
  #nextRestartAt: number | null = null;
  #health: ProcessStatus['health'] = { live: null, ready: null, failing: [], checkedAt: null };
  #phase: StartPhase | null = null;
  /** This process's version answered /startupz at least once, or never will (false): not asked again then. */
  #servesStartupz: boolean | null = null;
  /** Lobsterpot sent the SIGKILL that ended the process, and why: a crash reason names who killed it. */
  #killedBy: string | null = null;

  #failedStarts = 0;
  /** The last time the gateway answered a probe at all (live), and since when this process is watched. */
  #lastAnswerAt: number | null = null;
  #watchedSince: number | null = null;
  /** A spawn on its way: a stop waits for it, so the child it produces is stopped rather than left untracked. */
  #spawning: Promise<void> | null = null;
  #backoffStep = 0;
  /** Bumped for every process, so callbacks of an older one are ignored. */
  #generation = 0;
  #pollTimer: unknown = null;
  /** A probe is on its way; a nudge meanwhile asks for another one right after it. */
  #probing = false;
  #nudged = false;
  /** Until then a starting gateway is probed every FOLLOW_POLL_MS: it has just logged a line that reads like ready. */
  #followUntil = 0;
  #restartTimer: unknown = null;
  #stopping: Promise<void> | null = null;
  #timedOut = false;
  #waiters: (() => void)[] = [];
  #exitWaiters: (() => void)[] = [];

  constructor(deps: GatewayDeps, options: GatewayProcessOptions) {
    this.profile = options.profile;
    this.#deps = deps;
    this.#options = options;
    this.#restart = { ...defaultRestartPolicy, ...options.restartPolicy };
    this.#readiness = { ...defaultReadinessPolicy, ...options.readinessPolicy };
  }

  get status(): ProcessStatus {
    return {
      state: this.#state,
      reason: this.#reason,
      pid: this.#pid,
      owner: this.#owner,
      startedAt: this.#startedAt,
      readyAt: this.#readyAt,
      restarts: this.#restarts,
      lastExit: this.#lastExit,
      nextRestartAt: this.#nextRestartAt,
      health: this.#health,
      phase: this.#phase,
    };
  }

  get state(): GatewayState {
    return this.#state;
  }

  get pid(): number | null {
    return this.#pid;
  }

  /** A process is there (or about to be, while a spawn is on its way or a restart is scheduled). */
  get isActive(): boolean {
    return this.#pid !== null || this.#spawning !== null || this.#state === 'restarting';
  }

  /** Counters and the last exit from a run record, so they survive a supervisor restart. */
  restore(saved: { restarts: number; lastExit: ExitRecord | null }): void {
    this.#restarts = saved.restarts;
    this.#lastExit = saved.lastExit;
  }

  /** Shows a state that came from a check before any spawn (port-blocked, config-error). */
  block(state: 'port-blocked' | 'config-error', reason: string): void {
    this.#set(state, reason);
    this.#settle();
  }

  /** Spawns the gateway; settles once it is ready or has ended in a state that needs the user. */
  async start(): Promise<ProcessStatus> {
    if (this.#stopping) await this.#stopping;
    if (this.isActive) return this.#whenSettled();
    this.#failedStarts = 0;
    this.#backoffStep = 0;
    const settled = new Promise<ProcessStatus>((resolve) => this.#waiters.push(() => resolve(this.status)));
    await this.#spawn();
    return settled;
  }

  /**
   * Watches a gateway that is already running (found by its lock and port). `owner` says who started it; one that
   * Lobsterpot started gets the restart policy, a foreign one is only shown and can be stopped.
   */
  adopt(
    pid: number,
    options: { owner: GatewayOwner; group: boolean; startedAt: number | null; ready: boolean; probe?: HealthProbe },
  ): void {
    this.#generation++;
    this.#pid = pid;
    this.#group = options.group;
    this.#owner = options.owner;
    this.#child = null;
    this.#startedAt = options.startedAt ?? this.#deps.clock.now();
    this.#readyAt = options.ready ? this.#deps.clock.now() : null;
    this.#watchedSince = this.#deps.clock.now();
    this.#lastAnswerAt = options.probe?.live ? this.#deps.clock.now() : null;
    if (options.probe) this.#health = { ...options.probe, checkedAt: this.#deps.clock.now() };
    this.#servesStartupz = null;
    this.#killedBy = null;
    const starting = options.owner === 'lobsterpot' && !options.ready;
    this.#phase = starting ? this.#phaseAt(options.probe?.live ? 'listening' : 'spawned', null) : null;
    this.#set(options.owner === 'lobsterpot' ? (options.ready ? 'ready' : 'starting') : 'external', null);
    this.#schedulePoll(this.#generation, options.ready ? this.#readiness.healthPollMs : this.#readiness.fastPollMs);
  }

  #spawn(): Promise<void> {
    const spawning = this.#spawnOnce().finally(() => {
      if (this.#spawning === spawning) this.#spawning = null;
    });
    this.#spawning = spawning;
    return spawning;
  }

  async #spawnOnce(): Promise<void> {
    const generation = ++this.#generation;
    this.#nextRestartAt = null;
    this.#timedOut = false;
    this.#set('starting', null);
    let child: GatewayChild;
    try {
      child = await this.#deps.spawn();
    } catch (error) {
      this.#lastExit = { code: null, signal: null, meaning: 'could not be spawned', at: this.#deps.clock.now() };
      this.#set('stopped', `could not start the gateway: ${(error as Error).message}`);
      this.#settle();
      return;
    }
    if (generation !== this.#generation) return;
    this.#child = child;
    this.#pid = child.pid;
    this.#group = true;
    this.#owner = 'lobsterpot';
    this.#startedAt = this.#deps.clock.now();
    this.#readyAt = null;
    this.#watchedSince = this.#startedAt;
    this.#lastAnswerAt = null;
    this.#health = { live: null, ready: null, failing: [], checkedAt: null };
    this.#servesStartupz = null;
    this.#killedBy = null;
    this.#phase = { name: 'spawned', since: this.#startedAt, detail: null };
    this.#options.onSpawn?.(child.pid);
    this.#emit();
    void child.exit.then((exit) => this.#onExit(generation, exit));
    this.#schedulePoll(generation, this.#readiness.fastPollMs);
  }

  #schedulePoll(generation: number, ms: number) {
    this.#deps.clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = this.#deps.clock.setTimeout(() => void this.#poll(generation), ms);
  }

  /**
   * The gateway printed something. While it starts, look now rather than at the next poll: OpenClaw logs its
   * `[gateway] ready` line a few ms after /readyz turns 200, so readiness is seen within ms instead of a poll step.
   */
  nudge(readyLike = true): void {
    if (this.#pid === null || this.#stopping) return;
    // The ready line may come a hair before /readyz turns 200: then look again soon, not a whole poll step later.
    if (readyLike && this.#state === 'starting') this.#followUntil = this.#deps.clock.now() + FOLLOW_MS;
    // A ready gateway that logs may have changed its readiness: look, at most once per health poll period.
    const settled = this.#state === 'ready' || this.#state === 'degraded';
    if (settled && this.#deps.clock.now() - (this.#health.checkedAt ?? 0) < this.#readiness.healthPollMs) return;
    if (this.#state !== 'starting' && !settled) return;
    if (this.#probing) this.#nudged = true;
    else this.#schedulePoll(this.#generation, 0);
  }

  /** When to look again at a gateway that is up: rarely at a ready child of ours that answered (see healthPollMs). */
  #healthPollAfter(probe: HealthProbe): number {
    const quiet = this.#child !== null && this.#state === 'ready' && probe.ready === true;
    return quiet
      ? Math.max(this.#readiness.healthPollMs, this.#readiness.unresponsiveAfterMs / 2)
      : this.#readiness.healthPollMs;
  }

  async #poll(generation: number): Promise<void> {
    this.#probing = true;
    this.#nudged = false;
    try {
      await this.#pollOnce(generation);
    } finally {
      this.#probing = false;
    }
    if (this.#nudged && generation === this.#generation) {
      this.#nudged = false;
      this.nudge();
    }
  }

  async #pollOnce(generation: number): Promise<void> {
    if (generation !== this.#generation || this.#pid === null || this.#stopping) return;
    const pid = this.#pid;
    if (!this.#child && !this.#deps.isAlive(pid)) {
      // An adopted gateway has no exit event: its death shows here.
      void this.#onExit(generation, { code: null, signal: null });
      return;
    }
    const probe = await this.#deps.probe(this.#options.port());
    if (generation !== this.#generation || this.#stopping) return;
    const now = this.#deps.clock.now();
    this.#health = { live: probe.live, ready: probe.ready, failing: probe.failing, checkedAt: now };
    if (probe.live) this.#lastAnswerAt = now;
    else if (await this.#isUnresponsive(generation, pid, now)) return;

    if (this.#state === 'unresponsive') {
      // It answers again: back to what it was, by what it says now.
      const back = this.#owner !== 'lobsterpot' ? 'external' : this.#readyAt === null ? 'starting' : 'degraded';
      this.#set(back, null);
    }

    if (this.#state === 'starting') {
      if (probe.ready) {
        this.#readyAt = now;
        this.#failedStarts = 0;
        const took = this.#startedAt === null ? null : now - this.#startedAt;
        this.#phase = this.#phaseAt('ready', took === null ? null : `in ${(took / 1000).toFixed(1)} s`);
        this.#set('ready', null);
        this.#settle();
        this.#schedulePoll(generation, this.#healthPollAfter(probe));
        return;
      }
      if (probe.live && (await this.#startupPhase(generation, probe))) return;
      const elapsed = now - (this.#startedAt ?? now);
      const failing = probe.failing.length
        ? `; failing: ${probe.failing.join(', ')}`
        : probe.live
          ? ''
          : '; not listening yet';
      // Only a child of ours is failed for slowness: an adopted gateway's start time is not its start attempt.
      if (this.#child && elapsed >= this.#readiness.failAfterMs) {
        this.#timedOut = true;
        this.#reason = `not ready after ${Math.round(elapsed / 1000)} s${failing}`;
        this.#killedBy = `Lobsterpot (${this.#reason})`;
        this.#deps.signal(pid, 'SIGKILL', this.#group);
        return;
      }
      if (elapsed >= this.#readiness.warnAfterMs) {
        this.#set('starting', `not ready after ${Math.round(elapsed / 1000)} s${failing}`);
      }
      const following = now < this.#followUntil;
      this.#schedulePoll(
        generation,
        following
          ? FOLLOW_POLL_MS
          : elapsed < this.#readiness.fastPhaseMs
            ? this.#readiness.fastPollMs
            : this.#readiness.slowPollMs,
      );
      return;
    }

    if (this.#state === 'ready' || this.#state === 'degraded') {
      if (probe.ready) this.#set('ready', null);
      else if (!probe.live) this.#set('degraded', 'not answering /readyz');
      else this.#set('degraded', probe.failing.length ? `failing: ${probe.failing.join(', ')}` : 'not ready');
    } else if (this.#state === 'external') {
      this.#reason = probe.live ? null : 'not answering /readyz';
      this.#emit();
    }
    this.#schedulePoll(generation, this.#healthPollAfter(probe));
  }

  /** A phase named `name` from now, or the current one when it has that name already (its `since` is kept). */
  #phaseAt(name: StartPhaseName, detail: string | null): StartPhase {
    const since = this.#phase?.name === name ? this.#phase.since : this.#deps.clock.now();
    return { name, since, detail };
  }

  /**
   * A live gateway that is not ready yet: listening, or starting up by its own /startupz (asked only now, and not again
   * for a process whose version does not serve it). True when the process changed meanwhile (the poll is over).
   */
  async #startupPhase(generation: number, probe: HealthProbe): Promise<boolean> {
    let startup: StartupProbe | null = null;
    if (this.#deps.startup && this.#servesStartupz !== false) {
      startup = await this.#deps.startup(this.#options.port()).catch(() => null);
      if (generation !== this.#generation || this.#stopping || this.#state !== 'starting') return true;
      this.#servesStartupz = startup !== null || this.#servesStartupz === true ? true : false;
    }
    const waiting = probe.failing.length ? `waiting for ${probe.failing.join(', ')}` : null;
    const next =
      startup === null
        ? this.#phaseAt('listening', waiting)
        : this.#phaseAt('starting-up', startup.status === 'starting' ? (startup.pendingReason ?? waiting) : waiting);
    const before = this.#phase;
    if (before?.name !== next.name || before.detail !== next.detail) {
      this.#phase = next;
      this.#emit();
    }
    return false;
  }

  /**
   * A live process that has not answered for `unresponsiveAfterMs` (hung, or stopped with SIGSTOP) is `unresponsive`,
   * with the evidence; it is never killed for it. A child of ours that is still starting is judged by `failAfterMs`.
   */
  async #isUnresponsive(generation: number, pid: number, now: number): Promise<boolean> {
    const since = this.#lastAnswerAt ?? (this.#child ? null : this.#watchedSince);
    if (since === null || now - since < this.#readiness.unresponsiveAfterMs) return false;
    const seen = await this.#deps.describeProcess?.(pid).catch(() => null);
    if (generation !== this.#generation || this.#stopping) return true;
    const silent = Math.round((now - since) / 1000);
    this.#health = { ...this.#health, live: false, ready: false };
    this.#set(
      'unresponsive',
      `pid ${pid} is alive but has not answered on port ${this.#options.port()} for ${silent} s${seen ? `; ${seen}` : ''}`,
    );
    this.#schedulePoll(generation, this.#readiness.healthPollMs);
    return true;
  }

  async #onExit(generation: number, exit: GatewayExit): Promise<void> {
    if (generation !== this.#generation) return;
    const now = this.#deps.clock.now();
    this.#deps.clock.clearTimeout(this.#pollTimer);
    const child = this.#child;
    const wasReadyFor = this.#readyAt === null ? null : now - this.#readyAt;
    this.#pid = null;
    this.#child = null;
    this.#lastExit = { code: exit.code, signal: exit.signal, meaning: describeExit(exit.code, exit.signal), at: now };
    this.#health = { live: false, ready: false, failing: [], checkedAt: now };
    this.#options.onSpawn?.(null);
    for (const wake of this.#exitWaiters.splice(0)) wake();
    if (this.#stopping) return; // stop() finishes the story

    const output = child ? await child.output().catch(() => []) : [];
    if (generation !== this.#generation) return;
    const words = failureWords(output);
    if (exit.code === 78) {
      this.#set('config-error', words ?? this.#lastExit.meaning);
      this.#settle();
      return;
    }
    if (isPortInUse(exit.code, output)) {
      this.#set('port-blocked', words ?? 'the base port is in use');
      this.#settle();
      return;
    }
    const why = this.#timedOut
      ? (this.#reason ?? 'not ready in time')
      : crashWords(exit, output, this.#killedBy ?? (this.#owner === 'lobsterpot' ? 'not Lobsterpot' : null));
    if (this.#owner !== 'lobsterpot') {
      this.#set('stopped', `exited: ${why}`);
      this.#owner = null;
      this.#settle();
      return;
    }
    if (wasReadyFor === null) this.#failedStarts++;
    else if (wasReadyFor >= this.#restart.resetAfterReadyMs) this.#backoffStep = 0;
    const restart = await Promise.resolve(this.#options.restartOnCrash()).catch(() => false);
    if (generation !== this.#generation || this.#stopping) return;
    if (!restart) {
      this.#set('stopped', `exited: ${why}`);
      this.#settle();
      return;
    }
    if (this.#failedStarts >= this.#restart.maxFailedStarts) {
      this.#set('crash-looping', `exited ${this.#failedStarts} times in a row before becoming ready; last: ${why}`);
      this.#settle();
      return;
    }
    const base = Math.min(this.#restart.maxDelayMs, this.#restart.initialDelayMs * 2 ** this.#backoffStep);
    const delay = Math.round(base * (1 - this.#restart.jitter + 2 * this.#restart.jitter * this.#deps.random()));
    this.#backoffStep++;
    this.#nextRestartAt = now + delay;
    this.#set('restarting', `${why}; restarting in ${(delay / 1000).toFixed(1)} s`);
    this.#restartTimer = this.#deps.clock.setTimeout(() => {
      this.#restartTimer = null;
      void this.#restartNow(generation);
    }, delay);
  }

  /** The scheduled restart, asking again first: a person may have stopped the gateway from elsewhere meanwhile. */
  async #restartNow(generation: number): Promise<void> {
    if (this.#state !== 'restarting' || generation !== this.#generation) return;
    const again = await Promise.resolve(this.#options.restartOnCrash()).catch(() => false);
    if (this.#state !== 'restarting' || generation !== this.#generation || this.#stopping) return;
    if (!again) {
      this.#nextRestartAt = null;
      this.#set('stopped', 'not restarted: it was stopped meanwhile');
      this.#settle();
      return;
    }
    this.#restarts++;
    await this.#spawn();
  }

  /** SIGTERM, the grace period (none when forced), SIGKILL of the group, then a check that the ports are free. */
  stop(options: { force?: boolean } = {}): Promise<void> {
    if (this.#stopping) return this.#stopping;
    this.#stopping = this.#stop(options.force ?? false).finally(() => {
      this.#stopping = null;
    });
    return this.#stopping;
  }

  async #stop(asked: boolean): Promise<void> {
    const clock = this.#deps.clock;
    // A spawn on its way finishes first, so the child it produces is the one stopped (never left untracked).
    if (this.#spawning) await this.#spawning;
    const force = asked || this.#hurried;
    clock.clearTimeout(this.#restartTimer);
    clock.clearTimeout(this.#pollTimer);
    this.#restartTimer = null;
    this.#nextRestartAt = null;
    const pid = this.#pid;
    if (pid === null) {
      this.#set('stopped', null);
      this.#owner = null;
      this.#settle();
      return;
    }
    this.#set('stopping', null);
    let reason: string | null = null;
    this.#deps.signal(pid, 'SIGTERM', this.#group);
    if (!(await this.#waitExit(pid, force ? 0 : this.#options.graceMs()))) {
      this.#deps.signal(pid, 'SIGKILL', this.#group);
      reason = force ? 'force-stopped (SIGKILL)' : `did not stop within ${this.#options.graceMs() / 1000} s; killed`;
      if (!(await this.#waitExit(pid, 5000))) reason = `pid ${pid} survived SIGKILL`;
    }
    if (this.#pid === pid) {
      // An adopted process: no exit event came, record the stop ourselves.
      this.#pid = null;
      this.#lastExit = { code: null, signal: null, meaning: 'stopped', at: clock.now() };
      this.#options.onSpawn?.(null);
    }
    this.#generation++;
    // The footprint must be released (an orphaned Chrome would keep its CDP port).
    const deadline = clock.now() + this.#readiness.releaseWaitMs;
    let held = await this.#deps.footprintListeners();
    while (held.length && clock.now() < deadline) {
      await sleep(clock, 100);
      held = await this.#deps.footprintListeners();
    }
    if (held.length) {
      reason = `stopped, but ${held.map((l) => `${l.port}${l.pid ? ` (pid ${l.pid}${l.command ? ` ${l.command}` : ''})` : ''}`).join(', ')} still held`;
    }
    this.#owner = null;
    this.#health = { live: false, ready: false, failing: [], checkedAt: clock.now() };
    this.#set('stopped', reason);
    this.#settle();
  }

  /** A stop under way skips the rest of its grace, and a later one has none (a second Ctrl-C on `serve`). */
  hurry(): void {
    this.#hurried = true;
    if (this.#stopping && this.#pid !== null) this.#deps.signal(this.#pid, 'SIGKILL', this.#group);
  }

  /** Stops watching without touching the process (quit policy "leave running"). */
  detach(): void {
    this.#generation++;
    this.#deps.clock.clearTimeout(this.#pollTimer);
    this.#deps.clock.clearTimeout(this.#restartTimer);
  }

  async #waitExit(pid: number, ms: number): Promise<boolean> {
    const clock = this.#deps.clock;
    const gone = () => this.#pid !== pid || !this.#deps.isAlive(pid);
    if (gone()) return true;
    const deadline = clock.now() + ms;
    if (this.#child) {
      // A child of ours reports its exit; wait for that (or the deadline).
      return new Promise<boolean>((resolve) => {
        const timer = clock.setTimeout(() => resolve(gone()), ms);
        this.#exitWaiters.push(() => {
          clock.clearTimeout(timer);
          resolve(true);
        });
      });
    }
    while (clock.now() < deadline) {
      await sleep(clock, Math.min(100, deadline - clock.now()));
      if (gone()) return true;
    }
    return gone();
  }

  #whenSettled(): Promise<ProcessStatus> {
    if (SETTLED.includes(this.#state) && this.#state !== 'stopped') return Promise.resolve(this.status);
    return new Promise((resolve) => this.#waiters.push(() => resolve(this.status)));
  }

  #settle() {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #set(state: GatewayState, reason: string | null) {
    // A phase belongs to a start: it ends with it (a ready gateway keeps `ready` until it leaves that state).
    if (state !== 'starting' && !(state === 'ready' && this.#phase?.name === 'ready')) this.#phase = null;
    if (state === this.#state && reason === this.#reason) return;
    this.#state = state;
    this.#reason = reason;
    this.#emit();
  }

  #emit() {
    try {
      this.#options.onChange(this);
    } catch (error) {
      this.#options.onError?.(error);
    }
  }
}
