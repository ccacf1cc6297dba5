// Run records: what Lobsterpot knows about each profile's gateway beyond the life of one supervisor process — the pid
// it runs (with its start time, so a reused pid is never taken for it), what a person wants (intent), the restart
// counter, the last exit, a bounded history of state changes with their causes, and the last `doctor --fix` run.
// One small JSON file per profile, written atomically.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gatewayStates, type DoctorRun, type ExitRecord } from '../../contract/contract.ts';
import { CAUSE_KINDS, CAUSE_LINES, type CauseKind, type HistoryCause, type HistoryEntry } from '../common/history.ts';
import { writeFileAtomic } from '../../platform/node/fs-atomic.ts';

export type { HistoryEntry };

/** Enough for a week of a gateway that restarts a few times a day, with room for a bad night. */
export const HISTORY_LIMIT = 500;

export interface Intent {
  /** What a person last asked for. A supervisor never restarts what a person stopped. */
  wanted: 'running' | 'stopped';
  at: number;
  /** Who asked: `window`, `cli`, `policy`… (words for the history, not a decision input). */
  by: string;
  /** From where (`pid 4242`, `127.0.0.1:51234`), when the face said. */
  from?: string | null;
}

export interface RunRecord {
  /** The gateway process Lobsterpot spawned, or null once it is gone. */
  pid: number | null;
  /** The process's start time as the OS reports it (Linux: clock ticks since boot), for pid reuse checks. */
  startTime: number | null;
  startedAt: number | null;
  /** The port the process was started on (the config may say otherwise later). */
  port: number | null;
  intent: Intent | null;
  restarts: number;
  lastExit: ExitRecord | null;
  history: HistoryEntry[];
  /** The last `doctor --fix` run after an exit 78, and the one retry it led to. */
  doctor: DoctorRun | null;
}

export const emptyRecord = (): RunRecord => ({
  pid: null,
  startTime: null,
  startedAt: null,
  port: null,
  intent: null,
  restarts: 0,
  lastExit: null,
  history: [],
  doctor: null,
});

/** A record read from disk, field by field: a damaged or older file yields what it can, never a throw. */
export function parseRunRecord(text: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return emptyRecord();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return emptyRecord();
  const raw = value as Record<string, unknown>;
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  const intent = raw.intent as Record<string, unknown> | null | undefined;
  return {
    pid: int(raw.pid) || null,
    startTime: int(raw.startTime),
    startedAt: int(raw.startedAt),
    port: int(raw.port),
    intent:
      intent && (intent.wanted === 'running' || intent.wanted === 'stopped') && int(intent.at) !== null
        ? {
            wanted: intent.wanted,
            at: intent.at as number,
            by: typeof intent.by === 'string' ? intent.by : 'unknown',
            from: typeof intent.from === 'string' ? intent.from : null,
          }
        : null,
    restarts: int(raw.restarts) ?? 0,
    lastExit: isExit(raw.lastExit) ? raw.lastExit : null,
    history: Array.isArray(raw.history)
      ? (raw.history as unknown[])
          .flatMap((h) => {
            const entry = parseEntry(h);
            return entry ? [entry] : [];
          })
          .slice(-HISTORY_LIMIT)
      : [],
    doctor: parseDoctor(raw.doctor),
  };
}

function parseEntry(value: unknown): HistoryEntry | null {
  const e = value as Record<string, unknown> | null;
  if (!e || typeof e !== 'object' || typeof e.at !== 'number' || !Number.isInteger(e.at) || e.at < 0) return null;
  if (!gatewayStates.includes(e.state as never)) return null;
  const entry: HistoryEntry = {
    at: e.at,
    state: e.state as HistoryEntry['state'],
    reason: typeof e.reason === 'string' ? e.reason : null,
  };
  const cause = e.cause as Record<string, unknown> | null | undefined;
  if (cause && typeof cause === 'object' && CAUSE_KINDS.includes(cause.kind as CauseKind)) {
    const parsed: HistoryCause = { kind: cause.kind as CauseKind, by: typeof cause.by === 'string' ? cause.by : null };
    const exit = cause.exit as Record<string, unknown> | null | undefined;
    if (exit && typeof exit === 'object')
      parsed.exit = {
        code: typeof exit.code === 'number' ? exit.code : null,
        signal: typeof exit.signal === 'string' ? exit.signal : null,
      };
    if (Array.isArray(cause.lines))
      parsed.lines = cause.lines.filter((l): l is string => typeof l === 'string').slice(-CAUSE_LINES);
    entry.cause = parsed;
  }
  return entry;
}

