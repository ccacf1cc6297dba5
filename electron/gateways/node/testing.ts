// The one fake process world of the gateway tests: children that a spawn makes on a fake clock, each living until it
// exits, with what it was sent and whether it answers. The tests decide readiness and exits; SIGKILL ends at once.
import { sleep, type FakeClock } from '../../platform/node/clock.ts';
import type { GatewayChild, GatewayDeps, GatewayExit } from './gateway-policy.ts';

export interface FakeChild {
  pid: number;
  /** The fake clock's time when it was spawned. */
  born: number;
  alive: boolean;
  /** Answers /readyz as ready (for a probe that asks the child). */
  ready: boolean;
  /** Alive but answering nothing (SIGSTOP, a hung event loop). */
  hung: boolean;
  signals: string[];
  output: string[];
  exit(exit: GatewayExit): void;
}

export interface FakeProcessOptions {
  /** How long a spawn takes (default: at once). */
  spawnMs?: number;
  /** A SIGTERM ends the child after this long with code 0; null: only the test ends it (default). */
  termExitMs?: number | null;
  firstPid?: number;
}

export class FakeProcesses {
  readonly children: FakeChild[] = [];
  /** The most children alive at one time. */
  maxLive = 0;
  /** Resolves the spawn when it settles; null: spawns go on. */
  hold: Promise<void> | null = null;
  onSpawn: (child: FakeChild) => void = () => {};
  readonly #clock: FakeClock;
  readonly #options: FakeProcessOptions;
  #nextPid: number;

  constructor(clock: FakeClock, options: FakeProcessOptions = {}) {
    this.#clock = clock;
    this.#options = options;
    this.#nextPid = options.firstPid ?? 100;
  }

  get spawns(): number {
    return this.children.length;
  }

  /** Every child alive now, by pid, with the way to end it. */
  get live(): Map<number, (exit: GatewayExit) => void> {
    return new Map(this.children.filter((c) => c.alive).map((c) => [c.pid, (exit) => c.exit(exit)]));
  }

  find(pid: number | null): FakeChild | undefined {
    return this.children.find((c) => c.pid === pid);
  }

  /** The effects a GatewayProcess takes from this world: spawn, signal, isAlive. */
  readonly effects: Pick<GatewayDeps, 'spawn' | 'signal' | 'isAlive'> = {
    spawn: async (): Promise<GatewayChild> => {
      if (this.hold) await this.hold;
      if (this.#options.spawnMs) await sleep(this.#clock, this.#options.spawnMs);
      let settle!: (exit: GatewayExit) => void;
      const exit = new Promise<GatewayExit>((resolve) => (settle = resolve));
      const child: FakeChild = {
        pid: this.#nextPid++,
        born: this.#clock.now(),
        alive: true,
        ready: false,
        hung: false,
        signals: [],
        output: [],
        exit: (e) => {
          if (!child.alive) return;
          child.alive = false;
          settle(e);
        },
      };
      this.children.push(child);
      this.maxLive = Math.max(this.maxLive, this.live.size);
      this.onSpawn(child);
      return { pid: child.pid, exit, output: async () => child.output };
    },
    signal: (pid, signal) => {
      const child = this.find(pid);
      child?.signals.push(signal);
      if (!child?.alive) return;
      if (signal === 'SIGKILL') child.exit({ code: null, signal: 'SIGKILL' });
      else if (this.#options.termExitMs != null)
        this.#clock.setTimeout(() => child.exit({ code: 0, signal: null }), this.#options.termExitMs);
    },
    isAlive: (pid) => this.find(pid)?.alive === true,
  };
}
