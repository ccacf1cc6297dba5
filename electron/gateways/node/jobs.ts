// One profile's supervisor: the commands on it run one at a time, merged the way systemd merges jobs — a start on a
// pending start joins it, a stop cancels pending starts and stops whatever a running start spawned, a restart is one
// job — so at most one gateway process per profile exists, whatever the number of clients. Every job holds the
// profile's cross-process lock, so two Lobsterpot processes (two CLI commands) cannot race either.
import { LobsterpotError, type GatewayState } from '../../contract/contract.ts';
import { sleep, type Clock } from '../../platform/node/clock.ts';
import { idleTimeoutText, waitForIdle, type WorkReading } from '../common/drain.ts';
import type { GatewayProcess, ProcessStatus } from './gateway-process.ts';

/** What the gateway and its config answer before a job acts on it. */
export interface JobChecks {
  /** Checks before a spawn; throws to refuse. `running`: a live gateway of this profile was found (and adopted). */
  preflight(): Promise<'spawn' | 'running'>;
  /** Before a restart stops anything: throws when the gateway could not start again (a broken config, say). */
  checkRestart(): Promise<void>;
  /** Active work the gateway reports (its restart preflight), in words, or why it could not be asked. */
  activeWork(): Promise<WorkReading>;
}

export interface SupervisorHooks {
  checks: JobChecks;
  /** Right before the process is signalled (a service-owned gateway is stopped through its service). */
  beforeStop(): Promise<void>;
  /** An exclusive lock on the profile across processes, held for one job; resolves to its release. */
  lock(): Promise<() => Promise<void>>;
  /** Records what a person asked for (and who: `by`, when a client named itself), so no supervisor undoes it. */
  intend(wanted: 'running' | 'stopped', by: string | null): Promise<void>;
  /** Time for a when-idle restart's bounded wait. */
  clock: Clock;
}

export interface RestartResult {
  status: ProcessStatus;
  /** The active work seen when the restart began (a when-idle restart waited for it to end). */
  activeWork: string | null;
  /** How long a when-idle restart waited; null for an immediate one. */
  waitedMs: number | null;
}

export interface StopResult {
  state: GatewayState;
  activeWork: string | null;
}

const noop = () => undefined;

type JobKind = 'start' | 'stop' | 'restart' | 'exclusive';

interface Job {
  kind: JobKind;
  force: boolean;
  /** Who asked, when the client named itself (`mcp (rescue)`); null: this process's own origin. */
  by: string | null;
  cancelled: boolean;
  run: (job: Job) => Promise<unknown>;
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class ProfileSupervisor {
  readonly gateway: GatewayProcess;
  readonly #hooks: SupervisorHooks;
  /** The running job first, then the queued ones. */
  readonly #jobs: Job[] = [];

  constructor(gateway: GatewayProcess, hooks: SupervisorHooks) {
    this.gateway = gateway;
    this.#hooks = hooks;
  }

  /** Whether a command is running or queued. */
  get busy(): boolean {
    return this.#jobs.length > 0;
  }

  /** A person's stop (or a delete) is running or queued: no reconcile step restarts the gateway meanwhile. */
  get stopping(): boolean {
    return this.#jobs.some((job) => job.kind === 'stop' || job.kind === 'exclusive');
  }

  /** Runs after every job: a reconcile step looks at the profile again (level-triggered). */
  afterEachJob: (() => void) | null = null;

  /** Who asked for the running job, when its client named itself. */
  get author(): string | null {
    return this.#jobs[0]?.by ?? null;
  }

  /** Resolves once every job queued so far has run, whatever each one's outcome. */
  idle(): Promise<void> {
    const last = this.#jobs.at(-1);
    return last ? last.promise.then(noop, noop) : Promise.resolve();
  }

  /** Starts the gateway, or joins the start (or restart) already on its way. */
  start(by: string | null = null): Promise<ProcessStatus> {
    const last = this.#jobs.at(-1);
    if (last && !last.cancelled && (last.kind === 'start' || last.kind === 'restart'))
      return last.promise as Promise<ProcessStatus>;
    return this.#enqueue('start', false, by, (job) => this.#runStart(job)) as Promise<ProcessStatus>;
  }

  /** Stops the gateway: pending starts are cancelled, and a child a running start spawned is stopped too. */
  stop(force = false, by: string | null = null): Promise<StopResult> {
    this.#cancelStarts(force);
    const last = this.#jobs.at(-1);
    if (last && last.kind === 'stop' && (last.force || !force)) return last.promise as Promise<StopResult>;
    return this.#enqueue('stop', force, by, (job) => this.#runStop(job, true)) as Promise<StopResult>;
  }

  /**
   * Stop and start as one job; refused before anything is stopped when the gateway could not start again. With
   * `whenIdle` it first waits, at most `timeoutMs`, until the gateway reports no active work; still busy then, it is
   * refused and nothing is stopped. The wait holds no lock (another process may stop the gateway meanwhile: then it
   * stays stopped), and a stop here cancels it.
   */
  restart(by: string | null = null, whenIdle: { timeoutMs: number } | null = null): Promise<RestartResult> {
    const last = this.#jobs.at(-1);
    if (last && !last.cancelled && last.kind === 'restart' && !whenIdle) return last.promise as Promise<RestartResult>;
    return this.#enqueue('restart', false, by, async (job) => {
      await this.#hooks.checks.checkRestart();
      const running = this.gateway.pid !== null;
      const wait = whenIdle && running ? await this.#waitForIdle(job, whenIdle.timeoutMs) : null;
      const release = await this.#hooks.lock();
      try {
        const result = (status: ProcessStatus): RestartResult => ({
          status,
          activeWork: wait?.first ?? null,
          waitedMs: wait ? wait.waitedMs : null,
        });
        // Stopped meanwhile (here or by another process): it stays stopped, and nothing was waited for.
        if (job.cancelled || (wait && this.gateway.pid === null))
          return { status: this.gateway.status, activeWork: null, waitedMs: null };
        const { activeWork } = await this.#stopSteps(false, false);
        if (job.cancelled) return result(this.gateway.status);
        return { ...result(await this.#startSteps(job)), activeWork: wait ? wait.first : activeWork };
      } finally {
        await release();
      }
    }) as Promise<RestartResult>;
  }

  async #waitForIdle(job: Job, timeoutMs: number) {
    const { clock } = this.#hooks;
    const wait = await waitForIdle(
      {
        read: () => this.#hooks.checks.activeWork(),
        now: () => clock.now(),
        sleep: (ms) => sleep(clock, ms),
        cancelled: () => job.cancelled,
      },
      timeoutMs,
    );
    if (wait.outcome === 'timeout') throw new LobsterpotError('refused', idleTimeoutText(this.gateway.profile, wait));
    return wait;
  }

