// The state a gateway's process machine keeps, its status, and how it changes state and tells so. The layers above
// it: health-watch.ts (probes, readiness, unresponsive) and gateway-process.ts (spawn, adopt, exit, stop).
import type { ExitRecord, GatewayOwner, GatewayState, StartPhase, StartPhaseName } from '../../contract/contract.ts';
import { unknownHealth } from '../../contract/status.ts';
import { STATES } from '../../contract/states.ts';
import { noStreak, type CrashStreak } from '../common/restart-policy.ts';
import {
  defaultReadinessPolicy,
  type GatewayChild,
  type GatewayDeps,
  type GatewayProcessOptions,
  type ProcessStatus,
  type ReadinessPolicy,
} from './gateway-policy.ts';

export abstract class ProcessCore {
  readonly profile: string;
  protected readonly _deps: GatewayDeps;
  protected readonly _options: GatewayProcessOptions;
  protected readonly _readiness: ReadinessPolicy;

  protected _state: GatewayState = 'stopped';
  protected _reason: string | null = null;
  protected _pid: number | null = null;
  /** Whether signals go to the pid's whole group (true for every gateway Lobsterpot spawned). */
  protected _group = true;
  protected _owner: GatewayOwner | null = null;
  protected _child: GatewayChild | null = null;
  protected _startedAt: number | null = null;
  /** Told to hurry: every stop from now on skips the grace. */
  protected _hurried = false;
  protected _readyAt: number | null = null;
  protected _restarts = 0;
  protected _lastExit: ExitRecord | null = null;
  protected _nextRestartAt: number | null = null;
  protected _health: ProcessStatus['health'] = unknownHealth();
  protected _phase: StartPhase | null = null;
  /** This process's version answered /startupz at least once, or never will (false): not asked again then. */
  protected _servesStartupz: boolean | null = null;
  /** Lobsterpot sent the SIGKILL that ended the process, and why: a crash reason names who killed it. */
  protected _killedBy: string | null = null;

  /** The crashes in a row (restart-policy.ts). */
  protected _streak: CrashStreak = noStreak();
  /** The last time the gateway answered a probe at all (live), and since when this process is watched. */
  protected _lastAnswerAt: number | null = null;
  protected _watchedSince: number | null = null;
  /** A spawn on its way: a stop waits for it, so the child it produces is stopped rather than left untracked. */
  protected _spawning: Promise<void> | null = null;
  /** Bumped for every process, so callbacks of an older one are ignored. */
  protected _generation = 0;
  protected _pollTimer: unknown = null;
  /** A probe is on its way; a nudge meanwhile asks for another one right after it. */
  protected _probing = false;
  protected _nudged = false;
  /** Until then a starting gateway is probed every FOLLOW_POLL_MS: it has just logged a line that reads like ready. */
  protected _followUntil = 0;
  protected _restartTimer: unknown = null;
  protected _stopping: Promise<void> | null = null;
  protected _timedOut = false;
  /** Why OpenClaw asked for the restart under way (a consumed hand-off), until the new process is up or gone. */
  protected _handoff: string | null = null;
  protected _waiters: (() => void)[] = [];
  protected _exitWaiters: (() => void)[] = [];

  constructor(deps: GatewayDeps, options: GatewayProcessOptions) {
    this.profile = options.profile;
    this._deps = deps;
    this._options = options;
    this._readiness = { ...defaultReadinessPolicy, ...options.terms.readiness };
  }

  /** The cause of the restart under way when OpenClaw asked for it (a consumed hand-off); else null. */
  get handoff(): string | null {
    return this._handoff;
  }

  get status(): ProcessStatus {
    return {
      state: this._state,
      reason: this._reason,
      pid: this._pid,
      owner: this._owner,
      startedAt: this._startedAt,
      readyAt: this._readyAt,
      restarts: this._restarts,
      lastExit: this._lastExit,
      nextRestartAt: this._nextRestartAt,
      health: this._health,
      phase: this._phase,
    };
  }

  get state(): GatewayState {
    return this._state;
  }

  get pid(): number | null {
    return this._pid;
  }

  /** A process is there (or about to be, while a spawn is on its way or a restart is scheduled). */
  get isActive(): boolean {
    return this._pid !== null || this._spawning !== null || this._state === 'restarting';
  }

  protected _schedulePoll(generation: number, ms: number) {
    this._deps.clock.clearTimeout(this._pollTimer);
    this._pollTimer = this._deps.clock.setTimeout(() => void this._poll(generation), ms);
  }

  /** A phase named `name` from now, or the current one when it has that name already (its `since` is kept). */
  protected _phaseAt(name: StartPhaseName, detail: string | null): StartPhase {
    const since = this._phase?.name === name ? this._phase.since : this._deps.clock.now();
    return { name, since, detail };
  }

  protected _whenSettled(): Promise<ProcessStatus> {
    if (STATES[this._state].settled && this._state !== 'stopped') return Promise.resolve(this.status);
    return new Promise((resolve) => this._waiters.push(() => resolve(this.status)));
  }

  protected _settle() {
    for (const wake of this._waiters.splice(0)) wake();
  }

  protected _set(state: GatewayState, reason: string | null) {
    // A phase belongs to a start: it ends with it (a ready gateway keeps `ready` until it leaves that state).
    if (state !== 'starting' && !(state === 'ready' && this._phase?.name === 'ready')) this._phase = null;
    if (state === this._state && reason === this._reason) return;
    this._state = state;
    this._reason = reason;
    this._emit();
  }

  protected _emit() {
    try {
      this._options.reports.changed(this);
    } catch (error) {
      this._options.reports.error?.(error);
    }
  }

  /** One look at the process (health-watch.ts). */
  protected abstract _poll(generation: number): Promise<void>;
}
