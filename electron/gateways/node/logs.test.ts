import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../platform/node/clock.ts';
import { LogRotator, LogTail, closeFd, openLogForChild, readLastLines, readLinesSince, rotateLog } from './logs.ts';
import { isAlive, signalGroup } from '../../platform/node/processes.ts';

const dirs: string[] = [];
const dir = () => {
  const made = mkdtempSync(join(tmpdir(), 'lp-logs-'));
  dirs.push(made);
  return made;
};
const tails: LogTail[] = [];
const follow = (...args: ConstructorParameters<typeof LogTail>) => {
  const tail = new LogTail(...args);
  tails.push(tail);
  return tail;
};
const children: ChildProcess[] = [];
const fds: number[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    const pid = child.pid as number;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
    expect(isAlive(pid)).toBe(false);
  }
  for (const tail of tails.splice(0)) await tail.stop();
  for (const fd of fds.splice(0)) closeFd(fd);
  for (const made of dirs.splice(0)) rmSync(made, { recursive: true, force: true });
});

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}`);
const numbers = (seen: string[]) => seen.map((line) => Number(/^line (\d+)$/.exec(line)?.[1]));

/** A process that appends numbered lines to the fd it was given, like a gateway writing to its log, until killed. */
function writer(fd: number): ChildProcess {
  const script = [
    'let i = 0;',
    "const tick = () => { for (let n = 0; n < 50; n++) process.stdout.write('line ' + i++ + '\\n'); setTimeout(tick, 2); };",
    'tick();',
  ].join(' ');
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', fd, 'ignore'], detached: true });
  children.push(child);
  return child;
}

/** The pids' fds that point at `file` (Linux). */
const openFdsOn = (file: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  });

describe('rotation by rename, before a spawn', () => {
  it('rotates past the size limit, keeping a fixed number of old files', async () => {
    const file = join(dir(), 'a.log');
    for (let round = 1; round <= 4; round++) {
      writeFileSync(file, `round ${round}\n`.repeat(10));
      expect(await rotateLog(file, 50, 2)).toBe(true);
    }
    expect(readFileSync(`${file}.1`, 'utf8')).toMatch(/^round 4/);
    expect(readFileSync(`${file}.2`, 'utf8')).toMatch(/^round 3/);
    expect(existsSync(`${file}.3`)).toBe(false);
    writeFileSync(file, 'small\n');
    expect(await rotateLog(file, 50, 2)).toBe(false);
  });
});

describe('rotation while the gateway writes (copy-truncate)', () => {
  it('rotates a file past the cap while an O_APPEND fd stays open, and writing continues into the fresh file', async () => {
    const file = join(dir(), 'gateway.log');
    const fd = await openLogForChild(file, { maxBytes: 64 * 1024, keep: 2 });
    fds.push(fd);
    writer(fd);
    const rotator = new LogRotator(file, { maxBytes: 64 * 1024, keep: 2 });
    await vi.waitFor(() => expect(readFileSync(file).length).toBeGreaterThan(64 * 1024), { timeout: 10_000 });
    expect(await rotator.check()).toBe(true);
    const rotated = readFileSync(`${file}.1`, 'utf8');
    expect(rotated.startsWith('line 0\n')).toBe(true);
    const last = Math.max(...numbers(rotated.split('\n').filter(Boolean)));

    // The writer goes on at the start of the fresh file (O_APPEND), not at its old offset behind a hole of zeros.
    await vi.waitFor(() => expect(readFileSync(file, 'utf8')).toMatch(/\n.*\n/), { timeout: 10_000 });
    const fresh = readFileSync(file, 'utf8');
    expect(fresh).not.toContain('\0');
    expect(fresh.length).toBeLessThan(64 * 1024);
    expect(numbers(fresh.split('\n').slice(1, -1))[0]).toBeGreaterThan(last);
  });

  it('keeps at most `keep` rotated files, newest in .1', async () => {
    const file = join(dir(), 'keep.log');
    const fd = await openLogForChild(file);
    fds.push(fd);
    const rotator = new LogRotator(file, { maxBytes: 100, keep: 2 });
    for (let round = 1; round <= 5; round++) {
      writeSync(fd, `round ${round}\n`.repeat(20));
      expect(await rotator.check()).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('');
    }
    writeSync(fd, 'after\n');
    expect(readFileSync(file, 'utf8')).toBe('after\n');
    expect(readFileSync(`${file}.1`, 'utf8')).toMatch(/^round 5\n/);
    expect(readFileSync(`${file}.2`, 'utf8')).toMatch(/^round 4\n/);
    expect(existsSync(`${file}.3`)).toBe(false);
    expect(existsSync(`${file}.rotating`)).toBe(false);
    expect(await rotator.check()).toBe(false);
  });

  it('with keep 0 only empties the file', async () => {
    const file = join(dir(), 'none.log');
    writeFileSync(file, 'x'.repeat(200));
    expect(await new LogRotator(file, { maxBytes: 100, keep: 0 }).check()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(readdirSync(join(file, '..'))).toEqual(['none.log']);
  });

  it.runIf(process.platform === 'linux' && existsSync('/dev/full'))(
    'a disk-full copy reports the error, resolves false, leaves the log intact and waits before trying again',
    async () => {
      const file = join(dir(), 'full.log');
      writeFileSync(file, 'kept\n'.repeat(100));
      writeFileSync(`${file}.1`, 'older\n');
      symlinkSync('/dev/full', `${file}.rotating`); // every write of the copy fails with ENOSPC
      const errors: Error[] = [];
      const clock = new FakeClock();
      const rotator = new LogRotator(
        file,
        { maxBytes: 100, keep: 3 },
        {
          clock,
          retryMs: 60_000,
          onError: (error) => {
            errors.push(error);
            throw new Error('a reporter that throws');
          },
        },
      );
      await expect(rotator.check()).resolves.toBe(false);
      expect(errors.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(['ENOSPC']);
      expect(readFileSync(file, 'utf8')).toBe('kept\n'.repeat(100));
      expect(readFileSync(`${file}.1`, 'utf8')).toBe('older\n');
      expect(existsSync(`${file}.2`)).toBe(false);

      await expect(rotator.check()).resolves.toBe(false);
      expect(errors).toHaveLength(1);
      await clock.advance(60_000);
      symlinkSync('/dev/full', `${file}.rotating`);
      await expect(rotator.check()).resolves.toBe(false);
      expect(errors).toHaveLength(2);

      rmSync(`${file}.rotating`, { force: true });
      await clock.advance(60_000);
      await expect(rotator.check()).resolves.toBe(true);
      expect(readFileSync(`${file}.1`, 'utf8')).toBe('kept\n'.repeat(100));
      expect(readFileSync(`${file}.2`, 'utf8')).toBe('older\n');
    },
  );

  it('reads what one process printed even after its log was copy-truncated', async () => {
    const file = join(dir(), 'since.log');
    writeFileSync(file, 'before\n'.repeat(50));
    const offset = readFileSync(file).length;
    appendFileSync(file, 'mine\n');
    await new LogRotator(file, { maxBytes: 100, keep: 1 }).check();
    appendFileSync(file, 'still mine\n');
    expect(await readLinesSince(file, offset)).toEqual(['still mine', '']);
  });
});

describe('LogTail', () => {
  it('reads the last lines of a large file', async () => {
    const file = join(dir(), 'b.log');
    writeFileSync(file, lines(0, 20000).join('\n') + '\n');
    expect(await readLastLines(file, 3)).toEqual(['line 19997', 'line 19998', 'line 19999']);
    expect(await readLastLines(join(dir(), 'missing.log'), 3)).toEqual([]);
  });

  it('follows appended lines, joins partial writes and survives a rotation', async () => {
    const file = join(dir(), 'c.log');
    writeFileSync(file, 'old 1\nold 2\n');
    const seen: string[] = [];
    const tail = follow(file, (lines) => seen.push(...lines), 3);
    await tail.start();
    appendFileSync(file, 'new 1\nnew ');
    await tail.poll();
    appendFileSync(file, '2\n');
    await tail.poll();
    expect(seen).toEqual(['new 1', 'new 2']);
    expect(tail.lines()).toEqual(['old 2', 'new 1', 'new 2']);
    writeFileSync(file, 'fresh\n');
    await tail.poll();
    expect(seen.at(-1)).toBe('fresh');
  });

  it('a tail opened before the log file exists attaches when it appears', async () => {
    const logs = join(dir(), 'logs'); // not even the folder exists yet
    const file = join(logs, 'late.log');
    const seen: string[] = [];
    const tail = follow(file, (lines) => seen.push(...lines));
    await tail.start();
    expect(tail.lines()).toEqual([]);
    const fd = await openLogForChild(file);
    fds.push(fd);
    writeSync(fd, 'first\nsecond\n');
    // No poll() here: the folder's watcher must notice the new file on its own.
    await vi.waitFor(() => expect(seen).toEqual(['first', 'second']), { timeout: 10_000 });
    writeSync(fd, 'third\n');
    await vi.waitFor(() => expect(seen).toEqual(['first', 'second', 'third']), { timeout: 10_000 });
  });

  it('keeps delivering every line, in order, across copy-truncate rotations it makes itself', async () => {
    const file = join(dir(), 'rotating.log');
    const fd = await openLogForChild(file);
    fds.push(fd);
    const seen: string[] = [];
    const rotator = new LogRotator(file, { maxBytes: 2000, keep: 2 });
    const tail = follow(file, (lines) => seen.push(...lines), 100, { rotator });
    await tail.start();
    let next = 0;
    for (let round = 0; round < 80; round++) {
      // Whole lines and a line cut in two, as a gateway's writes may come.
      writeSync(fd, lines(next, next + 10).join('\n') + '\nline ');
      await tail.poll();
      writeSync(fd, `${next + 10}\n`);
      next += 11;
      await tail.poll();
    }
    await tail.poll();
    expect(numbers(seen)).toEqual(numbers(lines(0, next)));
    expect(tail.lines()).toEqual(lines(next - 100, next));
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(readFileSync(file).length).toBeLessThan(2000 + 200);
  });

  it('keeps delivering lines while a live writer is rotated under it', async () => {
    const file = join(dir(), 'live.log');
    const fd = await openLogForChild(file);
    fds.push(fd);
    const seen: string[] = [];
    const rotator = new LogRotator(file, { maxBytes: 32 * 1024, keep: 3 });
    const tail = follow(file, (lines) => seen.push(...lines), 1000, { rotator });
    await tail.start();
    writer(fd);
    await vi.waitFor(() => expect(existsSync(`${file}.3`)).toBe(true), { timeout: 20_000 });
    const before = numbers(seen).at(-1) as number;
    await vi.waitFor(() => expect(numbers(seen).at(-1)).toBeGreaterThan(before + 500), { timeout: 20_000 });
    const seenNumbers = numbers(seen);
    expect(seenNumbers.every((n, i) => i === 0 || n > (seenNumbers[i - 1] as number))).toBe(true);
    expect(seenNumbers[0]).toBe(0);
    expect(existsSync(`${file}.4`)).toBe(false);
  });

  it('follows a rename rotation: the rest of the old file, then the new one', async () => {
    const file = join(dir(), 'renamed.log');
    const oldFd = await openLogForChild(file);
    fds.push(oldFd);
    writeSync(oldFd, 'old 1\n');
    const seen: string[] = [];
    const tail = follow(file, (lines) => seen.push(...lines));
    await tail.start();
    renameSync(file, `${file}.1`);
    writeSync(oldFd, 'old 2\n'); // the old writer goes on into the renamed file
    await tail.poll();
    expect(seen).toEqual(['old 2']);
    const newFd = await openLogForChild(file);
    fds.push(newFd);
    writeSync(oldFd, 'old 3\n');
    writeSync(newFd, 'new 1\n');
    await vi.waitFor(() => expect(seen).toEqual(['old 2', 'old 3', 'new 1']), { timeout: 10_000 });
  });

  it.runIf(process.platform === 'linux')('stop() closes the file and the watcher', async () => {
    const file = join(dir(), 'stop.log');
    writeFileSync(file, 'one\n');
    const stopped: string[] = [];
    const tail = follow(file, (lines) => stopped.push(...lines));
    await tail.start();
    expect(openFdsOn(file)).toHaveLength(1);
    await tail.stop();
    expect(openFdsOn(file)).toHaveLength(0);

    // A second tail sees the next line through the same kind of watcher: by then the stopped one would have too.
    const control: string[] = [];
    await follow(file, (lines) => control.push(...lines)).start();
    appendFileSync(file, 'two\n');
    await vi.waitFor(() => expect(control).toEqual(['two']), { timeout: 10_000 });
    expect(stopped).toEqual([]);
    expect(tail.lines()).toEqual(['one']);
  });
});
