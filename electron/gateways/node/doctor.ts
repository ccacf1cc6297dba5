// Exit 78 and OpenClaw's own repair: `doctor --fix --yes --non-interactive`, run once against the same environment
// as the gateway, then one retry of the start; the run is recorded before the retry, so nothing ever loops.
import { stripVTControlCharacters } from 'node:util';
import { LobsterpotError, type DoctorRun, type ExitRecord, type GatewayState } from '../../contract/contract.ts';
import { UP_STATES, type HistoryEntry } from '../common/history.ts';
import { consoleText } from './exits.ts';
import { repairable } from '../common/exit78.ts';
import type { CliResult } from '../../openclaw/node/openclaw-cli.ts';
import { openclawHint } from '../../openclaw/common/hint.ts';

/** OpenClaw's flags for an unattended repair (checked with `openclaw doctor --help` on 2026.9.6). */
export const DOCTOR_ARGS = ['doctor', '--fix', '--yes', '--non-interactive'];
const REPORT_LINES = 200;
/** The frames of OpenClaw's boxed output (`│ … │`, `◇ title ──╮`): only the words inside are kept. */
const BOX = /^[\s│┃◇◆├└┌┐╭╮╯╰─]+|[\s│┃├┤╮╯─]+$/g;

/**
 * Whether the doctor is offered: the gateway is in `config-error` from an exit 78, and the doctor has not run since
 * the gateway was last up (once per episode; a person fixes the rest by hand).
 */
export function doctorOffered(
  status: { state: GatewayState; lastExit: ExitRecord | null },
  record: { doctor: DoctorRun | null; history: readonly HistoryEntry[] },
): boolean {
  if (status.state !== 'config-error' || !repairable(status.lastExit)) return false;
  if (!record.doctor) return true;
  const lastUp = record.history.findLast((entry) => UP_STATES.includes(entry.state))?.at ?? -Infinity;
  return record.doctor.at < lastUp;
}

/** The doctor's words: without ANSI, timestamps or box frames, long secrets masked, at most 200 lines. */
export function doctorReport(result: CliResult): string[] {
  if (result.timedOut) return ['doctor timed out'];
  const lines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((line) => consoleText(stripVTControlCharacters(line)).replace(BOX, '').trim())
    .filter((line) => line && !line.startsWith('[openclaw] Debug'))
    .map((line) => line.replace(/\b[A-Za-z0-9_-]{32,}\b/g, '…'));
  // Its findings come first (the gateway's config) and its summary last: a long report keeps both ends.
  return lines.length <= REPORT_LINES ? lines : [...lines.slice(0, 150), '…', ...lines.slice(-(REPORT_LINES - 151))];
}

export interface DoctorDeps {
  profile: string;
  status(): { state: GatewayState; lastExit: ExitRecord | null };
  record(): Promise<{ doctor: DoctorRun | null; history: readonly HistoryEntry[] }>;
  run(args: string[]): Promise<CliResult>;
  save(run: DoctorRun): Promise<void>;
  /** The one retry. */
  start(): Promise<GatewayState>;
  /** Tells the windows the status changed (the run and its retry are part of it). */
  changed(): void;
  now(): number;
}

/** Runs the doctor once for this exit 78, then the start once; refuses a second run in the same episode. */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorRun> {
  const status = deps.status();
  const record = await deps.record();
  if (!doctorOffered(status, record)) {
    const last = record.doctor;
    throw new LobsterpotError(
      'refused',
      status.state !== 'config-error' || status.lastExit?.code !== 78
        ? `${deps.profile} is ${status.state}, not a config error from exit 78: the doctor is not needed`
        : !repairable(status.lastExit)
          ? `${deps.profile}'s exit 78 is no config error but ${status.lastExit.meaning}, which the doctor cannot fix: its reason says what to do`
          : `the doctor already ran for ${deps.profile} (exit ${last?.code ?? 'none'}${last?.report.length ? `: ${last.report.at(-1)}` : ''}) and the start failed again; fix the config by hand (\`${openclawHint(`--profile ${deps.profile} doctor`)}\` shows what is wrong)`,
    );
  }
  const result = await deps.run(DOCTOR_ARGS);
  const run: DoctorRun = { at: deps.now(), code: result.code, report: doctorReport(result), retry: null };
  // Saved before the retry: whatever happens next, this episode has had its doctor.
  await deps.save(run);
  deps.changed();
  const retry = await deps.start().catch(() => deps.status().state);
  const done = { ...run, retry };
  await deps.save(done);
  // The retry's own events came before this save: without a word now, a window keeps "not tried".
  deps.changed();
  return done;
}