function parseDoctor(value: unknown): DoctorRun | null {
  const d = value as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || typeof d.at !== 'number') return null;
  return {
    at: d.at,
    code: typeof d.code === 'number' ? d.code : null,
    report: Array.isArray(d.report) ? d.report.filter((l): l is string => typeof l === 'string') : [],
    retry: gatewayStates.includes(d.retry as never) ? (d.retry as DoctorRun['retry']) : null,
  };
}

function isExit(value: unknown): value is ExitRecord {
  const e = value as Record<string, unknown> | null;
  return !!e && typeof e === 'object' && typeof e.meaning === 'string' && typeof e.at === 'number';
}

/** The records of every profile under `<dataDir>/runs`, cached in memory, one write queue per profile. */
export class RunRecords {
  readonly #dir: string;
  readonly #cache = new Map<string, RunRecord>();
  /** Per profile: how many writes this process began, and how many are not finished. */
  readonly #versions = new Map<string, number>();
  readonly #writing = new Map<string, number>();
  readonly #writes = new Map<string, Promise<void>>();
  /** State changes noted since the last write. */
  readonly #notes = new Map<string, HistoryEntry[]>();

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'runs');
  }

  fileOf(profile: string): string {
    return join(this.#dir, `${profile}.json`);
  }

  /**
   * Reads the record from disk (another process may have written it). The cache takes it only when no write of this
   * process began or was under way meanwhile: a read that overtook a write would put the old record back in memory.
   */
  async read(profile: string): Promise<RunRecord> {
    const version = this.#versions.get(profile) ?? 0;
    const record = await readFile(this.fileOf(profile), 'utf8').then(parseRunRecord, () => emptyRecord());
    if ((this.#versions.get(profile) ?? 0) === version && !this.#writing.has(profile)) this.#cache.set(profile, record);
    return record;
  }

  /** The record as last read or written by this process. */
  cached(profile: string): RunRecord {
    return this.#cache.get(profile) ?? emptyRecord();
  }

  /**
   * Applies a change to the record as it is on disk now (another Lobsterpot process may have written it since) and
   * writes it; changes to one profile are written in order.
   */
  update(profile: string, change: (record: RunRecord) => Partial<RunRecord>): Promise<void> {
    const previous = this.#writes.get(profile) ?? Promise.resolve();
    this.#versions.set(profile, (this.#versions.get(profile) ?? 0) + 1);
    this.#writing.set(profile, (this.#writing.get(profile) ?? 0) + 1);
    const write = previous
      .then(async () => {
        const fresh = await readFile(this.fileOf(profile), 'utf8').then(parseRunRecord, () => emptyRecord());
        const notes = this.#notes.get(profile) ?? [];
        this.#notes.delete(profile);
        const base = { ...fresh, history: [...fresh.history, ...notes].slice(-HISTORY_LIMIT) };
        const next = { ...base, ...change(base) };
        next.history = next.history.slice(-HISTORY_LIMIT);
        this.#cache.set(profile, next);
        await mkdir(this.#dir, { recursive: true });
        await writeFileAtomic(this.fileOf(profile), JSON.stringify(next));
      })
      .catch(() => undefined) // a full disk loses a record, never the supervisor
      .finally(() => {
        const left = (this.#writing.get(profile) ?? 1) - 1;
        if (left > 0) this.#writing.set(profile, left);
        else this.#writing.delete(profile);
      });
    this.#writes.set(profile, write);
    return write;
  }

  /** Notes a state change for the history; the next update writes it. */
  note(profile: string, entry: HistoryEntry): void {
    const notes = this.#notes.get(profile) ?? [];
    const last = notes.at(-1) ?? this.cached(profile).history.at(-1);
    if (last && last.state === entry.state && last.reason === entry.reason) return;
    notes.push(entry);
    this.#notes.set(profile, notes);
  }

  async forget(profile: string): Promise<void> {
    await this.#writes.get(profile);
    this.#cache.delete(profile);
    this.#notes.delete(profile);
    await rm(this.fileOf(profile), { force: true });
  }
}
