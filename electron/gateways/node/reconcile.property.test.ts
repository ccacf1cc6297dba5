// The reconcile loop under any interleaving of observations (exits, probe answers, file events, listener changes) and
// of commands from several clients, on a fake clock with fake processes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../contract/contract.ts';
import { FakeClock } from '../../platform/node/clock.ts';
import type { Spec } from '../common/reconcile.ts';
import { emptyRecord, statusOf, type GatewayRecord } from '../common/record.ts';
import { GatewayProcess } from './gateway-process.ts';
import { ProfileSupervisor } from './jobs.ts';
import { Reconciler } from './reconciler.ts';
import { FakeProcesses } from './testing.ts';

const CLIENTS = ['cli', 'window', 'app'];

/** One profile: a spawn takes 50 ms, a process answers ready while `healthy`, exits 100 ms after SIGTERM. */
class World {
  readonly clock = new FakeClock();
  readonly processes = new FakeProcesses(this.clock, { spawnMs: 50, termExitMs: 100 });
  healthy = true;
  /** The run record on "disk": a person's intent, as every Lobsterpot process reads it. */
  intent: Spec['intent'] = null;
  /** Every status the reconcile steps published, in order, with the record it was published from. */
  readonly published: { status: GatewayStatus; record: GatewayRecord }[] = [];
  readonly gateway: GatewayProcess;
  readonly supervisor: ProfileSupervisor;
  readonly reconciler: Reconciler;

  get live() {
    return this.processes.live;
  }
  get maxLive() {
    return this.processes.maxLive;
  }
  get spawns() {
    return this.processes.spawns;
  }

  constructor() {
    const clock = this.clock;
    this.gateway = new GatewayProcess(
      {
        clock,
        ...this.processes.effects,
        probe: async () => {
          const up = this.processes.find(this.gateway.pid)?.alive === true;
          return { live: up, ready: up && this.healthy, failing: up && !this.healthy ? ['startup'] : [] };
        },
        footprintListeners: async () => [],
      },
      {
        profile: 'alpha',
        terms: { port: () => 41000, graceMs: () => 1000 },
        decide: (pending) => this.reconciler.observe({}, pending),
        reports: {
          changed: (process) => this.reconciler.observe({ process: process.status, active: this.gateway.isActive }),
        },
      },
    );
    this.supervisor = new ProfileSupervisor(this.gateway, {
      checks: {
        preflight: async () => (this.gateway.isActive ? 'running' : 'spawn'),
        checkRestart: async () => {},
        activeWork: async () => ({ work: null, error: null }),
      },
      clock,
      beforeStop: async () => {},
      lock: async () => async () => {},
      intend: async (wanted, author) => {
        this.intent = { wanted, author: { by: author ?? 'serve', from: null, at: clock.now() } };
        this.reconciler.want({ intent: this.intent });
      },
    });
    this.reconciler = new Reconciler(
      emptyRecord('alpha', 41000),
      { gateway: this.gateway, clock },
      {
        spec: () => ({ intent: this.intent, restartOnCrash: true, autostart: false }),
        stopping: () => this.supervisor.stopping,
        look: () => ({ process: this.gateway.status, active: this.gateway.isActive }),
        alive: () => false,
      },
      {
        publish: (record) => void this.published.push({ status: statusOf(record), record }),
        onError: (error) => {
          throw error;
        },
      },
      { random: () => 0.5 },
    );
    this.supervisor.afterEachJob = () => this.reconciler.observe();
  }
}

type Step =
  | { kind: 'start'; client: number }
  | { kind: 'restart'; client: number }
  | { kind: 'stop'; client: number; force: boolean }
  | { kind: 'exit' }
  | { kind: 'probe'; healthy: boolean }
  | { kind: 'look' }
  | { kind: 'remote-stop' }
  | { kind: 'wait'; ms: number };

