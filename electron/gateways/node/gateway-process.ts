// One gateway's life under Lobsterpot: spawn, stop with grace then group kill, the restart after a crash (its
// decision is restart-policy.ts), and adoption of a gateway that is already running; health-watch.ts watches it.
// Every effect (spawn, signals, probes, time) is injected, so the policy is tested with a fake clock.
import type { ExitRecord, GatewayOwner } from '../../contract/contract.ts';
import { unknownHealth } from '../../contract/status.ts';
import { sleep } from '../../platform/node/clock.ts';
import { noStreak, type CrashStreak } from '../common/restart-policy.ts';
import { exit78Of } from '../common/exit78.ts';
import { crashWords, describeExit, failureWords, isPortInUse } from './exits.ts';
import type { GatewayChild, GatewayExit, ProcessStatus } from './gateway-policy.ts';
import { HealthWatch } from './health-watch.ts';
import type { HealthProbe } from './probes.ts';

export * from './gateway-policy.ts';

/** The words while a clean exit's hand-off is being looked up. */
export const HANDOFF_PENDING = 'exited cleanly (exit 0): taking the restart hand-off OpenClaw left';

export class GatewayProcess extends HealthWatch {
  /** Counters and the last exit from a run record, so they survive a supervisor restart. */
  restore(saved: { restarts: number; lastExit: ExitRecord | null }): void {
    this._restarts = saved.restarts;
    this._lastExit = saved.lastExit;
  }

  /** Shows a state that came from a check before any spawn (port-blocked, config-error). */
  block(state: 'port-blocked' | 'config-error', reason: string): void {
    this._set(state, reason);
    this._settle();
  }

  /** Spawns the gateway; settles once it is ready or has ended in a state that needs the user. */
  async start(): Promise<ProcessStatus> {
    if (this._stopping) await this._stopping;
    if (this.isActive) return this._whenSettled();
    this._streak = noStreak();
    const settled = new Promise<ProcessStatus>((resolve) => this._waiters.push(() => resolve(this.status)));
    await this._spawn();
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
    this._generation++;
    this._pid = pid;
    this._group = options.group;
    this._owner = options.owner;
    this._child = null;
    this._startedAt = options.startedAt ?? this._deps.clock.now();
    this._readyAt = options.ready ? this._deps.clock.now() : null;
    this._watchedSince = this._deps.clock.now();
    this._lastAnswerAt = options.probe?.live ? this._deps.clock.now() : null;
    if (options.probe) this._health = { ...options.probe, checkedAt: this._deps.clock.now() };
    this._servesStartupz = null;
    this._killedBy = null;
    const starting = options.owner === 'lobsterpot' && !options.ready;
    this._phase = starting ? this._phaseAt(options.probe?.live ? 'listening' : 'spawned', null) : null;
    this._set(options.owner === 'lobsterpot' ? (options.ready ? 'ready' : 'starting') : 'external', null);
    this._schedulePoll(this._generation, options.ready ? this._readiness.healthPollMs : this._readiness.fastPollMs);
  }

  protected _spawn(): Promise<void> {
    const spawning = this._spawnOnce().finally(() => {
      if (this._spawning === spawning) this._spawning = null;
    });
    this._spawning = spawning;
    return spawning;
  }

  protected async _spawnOnce(): Promise<void> {
    const generation = ++this._generation;
    this._nextRestartAt = null;
    this._timedOut = false;
    this._set('starting', null);
    let child: GatewayChild;
    try {
      child = await this._deps.spawn();
    } catch (error) {
      this._lastExit = { code: null, signal: null, meaning: 'could not be spawned', at: this._deps.clock.now() };
      this._set('stopped', `could not start the gateway: ${(error as Error).message}`);
      this._settle();
      return;
    }
    if (generation !== this._generation) return;
    this._child = child;
    this._pid = child.pid;
    this._group = true;
    this._owner = 'lobsterpot';
    this._startedAt = this._deps.clock.now();
    this._readyAt = null;
    this._watchedSince = this._startedAt;
    this._lastAnswerAt = null;
    this._health = unknownHealth();
    this._servesStartupz = null;
    this._killedBy = null;
    this._phase = { name: 'spawned', since: this._startedAt, detail: null };
    this._options.reports.spawned?.(child.pid);
    this._emit();
    void child.exit.then((exit) => this._onExit(generation, exit));
    this._schedulePoll(generation, this._readiness.fastPollMs);
  }

