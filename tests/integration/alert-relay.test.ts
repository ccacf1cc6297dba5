// Issue 25, alerts through a gateway, against real OpenClaw gateways: main dies, the watchdog's alert goes out
// through rescue's gateway (OpenClaw's `send` RPC). These machines reach no channel: the real answer is OpenClaw's
// refusal for the channel, which must be a channel/delivery error and not a refusal of the request's shape.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayStatus, HistoryEntry } from '../../electron/contract/contract.ts';
import { signalGroup } from '../../electron/platform/node/processes.ts';
import { withRpc } from '../../electron/gateways/node/probes.ts';
import type { Manager } from '../../electron/supervisor/node/manager.ts';
import { World } from './world.ts';

/** What a refusal of the request itself reads like (a schema or protocol error), as opposed to one about delivery. */
const PROTOCOL_ERROR =
  /invalid (send )?params|must have required|unexpected propert|schema|unknown method|not allowed/i;

describe("the watchdog's alert through another gateway (real gateways)", () => {
  let world: World;
  let manager: Manager;
  const status = (name: string) => manager.snapshot().gateways.find((g) => g.profile === name) as GatewayStatus;

  beforeAll(async () => {
    world = await World.create({ watchdogAfterMs: 10_000 });
    manager = await world.manager({ timing: { watchdogIntervalMs: 1000 } });
    await manager.execute('profiles.create', { name: 'main' });
    await manager.execute('profiles.create', { name: 'rescue' });
    await Promise.all([
      manager.execute('gateway.start', { name: 'main' }),
      manager.execute('gateway.start', { name: 'rescue' }),
    ]);
  });
  afterAll(() => world?.dispose());

  it('a dead main bot is reported through rescue: the attempt and the gateway’s real answer are in main’s history', async () => {
    await manager.execute('settings.update', {
      alertProfile: 'rescue',
      alertChannel: 'telegram',
      alertTarget: '123456789',
    });
    await manager.execute('profiles.setFlags', { name: 'main', flags: { restartOnCrash: false } });
    const pid = status('main').pid as number;
    signalGroup(pid, 'SIGKILL');
    const started = Date.now();
    const entry = await world
      .until(
        'the alert through rescue in main’s history',
        async () => {
          const { entries } = await manager.execute('history.get', { name: 'main', limit: 50 });
          return entries.find((e: HistoryEntry) => e.cause?.kind === 'alert');
        },
        90_000,
      )
      .catch(async (error: unknown) => {
        const { entries } = await manager.execute('history.get', { name: 'main', limit: 50 });
        console.log('warnings:', JSON.stringify(world.events.filter((e) => e.type === 'warning')));
        console.log('main:', JSON.stringify(status('main')), 'history:', JSON.stringify(entries));
        throw error;
      });
    console.log(`alert relayed ${Date.now() - started} ms after the kill:`, JSON.stringify(entry));
    expect(entry.cause?.by).toBe('watchdog alert through rescue');
    expect(entry.reason).toMatch(/^alert not delivered to telegram 123456789: /);
    const answer = entry.reason?.replace(/^alert not delivered to telegram 123456789: /, '') ?? '';
    expect(answer).toMatch(/channel|telegram|deliver/i);
    expect(answer).not.toMatch(PROTOCOL_ERROR);
    expect(answer).not.toMatch(/^not sent/);
    expect(status('rescue').state).toBe('ready');
  });

  it('the same RPC with a malformed request is refused as such (what the assertion above tells apart)', async () => {
    const rescue = manager.snapshot().profiles.find((p) => p.name === 'rescue')!;
    const token = readFileSync(rescue.configPath, 'utf8').match(/"token":\s*"([^"]+)"/)?.[1] ?? null;
    const error = await withRpc(status('rescue').port, token, (rpc) => rpc.call('send', { to: 'x' }, 10_000), {
      admin: true,
    }).catch((e: Error) => e.message);
    console.log('send without idempotencyKey:', error);
    expect(String(error)).toMatch(PROTOCOL_ERROR);
  });
});
