import { describe, expect, it } from 'vitest';
import type { GatewayState } from '../../contract/contract.ts';
import { defaultSettings } from '../../contract/settings.ts';
import { uptime } from '../../gateways/common/history.ts';
import type { SendRequest } from '../../gateways/node/runtime-rpc.ts';
import { alertRouteOf, relayAlert, relayEntry, type RelayDeps } from './alert-relay.ts';

const route = { profile: 'rescue', channel: 'telegram', target: '123456789' };

/** The fleet as the relay sees it, with a fake `send` RPC that records each request and answers `answer`. */
function fleet(states: Record<string, GatewayState>, answer: (request: SendRequest) => Promise<unknown>) {
  const sent: { via: string; request: SendRequest }[] = [];
  const deps: RelayDeps = {
    route,
    via: (name) => {
      const found = Object.keys(states).find((n) => n.toLowerCase() === name.toLowerCase());
      return found ? { name: found, state: states[found] as GatewayState } : null;
    },
    send: (via, request) => {
      sent.push({ via, request });
      return answer(request);
    },
    now: () => 1_000,
  };
  return { deps, sent };
}

describe("the watchdog's alert through another gateway (issue 25)", () => {
  it("sends OpenClaw's `send` through the rescue gateway to the owner's chat, and keeps its answer", async () => {
    const { deps, sent } = fleet({ main: 'crash-looping', rescue: 'ready' }, async () => ({ messageId: 'm1' }));
    const message = 'main is meant to run but has not been ready for 2 min (now crash-looping)';
    const attempt = await relayAlert(deps, 'main', message);
    expect(sent).toEqual([
      {
        via: 'rescue',
        request: {
          channel: 'telegram',
          to: '123456789',
          message: `Lobsterpot: ${message}`,
          idempotencyKey: 'lobsterpot-watchdog-main-1000',
        },
      },
    ]);
    expect(attempt).toEqual({ via: 'rescue', sent: true, answer: '{"messageId":"m1"}' });
  });

  it('never sends through the gateway that is down, nor through one that is not running', async () => {
    const { deps, sent } = fleet({ Rescue: 'crash-looping', main: 'stopped' }, async () => ({}));
    expect(await relayAlert(deps, 'rescue', 'x')).toEqual({
      via: 'Rescue',
      sent: false,
      answer: 'not sent: Rescue is the gateway that is down',
    });
    expect(await relayAlert(deps, 'main', 'x')).toMatchObject({
      sent: false,
      answer: 'not sent: Rescue is crash-looping',
    });
    expect(await relayAlert({ ...deps, via: () => null }, 'main', 'x')).toMatchObject({
      answer: 'not sent: no profile named rescue',
    });
    expect(sent).toEqual([]);
  });

  it("the gateway's error is the attempt's answer (no channel here), and nothing is sent without a whole route", async () => {
    const { deps } = fleet({ rescue: 'ready' }, async () => {
      throw new Error('Unknown channel: telegram');
    });
    const attempt = await relayAlert(deps, 'main', 'x');
    expect(attempt).toEqual({ via: 'rescue', sent: false, answer: 'Unknown channel: telegram' });
    expect(await relayAlert({ ...deps, route: null }, 'main', 'x')).toBeNull();
    expect(alertRouteOf(defaultSettings())).toBeNull();
    expect(alertRouteOf({ alertProfile: 'rescue', alertChannel: 'telegram', alertTarget: null })).toBeNull();
    expect(alertRouteOf({ alertProfile: 'rescue', alertChannel: 'telegram', alertTarget: '1' })).toEqual({
      profile: 'rescue',
      channel: 'telegram',
      target: '1',
    });
  });

  it("the attempt in the down profile's history never changes how its time counts", async () => {
    const entry = relayEntry(
      route,
      { via: 'rescue', sent: false, answer: 'Unknown channel: telegram' },
      'stopped',
      3000,
    );
    expect(entry).toEqual({
      at: 3000,
      state: 'stopped',
      reason: 'alert not delivered to telegram 123456789: Unknown channel: telegram',
      cause: { kind: 'alert', by: 'watchdog alert through rescue' },
    });
    // A start by the restart policy at 1000 that never got ready (down since), then the alert's entry at 3000 with the
    // state it was in: still down after it (an alert entry read as a person's start counted the outage as starting).
    const stuck = {
      at: 1000,
      state: 'starting' as const,
      reason: null,
      cause: { kind: 'policy' as const, by: 'restart policy' },
    };
    const alert = relayEntry(route, { via: 'rescue', sent: false, answer: 'x' }, 'starting', 3000);
    const before = uptime([stuck], 5000, 5000);
    expect(uptime([stuck, alert], 5000, 5000)).toEqual(before);
    expect(before.downMs).toBe(4000);
  });
});