  protected async _onExit(generation: number, exit: GatewayExit): Promise<void> {
    if (generation !== this._generation) return;
    const now = this._deps.clock.now();
    this._deps.clock.clearTimeout(this._pollTimer);
    const child = this._child;
    const wasReadyFor = this._readyAt === null ? null : now - this._readyAt;
    const pid = this._pid;
    this._handoff = null;
    this._pid = null;
    this._child = null;
    this._lastExit = { code: exit.code, signal: exit.signal, meaning: describeExit(exit.code, exit.signal), at: now };
    this._health = { live: false, ready: false, failing: [], checkedAt: now };
    this._options.reports.spawned?.(null);
    for (const wake of this._exitWaiters.splice(0)) wake();
    if (this._stopping) return; // stop() finishes the story

    if (pid !== null && (await this._tookHandoff(generation, pid, exit))) return;
    const output = child ? await child.output().catch(() => []) : [];
    if (generation !== this._generation) return;
    const words = failureWords(output);
    if (exit.code === 78) {
      // Not always a config error: the meaning decides whether the doctor is offered (exit78.ts).
      const meaning = exit78Of(output, this.profile);
      this._lastExit = { ...this._lastExit, meaning: meaning.meaning };
      const said = meaning.kind === 'config' ? (words ?? meaning.meaning) : `${meaning.meaning}: ${meaning.advice}`;
      this._set('config-error', said);
      this._settle();
      return;
    }
    if (isPortInUse(exit.code, output)) {
      this._set('port-blocked', words ?? 'the base port is in use');
      this._settle();
      return;
    }
    const why = this._timedOut
      ? (this._reason ?? 'not ready in time')
      : crashWords(exit, output, this._killedBy ?? (this._owner === 'lobsterpot' ? 'not Lobsterpot' : null));
    if (this._owner !== 'lobsterpot') {
      // The owner goes before the state is told: the stopped state is reported (and recorded) with none.
      this._owner = null;
      this._set('stopped', `exited: ${why}`);
      this._settle();
      return;
    }
    // What follows is the reconcile step's decision (reconcile.ts): restart, crash-looping or stopped.
    const crash = { kind: 'crash', token: generation, why, wasReadyFor, streak: this._streak } as const;
    if (this._options.decide) return this._options.decide(crash);
    this._set('stopped', `exited: ${why}`);
    this._settle();
  }

  /**
   * A clean exit (or an unobserved one) of a gateway of ours may be OpenClaw handing its restart over (external mode):
   * the hand-off is consumed, and the reconcile step restarts it at once, on what the config now says.
   */
  protected async _tookHandoff(generation: number, pid: number, exit: GatewayExit): Promise<boolean> {
    const handoffs = this._options.handoffs;
    if (!handoffs || this._owner !== 'lobsterpot' || exit.signal || (exit.code !== 0 && exit.code !== null))
      return false;
    if (!handoffs.handsOff()) return false;
    // Said at once (the consume is a CLI cold start): the history credits the exit to OpenClaw only if it is a hand-off.
    this._handoff = HANDOFF_PENDING;
    this._set('restarting', HANDOFF_PENDING);
    const why = await handoffs.take(pid).catch(() => null);
    if (generation !== this._generation || this._stopping) return true;
    this._handoff = null;
    if (!why) return false;
    this._handoff = why;
    this._reason = why;
    if (this._options.decide) this._options.decide({ kind: 'handoff', token: generation, why });
    else this.end(generation, 'stopped', why, null);
    return true;
  }

  /** The decision on a crash: a restart after `delayMs`; at its time, `decide` asks the reconcile step again. */
  restartIn(token: number, delayMs: number, reason: string, streak: CrashStreak): void {
    if (token !== this._generation || this._stopping || this._pid !== null) return;
    this._streak = streak;
    this._nextRestartAt = this._deps.clock.now() + delayMs;
    this._set('restarting', reason);
    this._restartTimer = this._deps.clock.setTimeout(() => {
      this._restartTimer = null;
      if (this._state === 'restarting' && token === this._generation)
        this._options.decide?.({ kind: 'restart-due', token });
    }, delayMs);
  }

