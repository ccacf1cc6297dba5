// `lobsterpot restart <p> --safe [--wait <seconds>]` (issue 25: drain-aware restart) against a fake core.
import { describe, expect, it } from 'vitest';
import { LobsterpotError, parseArgs } from '../contract/contract.ts';
import { gatewayStatus } from '../contract/fixtures.ts';
import { cli, fakeCore } from './testing.ts';

const ready = gatewayStatus('alpha', 21000, { state: 'ready', pid: 4242, owner: 'lobsterpot' });

describe('restart --safe', () => {
  it('sends whenIdle with the bound (default 300 s, or --wait), and prints what it waited for', async () => {
    const { core, calls } = fakeCore({
      'gateway.restart': () => ({ ...ready, activeWork: '1 active gateway request(s): ws:agent', waitedMs: 12_000 }),
    });
    const run = await cli(['restart', 'alpha', '--safe', '--wait', '30'], core);
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toBe(
      'alpha: ready — waited 12s until its active work ended (1 active gateway request(s): ws:agent)',
    );
    await cli(['restart', 'alpha', '--safe'], core);
    await cli(['restart', 'alpha'], core);
    expect(calls.map((c) => c.args)).toEqual([
      { name: 'alpha', whenIdle: { waitSeconds: 30 } },
      { name: 'alpha', whenIdle: {} },
      { name: 'alpha' },
    ]);
    expect(parseArgs('gateway.restart', calls[1]?.args)).toEqual({ name: 'alpha', whenIdle: { waitSeconds: 300 } });
  });

  it('a wait that is not bounded, or --safe with --all, is refused before anything is sent', async () => {
    const { core, calls } = fakeCore();
    const zero = await cli(['restart', 'alpha', '--safe', '--wait', '0'], core);
    expect(zero).toMatchObject({ code: 3, err: expect.stringContaining('--wait: must be at least 1') });
    const long = await cli(['restart', 'alpha', '--safe', '--wait', '86400'], core);
    expect(long.err).toContain('--wait: must be at most 3600 (an hour): the wait is bounded');
    expect((await cli(['restart', '--all', '--safe'], core)).err).toContain('restart: --safe does not go with --all');
    expect(calls).toEqual([]);
  });

  it('still busy at the bound: the refusal is said, exit 3, and the result of an immediate restart notes its work', async () => {
    const refusal = 'alpha: not restarted, it keeps running: after waiting 30 s it still reports active work: x';
    const { core } = fakeCore({
      'gateway.restart': (args) => {
        if ((args as { whenIdle?: unknown }).whenIdle) throw new LobsterpotError('refused', refusal);
        return { ...ready, activeWork: '2 active tasks', waitedMs: null };
      },
    });
    expect(await cli(['restart', 'alpha', '--safe', '--wait', '30'], core)).toMatchObject({
      code: 3,
      out: `alpha: refused — ${refusal}`,
    });
    expect((await cli(['restart', 'alpha'], core)).out).toBe(
      'alpha: ready — it had active work (2 active tasks); it drained first',
    );
  });
});
