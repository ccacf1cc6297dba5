// One profile's reconcile step, run on its job queue's reconcile lane: every observation marks the profile dirty;
// one step at a time reads the spec, decides (reconcile.ts) and acts on the process, then publishes once. Marks that
// come while a step runs are merged into one more step.
import { decide, type Blocked, type Pending, type Spec } from '../common/reconcile.ts';

const noSpec: Spec = { intent: null, restartOnCrash: false, autostart: false };
import { defaultRestartPolicy, type RestartPolicy } from '../common/restart-policy.ts';
import type { GatewayProcess } from './gateway-process.ts';

export interface ReconcileHooks {
  /** What is wanted, read fresh: another Lobsterpot process may have recorded a person's stop. */
  spec(): Spec | Promise<Spec>;
  /** A person's stop (or delete) is queued or running. */
  stopping(): boolean;
  /** A start refused as port-blocked, with its holder's fate (read now). */
  blocked(): Blocked | null;
  /** The end of every step: the one publication of the profile's state, and its run record written once. */
  publish(): void | Promise<void>;
  policy?: Partial<RestartPolicy> | undefined;
  random(): number;
  onError(error: unknown): void;
}

export class Reconciler {
  readonly #gateway: GatewayProcess;
  readonly #hooks: ReconcileHooks;
  readonly #policy: RestartPolicy;
  /** The last fact that calls for a decision (a newer one replaces it: the latest observation wins). */
  #pending: Pending | null = null;
  #dirty = false;
  #running: Promise<void> | null = null;

  constructor(gateway: GatewayProcess, hooks: ReconcileHooks) {
    this.#gateway = gateway;
    this.#hooks = hooks;
    this.#policy = { ...defaultRestartPolicy, ...hooks.policy };
  }

  /** Something was observed: the profile is dirty, and a step runs (after the one running, if any). */
  observe(pending?: Pending): void {
    if (pending) this.#pending = pending;
    this.#dirty = true;
    this.#running ??= this.#run();
  }

  /** Resolves once no step is running or due. */
  settled(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  async #run(): Promise<void> {
    // Observations made in the same turn are one step.
    await Promise.resolve();
    try {
      while (this.#dirty) {
        this.#dirty = false;
        await this.#step().catch((error: unknown) => this.#hooks.onError(error));
      }
    } finally {
      this.#running = null;
    }
  }

  async #step() {
    const pending = this.#pending;
    this.#pending = null;
    const blocked = this.#hooks.blocked();
    if (pending || blocked?.gone) {
      const spec = pending ? await this.#hooks.spec() : null;
      const input = { spec: spec ?? noSpec, pending, blocked, stopping: this.#hooks.stopping() };
      const decision = decide(input, this.#policy, this.#hooks.random);
      const gateway = this.#gateway;
      if (decision.kind === 'unblock') gateway.unblock(decision.reason);
      if (decision.kind === 'restart')
        gateway.restartIn(decision.token, decision.delayMs, decision.reason, decision.streak);
      else if (decision.kind === 'end') gateway.end(decision.token, decision.state, decision.reason, decision.streak);
      else if (decision.kind === 'respawn') void gateway.respawn(decision.token);
    }
    await this.#hooks.publish();
  }
}
