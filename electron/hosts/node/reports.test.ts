import { describe, expect, it } from 'vitest';
import { remoteCore } from '../../cli/core.ts';
import { SNAPSHOT_VERSION, commandSchemas, type CommandReply } from '../../contract/contract.ts';
import { gatewayStatus, profileView, snapshot } from '../../contract/fixtures.ts';
import { checkResult, resultSchemas } from '../../contract/commands.ts';
import type { ControlClient } from '../../supervisor/node/control.ts';
import { checkEvent, checkSnapshot, upgradeSnapshot } from './reports.ts';

const full = () =>
  snapshot({
    version: SNAPSHOT_VERSION,
    profiles: [profileView('alpha', 21000)],
    gateways: [gatewayStatus('alpha', 21000, { state: 'ready', pid: 42, owner: 'lobsterpot' })],
  });

describe('results and events are checked where they cross a boundary', () => {
  it('every command has a result schema beside its arguments', () => {
    expect(Object.keys(resultSchemas).sort()).toEqual(Object.keys(commandSchemas).sort());
  });

  it("another host's snapshot was cast, not checked: one that is not the contract's is refused", () => {
    expect(checkSnapshot(full())).toEqual(full());
    const broken = full();
    expect(checkSnapshot({ ...broken, gateways: [{ profile: 'alpha', state: 'ready' }] })).toBeNull();
    expect(checkSnapshot({ ...broken, gateways: [{ ...broken.gateways[0], state: 'on fire' }] })).toBeNull();
    expect(checkSnapshot({ ...broken, profiles: 'alpha' })).toBeNull();
    expect(checkSnapshot(null)).toBeNull();
    // A field a newer host adds is dropped, not carried.
    expect(checkSnapshot({ ...full(), somethingNew: 1 })).toEqual(full());
  });

  it("a version-0 host's gateways without the isolation features' fields get none of each", () => {
    const { version: _version, ...v0 } = full();
    const older = {
      ...v0,
      gateways: v0.gateways.map(
        ({ supervisor: _s, versions: _v, watchdog: _w, doctor: _d, phase: _p, pendingRestart: _r, ...gateway }) =>
          gateway,
      ),
    };
    expect(checkSnapshot(older)).toEqual(full());
    expect(checkSnapshot({ ...older, version: SNAPSHOT_VERSION })).toBeNull();
  });

  it("an older host's snapshot is brought up by its version, not guessed", () => {
    const { version: _version, ...v0 } = full();
    const older = {
      ...v0,
      gateways: v0.gateways.map(({ phase: _phase, pendingRestart: _pending, ...gateway }) => gateway),
    };
    expect(checkSnapshot(older)).toEqual(full());
    // A versioned snapshot is what it says: a missing field is an error, not filled in.
    expect(checkSnapshot({ ...older, version: SNAPSHOT_VERSION })).toBeNull();
    expect(upgradeSnapshot('text')).toBe('text');
  });

  it('an event is one of the union, checked by its type', () => {
    const status = gatewayStatus('alpha', 21000);
    expect(checkEvent({ type: 'gateway-state', status })).toEqual({ type: 'gateway-state', status });
    expect(checkEvent({ type: 'gateway-state' })).toBeNull();
    expect(checkEvent({ type: 'gateway-state', status: { profile: 'alpha', state: 'ready' } })).toBeNull();
    expect(checkEvent({ type: 'no-such-event' })).toBeNull();
    expect(checkEvent({ type: 'warning', message: 'disk full' })).toEqual({ type: 'warning', message: 'disk full' });
  });

  it("the control socket's reply is parsed with its command's result schema", async () => {
    const reply = (result: unknown): CommandReply => ({ ok: true, result });
    let next: CommandReply = reply(gatewayStatus('alpha', 21000));
    const client: Pick<ControlClient, 'info' | 'call' | 'close'> = {
      info: { pid: 1, kind: 'serve', url: null, endpoint: '', since: 0 },
      call: async () => next,
      close: () => undefined,
    };
    const core = remoteCore(client);
    await expect(core.execute('gateway.start', { name: 'alpha' })).resolves.toMatchObject({ profile: 'alpha' });
    next = reply({ profile: 'alpha', state: 'ready' });
    await expect(core.execute('gateway.start', { name: 'alpha' })).rejects.toThrow(
      /^the supervisor answered gateway.start with something else: reason: is required/,
    );
    expect(() => checkResult('ports.suggest', { port: 'x' }, 'box')).toThrow(
      'box answered ports.suggest with something else: port: must be a number (got "x")',
    );
  });
});
