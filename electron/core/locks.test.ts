import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLock } from './locks.ts';

const samples = join(import.meta.dirname, '..', '..', '..', 'shared', 'openclaw-samples');

describe('gateway lock files', () => {
  it('reads the real lock, whitespace padding and all', () => {
    const text = readFileSync(join(samples, 'lockfile-gateway.state.lock-alpha.json'), 'utf8');
    expect(parseLock(text, 'x')).toEqual({
      pid: 11877,
      port: 32100,
      configPath: '/home/user/.openclaw-alpha/openclaw.json',
      stateDir: '/home/user/.openclaw-alpha',
      createdAt: '2026-11-21T04:53:46.629Z',
      file: 'x',
    });
  });

  it('ignores what is not a lock', () => {
    expect(parseLock('', 'x')).toBeNull();
    expect(parseLock('{"pid":"12"}', 'x')).toBeNull();
    expect(parseLock('[1]', 'x')).toBeNull();
    expect(parseLock('{"pid":42}', 'x')).toMatchObject({ pid: 42, port: null });
  });
});
