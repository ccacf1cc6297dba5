// The gateway process tests' world: one GatewayProcess over fake children on a fake clock, its restarts decided by a
// Reconciler as in a profile's runtime, and what it reported (states, statuses, start phases).
import { FakeClock } from '../../platform/node/clock.ts';
import { GatewayProcess, type GatewayDeps, type ProcessStatus } from './gateway-process.ts';
import { FakeProcesses, type FakeChild } from './testing.ts';
import type { HealthProbe } from './probes.ts';
import { Reconciler } from './reconciler.ts';
import { emptyRecord } from '../common/record.ts';

export class Harness {
  readonly clock = new FakeClock();
  readonly processes = new FakeProcesses(this.clock, { firstPid: 1000 });
  throwOnChange = false;
  readonly states: string[] = [];
  /** Every status the process reported with a change, as it was at that moment. */
  readonly reported: ProcessStatus[] = [];
  /** Each start phase seen, as `name detail @ms since the harness began`. */
  readonly phases: string[] = [];
  readonly #began = this.clock.now();
  restartOnCrash = true;
  /** The reconcile step's jitter: none, the delays are the policy's own. */
  random = () => 0.5;
  graceMs = 30_000;

  /** In-memory children: each spawn makes one; the test decides when it answers /readyz and how it exits. */
  get children(): FakeChild[] {
    return this.processes.children;
  }
  /** Resolves the spawn when called; by default spawns resolve at once. */
  set holdSpawn(hold: Promise<void> | null) {
    this.processes.hold = hold;
  }
  set onSpawn(onSpawn: (child: FakeChild) => void) {
    this.processes.onSpawn = onSpawn;
  }

  readonly deps: GatewayDeps = {
    clock: this.clock,
    ...this.processes.effects,
    probe: async (): Promise<HealthProbe> => {
      const child = this.children.at(-1);
      return child?.alive && !child.hung
        ? { live: true, ready: child.ready, failing: child.ready ? [] : ['startup'] }
        : { live: false, ready: null, failing: [] };
    },
    footprintListeners: async () => [],
    describeProcess: async () => 'process state T (stopped)',
  };

  readonly gateway = new GatewayProcess(this.deps, {
    profile: 'alpha',
    terms: { port: () => 41000, graceMs: () => this.graceMs },
    // The restart after a crash is the reconcile step's decision (reconciler.ts), as in a profile's runtime.
    decide: (pending) => this.reconciler.observe({}, pending),
    reports: {
      changed: (process) => {
        this.reported.push(process.status);
        if (this.states.at(-1) !== process.state) this.states.push(process.state);
        const phase = process.status.phase;
        const seen = phase
          ? `${phase.name}${phase.detail ? ` ${phase.detail}` : ''} @${phase.since - this.#began}`
          : null;
        if (seen && this.phases.at(-1) !== seen) this.phases.push(seen);
        if (this.throwOnChange) throw new Error('a subscriber failed');
      },
      error: () => {},
    },
  });

  readonly reconciler: Reconciler = new Reconciler(
    emptyRecord('alpha', 41000),
    { gateway: this.gateway, clock: this.clock },
    {
      spec: () => ({ intent: null, restartOnCrash: this.restartOnCrash, autostart: false }),
      stopping: () => false,
      look: () => ({ process: this.gateway.status }),
      alive: () => false,
    },
    { publish: () => {}, onError: () => {} },
    { random: () => this.random() },
  );
}

/** When a fake child starts answering /readyz 200, in fake-clock time. */
export const READY_AFTER_MS = 1000;
