// Per-profile log files: the gateway writes to the file directly (not a pipe, so it can outlive Lobsterpot). The file
// is rotated by rename before each start and by copy-truncate while a gateway runs; tails follow both kinds of rotation
// and a file that appears after them, keeping the last lines in memory for the window.
import { closeSync, openSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { systemClock, type Clock } from '../../platform/node/clock.ts';

export const LOG_ROTATE_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP = 3;
export const TAIL_LINES = 1000;

/** How big a log may grow and how many rotated files (`.1` … `.keep`) are kept: settings `logMaxBytes`, `logKeep`. */
export interface LogLimits {
  maxBytes: number;
  keep: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { maxBytes: LOG_ROTATE_BYTES, keep: LOG_KEEP };

export function logFileOf(dataDir: string, profile: string): string {
  return join(dataDir, 'logs', `${profile}.log`);
}

const sizeOf = (file: string) =>
  stat(file).then(
    (s) => s.size,
    () => 0,
  );

/** Drops `file.<keep>` and moves `.1` to `.2` … so that `.1` is free. */
async function shiftRotated(file: string, keep: number): Promise<void> {
  await rm(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    await rename(`${file}.${i}`, `${file}.${i + 1}`).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

/** Moves `file` to `file.1` (and `.1` to `.2` …) when it has grown past `maxBytes`; only for a file nobody writes. */
export async function rotateLog(file: string, maxBytes = LOG_ROTATE_BYTES, keep = LOG_KEEP): Promise<boolean> {
  if ((await sizeOf(file)) < maxBytes) return false;
  if (keep < 1) {
    await truncate(file, 0);
    return true;
  }
  await shiftRotated(file, keep);
  await rename(file, `${file}.1`);
  return true;
}

/** Appends `from`'s bytes after `position` to `to`; returns the position reached (the end of `from` as it was read). */
async function copyTail(from: FileHandle, to: FileHandle, position: number): Promise<number> {
  const buffer = Buffer.alloc(1024 * 1024);
  for (;;) {
    const { bytesRead } = await from.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return position;
    await to.write(buffer, 0, bytesRead);
    position += bytesRead;
  }
}

/**
 * Rotates a log that a running gateway appends to, when it has grown past `maxBytes`. Copy-truncate, not rename: the
 * gateway's O_APPEND fd outlives Lobsterpot and would keep writing into `.1` after a rename, while after a truncate it
 * writes on at the file's new end. Only lines written in the instant between the last copy and the truncate are lost.
 * A failed copy (disk full, EIO) throws and leaves the log and its rotated files as they were.
 */
export async function rotateRunningLog(file: string, limits: LogLimits): Promise<boolean> {
  if ((await sizeOf(file)) < limits.maxBytes) return false;
  if (limits.keep < 1) {
    await truncate(file, 0);
    return true;
  }
  const copy = `${file}.rotating`;
  const source = await open(file, 'r');
  try {
    const target = await open(copy, 'w');
    try {
      const copied = await copyTail(source, target, 0);
      await shiftRotated(file, limits.keep);
      await rename(copy, `${file}.1`);
      // What the gateway wrote during the copy and the shift; the open handle follows the renamed file.
      await copyTail(source, target, copied);
      await truncate(file, 0);
    } catch (error) {
      await rm(copy, { force: true }).catch(() => undefined);
      throw error;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
  return true;
}

/** Hands an error to a reporter; one that throws must not turn a watcher callback into an unhandled rejection. */
function report(onError: (error: Error) => void, error: unknown): void {
  try {
    onError(error instanceof Error ? error : new Error(String(error)));
  } catch {
    // nothing left to tell
  }
}

/**
 * Keeps one running gateway's log under its cap. `check()` is cheap (one stat) and meant to be called whenever the
 * log's tail sees growth, so no timer is needed. It never rejects: a failure goes to `onError`, and after one the next
 * attempt waits `retryMs`, because the tail sees growth on every line and a full disk should not be hit on each.
 */
export class LogRotator {
  readonly file: string;
  #limits: LogLimits;
  readonly #clock: Clock;
  readonly #onError: (error: Error) => void;
  readonly #retryMs: number;
  #running: Promise<boolean> | null = null;
  #retryAt = -Infinity;

  constructor(
    file: string,
    limits: LogLimits = DEFAULT_LOG_LIMITS,
    options: { clock?: Clock; onError?: (error: Error) => void; retryMs?: number } = {},
  ) {
    this.file = file;
    this.#limits = { ...limits };
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError ?? (() => {});
    this.#retryMs = options.retryMs ?? 60_000;
  }

  get limits(): LogLimits {
    return { ...this.#limits };
  }

  /** New limits from the settings; they apply at the next check. */
  setLimits(limits: LogLimits): void {
    this.#limits = { ...limits };
    this.#retryAt = -Infinity;
  }

  /** Rotates when the log is past its cap; true when it did. Concurrent calls share one rotation. */
  check(): Promise<boolean> {
    if (this.#running) return this.#running;
    if (this.#clock.now() < this.#retryAt) return Promise.resolve(false);
    this.#running = rotateRunningLog(this.file, this.#limits)
      .catch((error: unknown) => {
        this.#retryAt = this.#clock.now() + this.#retryMs;
        report(this.#onError, error);
        return false;
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }
}

/** An append-mode file descriptor for a child's stdout and stderr; the caller closes it once the child has it. */
export async function openLogForChild(file: string, limits: LogLimits = DEFAULT_LOG_LIMITS): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  await rotateLog(file, limits.maxBytes, limits.keep);
  return openSync(file, 'a');
}

export const closeFd = (fd: number) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
};

/** Reads the last `count` lines of a file without reading all of it. */
export async function readLastLines(file: string, count: number): Promise<string[]> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return [];
  }
  try {
    return await lastLinesOf(handle, (await handle.stat()).size, count);
  } finally {
    await handle.close();
  }
}

async function lastLinesOf(handle: FileHandle, size: number, count: number): Promise<string[]> {
  const chunk = 64 * 1024;
  let position = size;
  let text = '';
  while (position > 0 && text.split('\n').length <= count + 1) {
    const length = Math.min(chunk, position);
    position -= length;
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, position);
    text = buffer.toString('utf8') + text;
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .slice(-count);
}

/** The lines written since byte `offset` (at most the last `maxBytes` of them): what one process printed. */
export async function readLinesSince(file: string, offset: number, maxBytes = 64 * 1024): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    // A copy-truncate since `offset` was taken: what is there now was all written after it.
    const from = Math.max(size < offset ? 0 : offset, size - maxBytes);
    const buffer = Buffer.alloc(Math.max(0, size - from));
    await handle.read(buffer, 0, buffer.length, from);
    return buffer.toString('utf8').split('\n');
  } finally {
    await handle.close();
  }
}

const sameFile = (a: Stats, b: Stats) => a.ino === b.ino && a.dev === b.dev;

/** How far behind a tail reads at most at once. */
const CATCH_UP_BYTES = 1024 * 1024;

/**
 * Follows a log file: keeps its last lines in memory and reports new ones. It watches the file's folder rather than
 * the file, so it attaches to a file that appears later and to the new file after a rename rotation; it holds the
 * file open between reads, so the lines written into a renamed file before the switch are still delivered.
 */
export class LogTail {
  readonly file: string;
  readonly #lines: string[] = [];
  readonly #max: number;
  readonly #onLines: (lines: string[]) => void;
  readonly #rotator: LogRotator | null;
  readonly #onError: (error: Error) => void;
  #handle: FileHandle | null = null;
  #identity: Stats | null = null;
  #offset = 0;
  #partial = '';
  #watcher: FSWatcher | null = null;
  #reading: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  #stopped = false;

  constructor(
    file: string,
    onLines: (lines: string[]) => void = () => {},
    max = TAIL_LINES,
    options: { rotator?: LogRotator; onError?: (error: Error) => void } = {},
  ) {
    this.file = file;
    this.#onLines = onLines;
    this.#max = max;
    this.#rotator = options.rotator ?? null;
    this.#onError = options.onError ?? (() => {});
  }

  /** Loads the current end of the file (if there is one yet) and starts following it. */
  async start(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    this.#follow();
    await this.#exclusive(async () => {
      const handle = await open(this.file, 'r').catch(() => null);
      if (!handle) return;
      if (this.#stopped) return void (await handle.close());
      const identity = await handle.stat();
      this.#handle = handle;
      this.#identity = identity;
      this.#offset = identity.size;
      this.#remember(await lastLinesOf(handle, identity.size, this.#max));
    });
  }

  #follow() {
    if (this.#watcher || this.#stopped) return;
    const name = basename(this.file);
    try {
      this.#watcher = watch(dirname(this.file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed.toString() === name) void this.poll();
      });
      // A folder that went away: the next poll() watches again.
      this.#watcher.on('error', () => this.#unwatch());
    } catch {
      // no folder to watch: the next poll() tries again
    }
  }

  #unwatch() {
    this.#watcher?.close();
    this.#watcher = null;
  }

  /** Reads what was written since the last read, across a rotation. Never rejects: errors go to `onError`. */
  poll(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#follow();
    if (!this.#reading) return this.#exclusive(() => this.#read());
    // The read under way may have started before what this caller waits for: one more read serves all such callers.
    this.#next ??= this.#reading.then(() => {
      this.#next = null;
      return this.poll();
    });
    return this.#next;
  }

  #exclusive(read: () => Promise<void>): Promise<void> {
    this.#reading = read()
      .catch((error: unknown) => report(this.#onError, error))
      .finally(() => {
        this.#reading = null;
      });
    return this.#reading;
  }

  async #read() {
    let grew = false;
    if (this.#handle) grew = await this.#drain(this.#handle);
    const current = await stat(this.file).catch(() => null);
    // Renamed away and nothing new yet: the old file may still be written, so it stays open.
    if (current && (!this.#identity || !sameFile(current, this.#identity))) {
      const handle = await open(this.file, 'r').catch(() => null);
      if (handle) {
        await this.#handle?.close();
        this.#handle = handle;
        this.#identity = await handle.stat();
        this.#offset = 0;
        this.#partial = '';
        if (this.#stopped) return;
        grew = (await this.#drain(handle)) || grew;
      }
    }
    if (grew && this.#handle && this.#rotator && (await this.#rotator.check())) await this.#rotated(this.#handle);
  }

  /** After a copy-truncate made under this read: the lines written since the last read went into `.1`. */
  async #rotated(handle: FileHandle) {
    if ((this.#rotator?.limits.keep ?? 0) >= 1) {
      const previous = await open(`${this.file}.1`, 'r').catch(() => null);
      if (previous) {
        try {
          await this.#drain(previous);
        } finally {
          await previous.close();
        }
      }
    }
    // A line cut by the truncate began in `.1` and ends in the fresh file: the partial joins them.
    this.#offset = 0;
    await this.#drain(handle);
  }

  /** Delivers the complete lines added to an open file; true when it grew. */
  async #drain(handle: FileHandle): Promise<boolean> {
    const { size } = await handle.stat();
    if (size < this.#offset) {
      // Copy-truncated by someone else: the rest of the old content is in `.1`, the new content starts at 0.
      this.#offset = 0;
      this.#partial = '';
    }
    if (size === this.#offset) return false;
    // Far behind (a large file that appeared at once): only its end matters, from the first whole line.
    const skipping = size - this.#offset > CATCH_UP_BYTES;
    if (skipping) this.#offset = size - CATCH_UP_BYTES;
    const buffer = Buffer.alloc(size - this.#offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
    this.#offset += bytesRead;
    const parts = (this.#partial + buffer.toString('utf8', 0, bytesRead)).split('\n');
    if (skipping) parts.shift();
    this.#partial = parts.pop() ?? '';
    const lines = parts.filter((line) => line.length > 0);
    if (lines.length) {
      this.#remember(lines);
      if (!this.#stopped) this.#onLines(lines);
    }
    return bytesRead > 0;
  }

  #remember(lines: string[]) {
    this.#lines.push(...lines);
    if (this.#lines.length > this.#max) this.#lines.splice(0, this.#lines.length - this.#max);
  }

  lines(count = this.#max): string[] {
    return this.#lines.slice(-count);
  }

  /** Stops following and closes the watcher and the file; resolves once both are closed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unwatch();
    await this.#next;
    await this.#reading;
    await this.#handle?.close();
    this.#handle = null;
  }
}
