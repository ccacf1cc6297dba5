// The watchdog: looks at every gateway meant to run (a person's recorded intent) on a timer, and raises an alert when
// one has not been ready for the set time, then again with backoff until someone acknowledges it (common/history.ts).
import type { GatewayState, WatchdogStatus } from '../../contract/contract.ts';
import { STATES } from '../../contract/states.ts';
import { quietWatchdog, watchdogStep, type WatchdogPolicy, type WatchdogState } from '../../gateways/common/history.ts';
import type { Clock } from '../../platform/node/clock.ts';

export interface WatchedGateway {
  profile: string;
  state: GatewayState;
  meantToRun: boolean;
}

export class Watchdog {
  readonly #clock: Clock;
  readonly #policy: () => WatchdogPolicy;
  readonly #alert: (profile: string, status: WatchdogStatus, message: string) => void;
  readonly #states = new Map<string, WatchdogState>();

  constructor(options: {
    clock: Clock;
    policy: () => WatchdogPolicy;
    alert: (profile: string, status: WatchdogStatus, message: string) => void;
  }) {
    this.#clock = options.clock;
    this.#policy = options.policy;
    this.#alert = options.alert;
  }

  /** One look at every gateway; returns the profiles whose watchdog status changed. */
  check(gateways: readonly WatchedGateway[]): string[] {
    const now = this.#clock.now();
    const changed: string[] = [];
    for (const gateway of gateways) {
      const before = this.#states.get(gateway.profile) ?? quietWatchdog();
      const ready = STATES[gateway.state].healthy;
      const { state, alert } = watchdogStep(before, { meantToRun: gateway.meantToRun, ready }, now, this.#policy());
      this.#states.set(gateway.profile, state);
      if (state.since !== before.since || state.alerts !== before.alerts) changed.push(gateway.profile);
      if (alert) {
        const minutes = Math.round((now - (state.since ?? now)) / 60_000);
        this.#alert(
          gateway.profile,
          this.status(gateway.profile) as WatchdogStatus,
          `${gateway.profile} is meant to run but has not been ready for ${minutes} min (now ${gateway.state})`,
        );
      }
    }
    for (const profile of this.#states.keys())
      if (!gateways.some((g) => g.profile === profile)) this.#states.delete(profile);
    return changed;
  }

  /** No gateway is meant to run and not ready: nothing for a timer to look at. */
  get idle(): boolean {
    return [...this.#states.values()].every((state) => state.since === null);
  }

  /** Stops the repeats until the gateway is ready again (or no longer meant to run). */
  acknowledge(profile: string): boolean {
    const state = this.#states.get(profile);
    if (!state || state.since === null) return false;
    this.#states.set(profile, { ...state, acknowledged: true });
    return true;
  }

  status(profile: string): WatchdogStatus | null {
    const state = this.#states.get(profile);
    // Shown from the first alert on: a gateway that is merely starting is no news.
    if (!state || state.since === null || state.alerts === 0) return null;
    return { since: state.since, alerts: state.alerts, nextAt: state.nextAt, acknowledged: state.acknowledged };
  }
}