  /** The restart that fell due, still wanted. */
  async respawn(token: number): Promise<void> {
    if (this._state !== 'restarting' || token !== this._generation || this._stopping) return;
    this._restarts++;
    await this._spawn();
  }

  /** A port-blocked refusal whose holder is gone: nothing runs, and the reason says the port is free again. */
  unblock(reason: string): void {
    if (this._state !== 'port-blocked' || this._pid !== null || this._spawning) return;
    this._set('stopped', reason);
  }

  /** The decision on a crash or a due restart: the process stays down (`stopped`, or `crash-looping`). */
  end(token: number, state: 'stopped' | 'crash-looping', reason: string, streak: CrashStreak | null): void {
    if (token !== this._generation || this._stopping || this._pid !== null) return;
    if (streak) this._streak = streak;
    this._nextRestartAt = null;
    this._set(state, reason);
    this._settle();
  }

  /** SIGTERM, the grace period (none when forced), SIGKILL of the group, then a check that the ports are free. */
  stop(options: { force?: boolean } = {}): Promise<void> {
    if (this._stopping) return this._stopping;
    this._stopping = this._stop(options.force ?? false).finally(() => {
      this._stopping = null;
    });
    return this._stopping;
  }

  protected async _stop(asked: boolean): Promise<void> {
    const force = asked || this._hurried;
    const clock = this._deps.clock;
    // A spawn on its way finishes first, so the child it produces is the one stopped (never left untracked).
    if (this._spawning) await this._spawning;
    clock.clearTimeout(this._restartTimer);
    clock.clearTimeout(this._pollTimer);
    this._restartTimer = null;
    this._nextRestartAt = null;
    this._handoff = null;
    const pid = this._pid;
    if (pid === null) {
      this._owner = null;
      this._set('stopped', null);
      this._settle();
      return;
    }
    this._set('stopping', null);
    let reason: string | null = null;
    this._deps.signal(pid, 'SIGTERM', this._group);
    if (!(await this._waitExit(pid, force ? 0 : this._options.terms.graceMs()))) {
      this._deps.signal(pid, 'SIGKILL', this._group);
      reason = force
        ? 'force-stopped (SIGKILL)'
        : `did not stop within ${this._options.terms.graceMs() / 1000} s; killed`;
      if (!(await this._waitExit(pid, 5000))) reason = `pid ${pid} survived SIGKILL`;
    }
    if (this._pid === pid) {
      // An adopted process: no exit event came, record the stop ourselves.
      this._pid = null;
      this._lastExit = { code: null, signal: null, meaning: 'stopped', at: clock.now() };
      this._options.reports.spawned?.(null);
    }
    this._generation++;
    // The footprint must be released (an orphaned Chrome would keep its CDP port).
    const deadline = clock.now() + this._readiness.releaseWaitMs;
    let held = await this._deps.footprintListeners();
    while (held.length && clock.now() < deadline) {
      await sleep(clock, 100);
      held = await this._deps.footprintListeners();
    }
    if (held.length) {
      reason = `stopped, but ${held.map((l) => `${l.port}${l.pid ? ` (pid ${l.pid}${l.command ? ` ${l.command}` : ''})` : ''}`).join(', ')} still held`;
    }
    this._owner = null;
    this._health = { live: false, ready: false, failing: [], checkedAt: clock.now() };
    this._set('stopped', reason);
    this._settle();
  }

  /** A stop under way skips the rest of its grace, and a later one has none (a second Ctrl-C on `serve`). */
  hurry(): void {
    this._hurried = true;
    if (this._stopping && this._pid !== null) this._deps.signal(this._pid, 'SIGKILL', this._group);
  }

  /** Stops watching without touching the process (quit policy "leave running"). */
  detach(): void {
    this._generation++;
    this._deps.clock.clearTimeout(this._pollTimer);
    this._deps.clock.clearTimeout(this._restartTimer);
  }

  protected async _waitExit(pid: number, ms: number): Promise<boolean> {
    const clock = this._deps.clock;
    const gone = () => this._pid !== pid || !this._deps.isAlive(pid);
    if (gone()) return true;
    const deadline = clock.now() + ms;
    if (this._child) {
      // A child of ours reports its exit; wait for that (or the deadline).
      return new Promise<boolean>((resolve) => {
        const timer = clock.setTimeout(() => resolve(gone()), ms);
        this._exitWaiters.push(() => {
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
}
