import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLock, readGatewayLocks } from './locks.ts';

// Real outputs of OpenClaw 2026.9.6, kept with the tests.
const samples = join(import.meta.dirname, '..', '..', '..', 'tests', 'fixtures', 'openclaw');

describe('gateway lock files', () => {
  it('reads the real lock, whitespace padding and all', () => {
    const text = readFileSync(join(samples, 'lockfile-gateway.state.lock-alpha.json'), 'utf8');
    expect(parseLock(text, 'x')).toEqual({
      pid: 11877,
      port: 32100,
      configPath: '/home/user/.openclaw-alpha/openclaw.json',
      stateDir: '/home/user/.openclaw-alpha',
      createdAt: '2026-11-21T04:53:46.629Z',
      startTime: 90519,
      file: 'x',
    });
  });

  it('ignores what is not a lock', () => {
    expect(parseLock('', 'x')).toBeNull();
    expect(parseLock('{"pid":"12"}', 'x')).toBeNull();
    expect(parseLock('[1]', 'x')).toBeNull();
    expect(parseLock('{"pid":42}', 'x')).toMatchObject({ pid: 42, port: null, startTime: null });
    expect(parseLock('{"pid":42,"startTime":"90519"}', 'x')).toMatchObject({ startTime: null });
  });
});

describe('readGatewayLocks', () => {
  it("finds a profile's locks in its tmp folder, with the owner's start time", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'lp-locks-'));
    try {
      const dir = join(stateDir, 'tmp', `openclaw-${process.getuid?.() ?? 0}`);
      mkdirSync(dir, { recursive: true });
      const lock = { pid: 7045, port: 21400, stateDir, configPath: join(stateDir, 'openclaw.json'), startTime: 24085 };
      // OpenClaw writes the same owner into two files (state lock and config-hash lock), padded with whitespace.
      writeFileSync(join(dir, 'gateway.state.lock'), JSON.stringify(lock) + '\n\t  \t');
      writeFileSync(join(dir, 'gateway.a76ce967.lock'), JSON.stringify(lock));
      writeFileSync(join(dir, 'gateway.state.lock.sqlite'), 'not a lock');
      expect(await readGatewayLocks(stateDir, join(stateDir, 'openclaw.json'))).toEqual([
        expect.objectContaining({ pid: 7045, port: 21400, startTime: 24085 }),
      ]);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
