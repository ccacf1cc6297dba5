import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, RunRecords, parseRunRecord } from './run-records.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-runs-'));
  dirs.push(dir);
  return dir;
};

describe('run records', () => {
  it('keep restarts, the last exit, intent and history across a supervisor restart (they vanished before)', async () => {
    const dataDir = temp();
    const first = new RunRecords(dataDir);
    const lastExit = { code: null, signal: 'SIGKILL', meaning: 'killed (SIGKILL)', at: 10 };
    first.note('alpha', { at: 9, state: 'ready', reason: null });
    first.note('alpha', { at: 10, state: 'restarting', reason: 'killed' });
    await first.update('alpha', () => ({ restarts: 3, lastExit, intent: { wanted: 'stopped', at: 11, by: 'cli' } }));
    const second = new RunRecords(dataDir);
    expect(await second.read('alpha')).toMatchObject({
      restarts: 3,
      lastExit,
      intent: { wanted: 'stopped', at: 11, by: 'cli' },
      history: [
        { at: 9, state: 'ready', reason: null },
        { at: 10, state: 'restarting', reason: 'killed' },
      ],
    });
  });

  it('a read racing a write put the old record back in the cache (the doctor’s retry showed "not tried")', async () => {
    const records = new RunRecords(temp());
    await records.update('alpha', () => ({ restarts: 1 }));
    for (let round = 2; round < 12; round++) {
      const writing = records.update('alpha', () => ({ restarts: round }));
      // The write has changed the cache and is on its way to the disk: a read now must not undo it.
      while (records.cached('alpha').restarts !== round) await new Promise((resolve) => setImmediate(resolve));
      const reading = records.read('alpha');
      await Promise.all([writing, reading]);
      expect(records.cached('alpha').restarts).toBe(round);
    }
  });

  it('keeps the history bounded', async () => {
    const records = new RunRecords(temp());
    for (let i = 0; i < HISTORY_LIMIT + 50; i++)
      records.note('a', { at: i, state: i % 2 ? 'ready' : 'restarting', reason: null });
    await records.update('a', () => ({}));
    expect((await records.read('a')).history).toHaveLength(HISTORY_LIMIT);
  });

  it('reads a damaged or foreign file as what it can, never a throw', async () => {
    const dataDir = temp();
    await mkdir(join(dataDir, 'runs'));
    writeFileSync(join(dataDir, 'runs', 'a.json'), '{"pid": -4, "restarts": "x", "intent": {"wanted": "maybe"}');
    expect(await new RunRecords(dataDir).read('a')).toMatchObject({ pid: null, restarts: 0, intent: null });
    expect(
      parseRunRecord('{"pid": 12, "startTime": 90519, "history": [1, {"at": 1, "state": "ready"}]}'),
    ).toMatchObject({
      pid: 12,
      startTime: 90519,
      history: [{ at: 1, state: 'ready' }],
    });
    expect(parseRunRecord('[]').pid).toBeNull();
  });

  it('a change applies to the record as another process left it (two CLI commands wrote back a stale pid)', async () => {
    const dataDir = temp();
    const first = new RunRecords(dataDir);
    const second = new RunRecords(dataDir);
    await first.update('a', () => ({ pid: 4242, startTime: 7 }));
    await second.read('a');
    await second.update('a', () => ({ pid: null, startTime: null })); // the other process saw it stop
    await first.update('a', (r) => ({ restarts: r.restarts + 1 })); // this one only counts a restart
    expect(await new RunRecords(dataDir).read('a')).toMatchObject({ pid: null, startTime: null, restarts: 1 });
  });

  it("keep each change's cause (a crash with its exit and last lines) and the last doctor run across a restart", async () => {
    const dataDir = temp();
    const first = new RunRecords(dataDir);
    const cause = {
      kind: 'crash' as const,
      by: 'killed (SIGKILL)',
      exit: { code: null, signal: 'SIGKILL' },
      lines: ['a'],
    };
    first.note('alpha', { at: 1, state: 'restarting', reason: 'killed', cause });
    const doctor = { at: 2, code: 0, report: ['fixed'], retry: 'ready' as const };
    await first.update('alpha', () => ({ doctor }));
    expect(await new RunRecords(dataDir).read('alpha')).toMatchObject({
      history: [{ at: 1, state: 'restarting', reason: 'killed', cause }],
      doctor,
    });
    const damaged = parseRunRecord(
      '{"history": [{"at": 1, "state": "nope"}, {"at": 2, "state": "ready", "cause": {"kind": "bogus"}}], "doctor": 4}',
    );
    expect(damaged).toMatchObject({ history: [{ at: 2, state: 'ready', reason: null }], doctor: null });
    expect(damaged.history[0]?.cause).toBeUndefined();
  });
});

describe('the history keeps every cause kind (issue 25)', () => {
  it('reads back an alert relayed through another gateway with its cause (the cause was dropped: kind unknown)', () => {
    const entry = {
      at: 5,
      state: 'stopped',
      reason: 'alert not delivered to telegram 1: OutboundDeliveryError: Telegram bot token missing',
      cause: { kind: 'alert', by: 'watchdog alert through rescue' },
    };
    expect(parseRunRecord(JSON.stringify({ history: [entry] })).history).toEqual([entry]);
  });
});