  /**
   * Runs `work` alone on this profile after everything queued before it (pending starts are cancelled), under the
   * lock; `stop` inside it stops the gateway without queueing (delete stops, checks, then moves the state dir).
   */
  exclusive<T>(work: (stop: (force: boolean) => Promise<StopResult>) => Promise<T>): Promise<T> {
    this.#cancelStarts(false);
    return this.#enqueue('exclusive', false, null, async () => {
      const release = await this.#hooks.lock();
      try {
        return await work((force) => this.#stopSteps(force, true));
      } finally {
        await release();
      }
    }) as Promise<T>;
  }

  #cancelStarts(force: boolean) {
    for (const [index, job] of this.#jobs.entries()) {
      if (job.kind !== 'start' && job.kind !== 'restart') continue;
      job.cancelled = true;
      // The running start may be waiting for readiness (up to 90 s): stop its child now, not after.
      if (index === 0) void this.gateway.stop({ force }).catch(() => undefined);
    }
  }

  #enqueue(kind: JobKind, force: boolean, by: string | null, run: (job: Job) => Promise<unknown>): Promise<unknown> {
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#jobs.push({ kind, force, by, cancelled: false, run, promise, resolve, reject });
    if (this.#jobs.length === 1) void this.#drain();
    return promise;
  }

  async #drain() {
    while (this.#jobs.length) {
      const job = this.#jobs[0] as Job;
      try {
        job.resolve(job.cancelled ? this.gateway.status : await job.run(job));
      } catch (error) {
        job.reject(error);
      }
      this.#jobs.shift();
      this.afterEachJob?.();
    }
  }

  async #runStart(job: Job): Promise<ProcessStatus> {
    const release = await this.#hooks.lock();
    try {
      return await this.#startSteps(job);
    } finally {
      await release();
    }
  }

  async #startSteps(job: Job): Promise<ProcessStatus> {
    if (job.cancelled) return this.gateway.status;
    const found = await this.#hooks.checks.preflight();
    if (job.cancelled) return this.gateway.status;
    await this.#hooks.intend('running', job.by);
    if (found === 'running') return this.gateway.status;
    return this.gateway.start();
  }

  async #runStop(job: Job, byPerson: boolean): Promise<StopResult> {
    const release = await this.#hooks.lock();
    try {
      return await this.#stopSteps(job.force, byPerson, job.by);
    } finally {
      await release();
    }
  }

  async #stopSteps(force: boolean, byPerson: boolean, by: string | null = null): Promise<StopResult> {
    // Recorded before the signal: the exit that follows is never taken for a crash, by this or any supervisor.
    if (byPerson) await this.#hooks.intend('stopped', by);
    const activeWork = force || this.gateway.pid === null ? null : (await this.#hooks.checks.activeWork()).work;
    if (this.gateway.pid !== null) await this.#hooks.beforeStop();
    await this.gateway.stop({ force });
    return { state: this.gateway.state, activeWork };
  }
}
