// Per-profile log files: the gateway writes to the file directly (not a pipe, so it can outlive Lobsterpot); the file
// is rotated before each start, and its last lines are kept in memory for the window, following new writes.
import { closeSync, openSync, watch, type FSWatcher } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const LOG_ROTATE_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP = 3;
export const TAIL_LINES = 1000;

export function logFileOf(dataDir: string, profile: string): string {
  return join(dataDir, 'logs', `${profile}.log`);
}

/** Moves `file` to `file.1` (and `.1` to `.2` …) when it has grown past `maxBytes`. */
export async function rotateLog(file: string, maxBytes = LOG_ROTATE_BYTES, keep = LOG_KEEP): Promise<boolean> {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size < maxBytes) return false;
  await rm(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) await rename(`${file}.${i}`, `${file}.${i + 1}`).catch(() => undefined);
  await rename(file, `${file}.1`);
  return true;
}

/** An append-mode file descriptor for a child's stdout and stderr; the caller closes it once the child has it. */
export async function openLogForChild(file: string): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  await rotateLog(file);
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
    const { size } = await handle.stat();
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
  } finally {
    await handle.close();
  }
}

/** The lines written since byte `offset` (at most the last `maxBytes` of them): what one process printed. */
export async function readLinesSince(file: string, offset: number, maxBytes = 64 * 1024): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const from = Math.max(offset, size - maxBytes);
    const buffer = Buffer.alloc(Math.max(0, size - from));
    await handle.read(buffer, 0, buffer.length, from);
    return buffer.toString('utf8').split('\n');
  } finally {
    await handle.close();
  }
}

/** Follows a log file: keeps its last lines in memory and reports new ones. */
export class LogTail {
  readonly file: string;
  readonly #lines: string[] = [];
  readonly #max: number;
  readonly #onLines: (lines: string[]) => void;
  #offset = 0;
  #partial = '';
  #watcher: FSWatcher | null = null;
  #reading: Promise<void> | null = null;
  #again = false;

  constructor(file: string, onLines: (lines: string[]) => void = () => {}, max = TAIL_LINES) {
    this.file = file;
    this.#onLines = onLines;
    this.#max = max;
  }

  /** Loads the current end of the file and starts following it. */
  async start(): Promise<void> {
    const size = await stat(this.file).then(
      (s) => s.size,
      () => 0,
    );
    this.#lines.push(...(await readLastLines(this.file, this.#max)));
    this.#offset = size;
    this.#follow();
  }

  #follow() {
    if (this.#watcher) return;
    try {
      this.#watcher = watch(this.file, { persistent: false }, () => void this.poll());
      this.#watcher.on('error', () => this.#unwatch());
    } catch {
      // no file yet: poll() is called again at the next start
    }
  }

  #unwatch() {
    this.#watcher?.close();
    this.#watcher = null;
  }

  /** Reads what was appended since the last read (also after a rotation, which starts the file anew). */
  poll(): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    this.#reading = this.#read().finally(() => {
      this.#reading = null;
      if (this.#again) {
        this.#again = false;
        void this.poll();
      }
    });
    return this.#reading;
  }

  async #read() {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch {
      return;
    }
    try {
      const { size } = await handle.stat();
      if (size < this.#offset) {
        // Rotated: follow the new file from its start.
        this.#offset = 0;
        this.#partial = '';
        this.#unwatch();
      }
      if (size === this.#offset) return;
      const buffer = Buffer.alloc(size - this.#offset);
      await handle.read(buffer, 0, buffer.length, this.#offset);
      this.#offset = size;
      const text = this.#partial + buffer.toString('utf8');
      const parts = text.split('\n');
      this.#partial = parts.pop() ?? '';
      const lines = parts.filter((line) => line.length > 0);
      if (lines.length) {
        this.#lines.push(...lines);
        if (this.#lines.length > this.#max) this.#lines.splice(0, this.#lines.length - this.#max);
        this.#onLines(lines);
      }
    } finally {
      await handle.close();
      this.#follow();
    }
  }

  lines(count = this.#max): string[] {
    return this.#lines.slice(-count);
  }

  stop(): void {
    this.#unwatch();
  }
}
