import { describe, expect, it } from 'vitest';
import type { DoctorRun, ExitRecord, GatewayState } from '../../contract/contract.ts';
import type { HistoryEntry } from '../common/history.ts';
import { DOCTOR_ARGS, doctorOffered, doctorReport, runDoctor, type DoctorDeps } from './doctor.ts';

const exit78: ExitRecord = { code: 78, signal: null, meaning: 'config error (exit 78)', at: 10 };

function world(options: { retry: GatewayState; doctor?: DoctorRun | null; history?: HistoryEntry[] }) {
  const calls: string[] = [];
  const saved: DoctorRun[] = [];
  let state: GatewayState = 'config-error';
  let doctor = options.doctor ?? null;
  const deps: DoctorDeps = {
    profile: 'ops',
    status: () => ({ state, lastExit: exit78 }),
    record: async () => ({ doctor, history: options.history ?? [] }),
    run: async (args) => {
      calls.push(args.join(' '));
      return { code: 0, stdout: '\u001b[32mFixed: gateway.mode set to local\u001b[0m\n', stderr: '', timedOut: false };
    },
    save: async (run) => void (saved.push(run), (doctor = run)),
    start: async () => {
      calls.push('start');
      return (state = options.retry);
    },
    changed: () => void calls.push(`changed (retry: ${doctor?.retry ?? 'none'})`),
    now: () => 1000,
  };
  return { deps, calls, saved };
}

describe('the doctor after an exit 78', () => {
  it('runs doctor --fix once, shows what it said, retries the start once, and records both', async () => {
    const { deps, calls, saved } = world({ retry: 'ready' });
    const run = await runDoctor(deps);
    // The window hears of the run, and of its retry once saved (it kept "then one start: not tried").
    expect(calls).toEqual([DOCTOR_ARGS.join(' '), 'changed (retry: none)', 'start', 'changed (retry: ready)']);
    expect(DOCTOR_ARGS).toEqual(['doctor', '--fix', '--yes', '--non-interactive']);
    expect(run).toEqual({ at: 1000, code: 0, report: ['Fixed: gateway.mode set to local'], retry: 'ready' });
    expect(saved.map((r) => r.retry)).toEqual([null, 'ready']);
  });

  it('never loops: a second run in the same episode is refused, without running anything', async () => {
    const { deps, calls } = world({ retry: 'config-error' });
    await runDoctor(deps);
    await expect(runDoctor(deps)).rejects.toThrow(/already ran for ops.*fix the config by hand/);
    expect(calls.filter((call) => !call.startsWith('changed'))).toEqual([DOCTOR_ARGS.join(' '), 'start']);
  });

  it('is offered only for exit 78, and again only after the gateway was up since the last run', () => {
    const last: DoctorRun = { at: 5, code: 0, report: [], retry: 'ready' };
    expect(doctorOffered({ state: 'config-error', lastExit: exit78 }, { doctor: null, history: [] })).toBe(true);
    expect(
      doctorOffered({ state: 'config-error', lastExit: { ...exit78, code: 1 } }, { doctor: null, history: [] }),
    ).toBe(false);
    expect(doctorOffered({ state: 'config-error', lastExit: exit78 }, { doctor: last, history: [] })).toBe(false);
    const upSince = [{ at: 7, state: 'ready' as const, reason: null }];
    expect(doctorOffered({ state: 'config-error', lastExit: exit78 }, { doctor: last, history: upSince })).toBe(true);
  });

  it('keeps the words of its boxed output, masks long secrets, and says when it timed out', () => {
    const boxed =
      '◇  Gateway ───╮\n│                │\n│  Config auto-restored from backup  │\n├──────╯\n└  Doctor complete.\n';
    expect(doctorReport({ code: 0, stdout: boxed, stderr: '', timedOut: false })).toEqual([
      'Gateway',
      'Config auto-restored from backup',
      'Doctor complete.',
    ]);
    expect(doctorReport({ code: 0, stdout: `token: ${'a'.repeat(48)}\n`, stderr: '', timedOut: false })).toEqual([
      'token: …',
    ]);
    expect(doctorReport({ code: null, stdout: '', stderr: '', timedOut: true })).toEqual(['doctor timed out']);
    const long = doctorReport({
      code: 0,
      stdout: Array.from({ length: 500 }, (_, i) => `l${i}`).join('\n'),
      stderr: '',
      timedOut: false,
    });
    expect(long).toHaveLength(200);
    expect([long[0], long[150], long.at(-1)]).toEqual(['l0', '…', 'l499']);
  });
});
