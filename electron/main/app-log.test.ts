import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppLog, appLogFile } from './app-log.ts';

describe('defect 13: the app log', () => {
  it('lives in the data dir, beside the settings, apart from the per-profile logs', () => {
    expect(appLogFile('/home/u/.config/lobsterpot')).toBe('/home/u/.config/lobsterpot/app.log');
  });

  it('writes timed lines, owner-only, creating the data dir', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lp-applog-')), 'data');
    const log = new AppLog(appLogFile(dir), { now: () => new Date('2026-12-06T22:00:00Z') });
    log.write('starting');
    log.write('startup failed: Error: boom\n    at x');
    expect(readFileSync(log.file, 'utf8')).toBe(
      '2026-12-06T22:00:00.000Z starting\n2026-12-06T22:00:00.000Z startup failed: Error: boom\n      at x\n',
    );
    if (process.platform !== 'win32') expect(statSync(log.file).mode & 0o777).toBe(0o600);
  });

  it('rotates by size and keeps a bounded number of old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-applog-'));
    const log = new AppLog(appLogFile(dir), { maxBytes: 100, keep: 2, now: () => new Date(0) });
    for (let i = 0; i < 20; i++) log.write(`line ${i} ${'x'.repeat(30)}`);
    expect(statSync(log.file).size).toBeLessThanOrEqual(100);
    expect(readFileSync(log.file, 'utf8')).toContain('line 19');
    expect(readFileSync(`${log.file}.1`, 'utf8')).toContain('line 18');
    expect(existsSync(`${log.file}.2`)).toBe(true);
    expect(existsSync(`${log.file}.3`)).toBe(false);
  });

  it('never throws when the log cannot be written', () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'lp-applog-')), 'a-file');
    writeFileSync(blocker, '');
    const log = new AppLog(join(blocker, 'app.log'));
    expect(() => log.write('x')).not.toThrow();
  });
});