const client = fc.integer({ min: 0, max: CLIENTS.length - 1 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  client.map<Step>((c) => ({ kind: 'start', client: c })),
  client.map<Step>((c) => ({ kind: 'restart', client: c })),
  fc.tuple(client, fc.boolean()).map<Step>(([c, force]) => ({ kind: 'stop', client: c, force })),
  fc.constant<Step>({ kind: 'exit' }),
  fc.boolean().map<Step>((healthy) => ({ kind: 'probe', healthy })),
  // A file event or a listener scan: nothing new about the process, the profile is looked at again.
  fc.constant<Step>({ kind: 'look' }),
  // A person's stop from another Lobsterpot process (a CLI with its own Manager): recorded, then the signal.
  fc.constant<Step>({ kind: 'remote-stop' }),
  fc.integer({ min: 0, max: 1500 }).map<Step>((ms) => ({ kind: 'wait', ms })),
);

describe('reconcile', () => {
  it('under any interleaving: one process at most, the published state is the latest, a person’s stop is never undone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), async (steps) => {
        const world = new World();
        let open = 0;
        const pending: Promise<unknown>[] = [];
        const track = (promise: Promise<unknown>) => {
          open++;
          pending.push(promise.catch(() => null).finally(() => open--));
        };
        for (const step of steps) {
          if (step.kind === 'start') track(world.supervisor.start(CLIENTS[step.client]));
          else if (step.kind === 'restart') track(world.supervisor.restart(CLIENTS[step.client]));
          else if (step.kind === 'stop') track(world.supervisor.stop(step.force, CLIENTS[step.client]));
          else if (step.kind === 'exit') for (const exit of world.live.values()) exit({ code: 1, signal: null });
          else if (step.kind === 'probe') {
            world.healthy = step.healthy;
            world.gateway.nudge();
          } else if (step.kind === 'look') world.reconciler.observe();
          else if (step.kind === 'remote-stop' && !world.supervisor.busy) {
            // Another process acts under the profile's lock, which a job here holds while busy: only between jobs.
            world.intent = { wanted: 'stopped', author: { by: 'cli', from: 'pid 2', at: world.clock.now() } };
            for (const exit of world.live.values()) exit({ code: 0, signal: 'SIGTERM' });
          } else if (step.kind === 'wait') await world.clock.advance(step.ms);
          expect(world.live.size).toBeLessThanOrEqual(1);
        }
        // Quiet: every command done (a start may wait out its 90 s), every restart fallen due, every step run.
        world.healthy = true;
        for (let i = 0; i < 100 && (open > 0 || world.gateway.state === 'restarting'); i++)
          await world.clock.advance(5000);
        await Promise.allSettled(pending);
        // An exit's report is on its way for a few turns (its output is read first): one more look lets it land.
        await world.clock.advance(5000);
        await world.reconciler.settled();
        const spawnsAtRest = world.spawns;

        expect(world.maxLive).toBeLessThanOrEqual(1);
        expect([...world.live.keys()].filter((pid) => pid !== world.gateway.pid)).toEqual([]);
        // The published state is a function of the record: each publication is statusOf the record it came from.
        for (const { status, record } of world.published) expect(status).toEqual(statusOf(record));
        // ... and of the latest observations: the last publication is what a fresh look at the process gives now.
        // (A probe that changes nothing is not a change: only its time, health.checkedAt, may be newer.)
        const unchecked = <T extends { health: object }>(s: T) => ({ ...s, health: { ...s.health, checkedAt: 0 } });
        const last = world.published.at(-1);
        const now = statusOf(world.reconciler.ask());
        expect(unchecked(last?.record.observed.process.value ?? world.gateway.status)).toEqual(
          unchecked(world.gateway.status),
        );
        expect(unchecked(last?.status ?? now)).toEqual(unchecked(now));
        // Each observation kept its time: nothing in the record is from after now.
        for (const seen of Object.values(world.reconciler.record.observed))
          expect(seen.at).toBeLessThanOrEqual(world.clock.now());
        if (world.intent?.wanted === 'stopped') {
          // A stop made here is in the record as what is wanted, with its author, before any signal.
          if (world.intent.author.from === null) expect(world.reconciler.record.spec.intent).toEqual(world.intent);
          // The person's stop stands: nothing runs, and no crash or look brings the gateway back.
          expect(world.live.size).toBe(0);
          for (const exit of world.live.values()) exit({ code: 1, signal: null });
          world.reconciler.observe();
          await world.clock.advance(120_000);
          expect(world.spawns).toBe(spawnsAtRest);
          expect(world.gateway.isActive).toBe(false);
        }
      }),
      { numRuns: 200, interruptAfterTimeLimit: 15_000 },
    );
  }, 60_000);
});
