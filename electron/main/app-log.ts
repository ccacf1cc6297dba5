// The app's own log (a packaged launch has no terminal): `app.log` in the data dir (logs/ holds one file per profile,
// and `app` is a valid profile name), owner-only, rotated by size into app.log.1 … app.log.N. Written synchronously,
// unlike the gateways' logs (logs.ts): the main process logs rarely, and the line before a crash must land.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const appLogFile = (dataDir: string): string => join(dataDir, 'app.log');

export interface AppLogOptions {
  /** The size past which the file is rotated. */
  maxBytes?: number;
  /** How many rotated files are kept beside the current one. */
  keep?: number;
  now?: () => Date;
}

export class AppLog {
  readonly file: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #now: () => Date;
  #size: number | null = null;

  constructor(file: string, options: AppLogOptions = {}) {
    this.file = file;
    this.#maxBytes = options.maxBytes ?? 1024 * 1024;
    this.#keep = options.keep ?? 3;
    this.#now = options.now ?? (() => new Date());
  }

  /** One line, with its time; a log that cannot be written never takes the app down. */
  write(message: string): void {
    const line = `${this.#now().toISOString()} ${message.replace(/\r?\n/g, '\n  ')}\n`;
    try {
      if (this.#size === null) {
        mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
        this.#size = sizeOf(this.file);
      }
      if (this.#size > 0 && this.#size + Buffer.byteLength(line) > this.#maxBytes) this.#rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
      this.#size += Buffer.byteLength(line);
    } catch {
      // A full disk or a read-only data dir: the message still reached stderr.
    }
  }

  #rotate() {
    rmSync(`${this.file}.${this.#keep}`, { force: true });
    for (let n = this.#keep - 1; n >= 1; n--) {
      try {
        renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`);
      } catch {
        // that generation did not exist yet
      }
    }
    renameSync(this.file, `${this.file}.1`);
    this.#size = 0;
  }
}

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};
