// One profile's reconcile step, run on its job queue's reconcile lane. The Reconciler keeps the profile's record: every
// observation updates it and marks the profile dirty; one step at a time reads the spec, decides (reconcile.ts), acts
// on the process, takes a fresh look and publishes the record once. Marks that come while a step runs are one more step.
import type { Clock } from '../../platform/node/clock.ts';
import { decide, type Pending, type Spec } from '../common/reconcile.ts';
import { blockedOf, withFacts, withSpec, type Facts, type GatewayRecord, type RecordSpec } from '../common/record.ts';
import { defaultRestartPolicy, type RestartPolicy } from '../common/restart-policy.ts';
import type { GatewayProcess } from './gateway-process.ts';

/** What the step reads besides the record: the wanted state on disk, a stop on its way, the facts read on looking. */
export interface ReconcileReads {
  /** What is wanted, read fresh: another Lobsterpot process may have recorded a person's stop. */
  spec(): Spec | Promise<Spec>;
  /** A person's stop (or delete) is queued or running. */
  stopping(): boolean;
  /** The facts read whenever the profile is looked at (the process, its ports, the watchdog, …). */
  look(): Partial<Facts>;
  /** Whether a pid still lives (a port-blocked refusal's holder). */
  alive(pid: number): boolean;
}

/** The end of every step: the one publication of the profile's record (its status, history and run record). */
export interface ReconcileOutput {
  publish(record: GatewayRecord): void | Promise<void>;
  onError(error: unknown): void;
}

export interface ReconcilePolicy {
  restart?: Partial<RestartPolicy> | undefined;
  random(): number;
}

export class Reconciler {
  readonly #gateway: GatewayProcess;
  readonly #clock: Clock;
  readonly #reads: ReconcileReads;
  readonly #output: ReconcileOutput;
  readonly #policy: RestartPolicy;
  readonly #random: () => number;
  #record: GatewayRecord;
  /** The last fact that calls for a decision (a newer one replaces it: the latest observation wins). */
  #pending: Pending | null = null;
  #dirty = false;
  #running: Promise<void> | null = null;

  constructor(
    record: GatewayRecord,
    parts: { gateway: GatewayProcess; clock: Clock },
    reads: ReconcileReads,
    output: ReconcileOutput,
    policy: ReconcilePolicy,
  ) {
    this.#record = record;
    this.#gateway = parts.gateway;
    this.#clock = parts.clock;
    this.#reads = reads;
    this.#output = output;
    this.#policy = { ...defaultRestartPolicy, ...policy.restart };
    this.#random = policy.random;
  }

  /** The record as last observed. */
  get record(): GatewayRecord {
    return this.#record;
  }

  /** Something was observed: the record takes the facts, the profile is dirty, and a step runs (after the running one). */
  observe(facts: Partial<Facts> = {}, pending?: Pending): void {
    this.#record = withFacts(this.#record, facts, this.#clock.now());
    if (pending) this.#pending = pending;
    this.#dirty = true;
    this.#running ??= this.#run();
  }

  /** What is wanted changed (a person's command with its author, a flag, whom the gateway was taken on for). */
  want(spec: Partial<RecordSpec>): void {
    this.#record = withSpec(this.#record, spec);
    this.#dirty = true;
    this.#running ??= this.#run();
  }

  /** A fresh look for someone who asks (a snapshot, a command's reply): the looked-at facts, read now, are kept. */
  ask(): GatewayRecord {
    this.#record = withFacts(this.#record, this.#reads.look(), this.#clock.now());
    return this.#record;
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
        await this.#step().catch((error: unknown) => this.#output.onError(error));
      }
    } finally {
      this.#running = null;
    }
  }

  async #step() {
    const pending = this.#pending;
    this.#pending = null;
    const blocked = blockedOf(this.ask(), this.#reads.alive);
    if (pending || blocked?.gone) {
      if (pending) this.#record = withSpec(this.#record, await this.#reads.spec());
      const { spec } = this.#record;
      const input = { spec, pending, blocked, stopping: this.#reads.stopping() };
      const decision = decide(input, this.#policy, this.#random);
      const gateway = this.#gateway;
      if (decision.kind === 'unblock') gateway.unblock(decision.reason);
      if (decision.kind === 'restart')
        gateway.restartIn(decision.token, decision.delayMs, decision.reason, decision.streak);
      else if (decision.kind === 'end') gateway.end(decision.token, decision.state, decision.reason, decision.streak);
      else if (decision.kind === 'respawn') void gateway.respawn(decision.token);
    }
    // What was done is seen before it is told: the publication is of the record after the step.
    await this.#output.publish(this.ask());
  }
}
