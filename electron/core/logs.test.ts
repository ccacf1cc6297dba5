import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogTail, readLastLines, rotateLog } from './logs.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'lp-logs-'));

describe('logs', () => {
  it('rotates past the size limit, keeping a fixed number of old files', async () => {
    const file = join(dir(), 'a.log');
    for (let round = 1; round <= 4; round++) {
      writeFileSync(file, `round ${round}\n`.repeat(10));
      expect(await rotateLog(file, 50, 2)).toBe(true);
    }
    expect(readFileSync(`${file}.1`, 'utf8')).toMatch(/^round 4/);
    expect(readFileSync(`${file}.2`, 'utf8')).toMatch(/^round 3/);
    writeFileSync(file, 'small\n');
    expect(await rotateLog(file, 50, 2)).toBe(false);
  });

  it('reads the last lines of a large file', async () => {
    const file = join(dir(), 'b.log');
    writeFileSync(file, Array.from({ length: 20000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(await readLastLines(file, 3)).toEqual(['line 19997', 'line 19998', 'line 19999']);
    expect(await readLastLines(join(dir(), 'missing.log'), 3)).toEqual([]);
  });

  it('follows appended lines, joins partial writes and survives a rotation', async () => {
    const file = join(dir(), 'c.log');
    writeFileSync(file, 'old 1\nold 2\n');
    const seen: string[] = [];
    const tail = new LogTail(file, (lines) => seen.push(...lines), 3);
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
    tail.stop();
  });
});
