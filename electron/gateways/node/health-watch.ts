// The watching of a live gateway: readiness probes while it starts (nudged by its log), health polls once it is up,
// the start phases, and `unresponsive` for a live process that stops answering.
import type { StartupProbe, HealthProbe } from './probes.ts';
import type { GatewayExit } from './gateway-policy.ts';
import { ProcessCore } from './process-core.ts';
import { STATES } from '../../contract/states.ts';

/** After a ready-like log line, how long and how often a starting gateway is probed (its /readyz may lag the line). */
const FOLLOW_MS = 300;
const FOLLOW_POLL_MS = 25;

export abstract class HealthWatch extends ProcessCore {
  /**
   * The gateway printed something. While it starts, look now rather than at the next poll: OpenClaw logs its
   * `[gateway] ready` line a few ms after /readyz turns 200, so readiness is seen within ms instead of a poll step.
   */
  nudge(readyLike = true): void {
    if (this._pid === null || this._stopping) return;
    // The ready line may come a hair before /readyz turns 200: then look again soon, not a whole poll step later.
    if (readyLike && this._state === 'starting') this._followUntil = this._deps.clock.now() + FOLLOW_MS;
    // A ready gateway that logs may have changed its readiness: look, at most once per health poll period.
    const settled = STATES[this._state].applies;
    if (settled && this._deps.clock.now() - (this._health.checkedAt ?? 0) < this._readiness.healthPollMs) return;
    if (this._state !== 'starting' && !settled) return;
    if (this._probing) this._nudged = true;
    else this._schedulePoll(this._generation, 0);
  }

  /** When to look again at a gateway that is up: rarely at a ready child of ours that answered (see healthPollMs). */
  protected _healthPollAfter(probe: HealthProbe): number {
    const quiet = this._child !== null && this._state === 'ready' && probe.ready === true;
    return quiet
      ? Math.max(this._readiness.healthPollMs, this._readiness.unresponsiveAfterMs / 2)
      : this._readiness.healthPollMs;
  }

  protected async _poll(generation: number): Promise<void> {
    this._probing = true;
    this._nudged = false;
    try {
      await this._pollOnce(generation);
    } finally {
      this._probing = false;
    }
    if (this._nudged && generation === this._generation) {
      this._nudged = false;
      this.nudge();
    }
  }

  protected async _pollOnce(generation: number): Promise<void> {
    if (generation !== this._generation || this._pid === null || this._stopping) return;
    const pid = this._pid;
    if (!this._child && !this._deps.isAlive(pid)) {
      // An adopted gateway has no exit event: its death shows here.
      void this._onExit(generation, { code: null, signal: null });
      return;
    }
    const probe = await this._deps.probe(this._options.terms.port());
    if (generation !== this._generation || this._stopping) return;
    const now = this._deps.clock.now();
    this._health = { live: probe.live, ready: probe.ready, failing: probe.failing, checkedAt: now };
    if (probe.live) this._lastAnswerAt = now;
    else if (await this._isUnresponsive(generation, pid, now)) return;

    if (this._state === 'unresponsive') {
      // It answers again: back to what it was, by what it says now.
      const back = this._owner !== 'lobsterpot' ? 'external' : this._readyAt === null ? 'starting' : 'degraded';
      this._set(back, null);
    }

    if (this._state === 'starting') {
      if (probe.ready) {
        this._readyAt = now;
        this._streak = { ...this._streak, failedStarts: 0 };
        const took = this._startedAt === null ? null : now - this._startedAt;
        this._phase = this._phaseAt('ready', took === null ? null : `in ${(took / 1000).toFixed(1)} s`);
        this._set('ready', null);
        this._settle();
        this._schedulePoll(generation, this._healthPollAfter(probe));
        return;
      }
      if (probe.live && (await this._startupPhase(generation, probe))) return;
      const elapsed = now - (this._startedAt ?? now);
      const failing = probe.failing.length
        ? `; failing: ${probe.failing.join(', ')}`
        : probe.live
          ? ''
          : '; not listening yet';
      // Only a child of ours is failed for slowness: an adopted gateway's start time is not its start attempt.
      if (this._child && elapsed >= this._readiness.failAfterMs) {
        this._timedOut = true;
        this._reason = `not ready after ${Math.round(elapsed / 1000)} s${failing}`;
        this._killedBy = `Lobsterpot (${this._reason})`;
        this._deps.signal(pid, 'SIGKILL', this._group);
        return;
      }
      if (elapsed >= this._readiness.warnAfterMs) {
        this._set('starting', `not ready after ${Math.round(elapsed / 1000)} s${failing}`);
      }
      const following = now < this._followUntil;
      this._schedulePoll(
        generation,
        following
          ? FOLLOW_POLL_MS
          : elapsed < this._readiness.fastPhaseMs
            ? this._readiness.fastPollMs
            : this._readiness.slowPollMs,
      );
      return;
    }

    if (STATES[this._state].applies) {
      if (probe.ready) this._set('ready', null);
      else if (!probe.live) this._set('degraded', 'not answering /readyz');
      else this._set('degraded', probe.failing.length ? `failing: ${probe.failing.join(', ')}` : 'not ready');
    } else if (this._state === 'external') {
      this._reason = probe.live ? null : 'not answering /readyz';
      this._emit();
    }
    this._schedulePoll(generation, this._healthPollAfter(probe));
  }

  /**
   * A live gateway that is not ready yet: listening, or starting up by its own /startupz (asked only now, and not again
   * for a process whose version does not serve it). True when the process changed meanwhile (the poll is over).
   */
  protected async _startupPhase(generation: number, probe: HealthProbe): Promise<boolean> {
    let startup: StartupProbe | null = null;
    if (this._deps.startup && this._servesStartupz !== false) {
      startup = await this._deps.startup(this._options.terms.port()).catch(() => null);
      if (generation !== this._generation || this._stopping || this._state !== 'starting') return true;
      this._servesStartupz = startup !== null || this._servesStartupz === true ? true : false;
    }
    const waiting = probe.failing.length ? `waiting for ${probe.failing.join(', ')}` : null;
    const next =
      startup === null
        ? this._phaseAt('listening', waiting)
        : this._phaseAt('starting-up', startup.status === 'starting' ? (startup.pendingReason ?? waiting) : waiting);
    const before = this._phase;
    if (before?.name !== next.name || before.detail !== next.detail) {
      this._phase = next;
      this._emit();
    }
    return false;
  }

  /**
   * A live process that has not answered for `unresponsiveAfterMs` (hung, or stopped with SIGSTOP) is `unresponsive`,
   * with the evidence; it is never killed for it. A child of ours that is still starting is judged by `failAfterMs`.
   */
  protected async _isUnresponsive(generation: number, pid: number, now: number): Promise<boolean> {
    const since = this._lastAnswerAt ?? (this._child ? null : this._watchedSince);
    if (since === null || now - since < this._readiness.unresponsiveAfterMs) return false;
    const seen = await this._deps.describeProcess?.(pid).catch(() => null);
    if (generation !== this._generation || this._stopping) return true;
    const silent = Math.round((now - since) / 1000);
    this._health = { ...this._health, live: false, ready: false };
    this._set(
      'unresponsive',
      `pid ${pid} is alive but has not answered on port ${this._options.terms.port()} for ${silent} s${seen ? `; ${seen}` : ''}`,
    );
    this._schedulePoll(generation, this._readiness.healthPollMs);
    return true;
  }

  /** The process is gone (an adopted one shows it only to a poll). */
  protected abstract _onExit(generation: number, exit: GatewayExit): Promise<void>;
}
