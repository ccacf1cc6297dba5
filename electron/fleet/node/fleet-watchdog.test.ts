// The fleet's watchdog wiring: it looks on a timer, and also at every change a gateway publishes, so that an outage
// ends when the gateway is ready, even for less time than one timed look.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GatewayState, LobsterpotEvent } from '../../contract/contract.ts';
import type { ProfileRuntime } from '../../gateways/node/profile-runtime.ts';
import { RunRecords } from '../../gateways/node/run-records.ts';
import { FakeClock } from '../../platform/node/clock.ts';
import { SettingsStore } from '../../settings/node/settings.ts';
import { Fleet } from './fleet.ts';

async function fleetOf(states: Record<string, GatewayState>, lookEveryMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lp-fleet-watchdog-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ watchdogAfterMs: 10_000 }));
  const settings = await SettingsStore.load(join(dir, 'settings.json'));
  const records = new RunRecords(dir);
  for (const name of Object.keys(states))
    await records.update(name, () => ({ intent: { wanted: 'running', at: 0, by: 'cli' } }));
  const clock = new FakeClock(0);
  const events: LobsterpotEvent[] = [];
  // Only what the watchdog reads of a runtime: its name and its gateway's state.
  const runtime = (name: string) => ({ name, gateway: { state: states[name] } }) as unknown as ProfileRuntime;
  let fleet: Fleet | null = null;
  fleet = new Fleet({
    host: { env: {}, home: dir },
    clock,
    store: { settings, records },
    gateways: {
      all: () => Object.keys(states).map(runtime),
      get: (name: string) => runtime(name),
      // As compose.ts wires it: every publication tells the fleet that a gateway changed.
      publish: () => fleet?.gatewayChanged(),
      restart: () => Promise.reject(new Error('not in this test')),
    },
    emit: (event) => events.push(event),
  });
  fleet.startWatchdog(lookEveryMs);
  /** A gateway's state changes and is published, as the reconcile step does. */
  const change = async (name: string, state: GatewayState) => {
    states[name] = state;
    fleet?.gatewayChanged();
    await clock.advance(0);
  };
  const warnings = () => events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
  return { fleet, clock, change, warnings };
}

describe('the fleet’s watchdog', () => {
  it('a gateway ready for less than one timed look kept its old outage: the next one was alerted only at the repeat, 2 min later', async () => {
    // Looks every 60 s; alerts after 10 s not ready.
    const { fleet, clock, change, warnings } = await fleetOf({ main: 'starting' }, 60_000);
    await clock.advance(60_000);
    await clock.advance(60_000);
    expect(warnings()).toEqual(['main is meant to run but has not been ready for 1 min (now starting)']);
    // Ready at 125 s, killed at 126 s: between two timed looks.
    await clock.advance(5_000);
    await change('main', 'ready');
    expect(fleet.watchdog.status('main')).toBeNull();
    await clock.advance(1_000);
    await change('main', 'stopped');
    // The new outage is alerted after the set 10 s (at the next look), not at the old outage's repeat (245 s).
    await clock.advance(60_000);
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]).toBe('main is meant to run but has not been ready for 1 min (now stopped)');
    expect(fleet.watchdog.status('main')).toMatchObject({ since: 126_000, alerts: 1 });
    fleet.stop();
  });
});
