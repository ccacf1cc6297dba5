import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorOffered } from './doctor.ts';
import { exit78Of, repairable } from '../common/exit78.ts';

// Real console output of OpenClaw 2026.9.6's exit 78s (tests/fixtures/openclaw/README.md).
const sample = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'tests', 'fixtures', 'openclaw', name), 'utf8').split('\n');

describe('exit 78 has more than one meaning', () => {
  it('a missing config is a config error: the doctor is offered', () => {
    const meaning = exit78Of(sample('console-missing-config-exit78.txt'), 'epsilon');
    expect(meaning).toMatchObject({ kind: 'config', meaning: 'config error (exit 78)' });
  });

  it('a state database newer than the build (which also says "doctor --fix"): a newer OpenClaw or a restore, no doctor', () => {
    const meaning = exit78Of(sample('console-newer-schema-exit78.txt'), 'hm');
    expect(meaning.kind).toBe('newer-schema');
    expect(meaning.advice).toBe(
      'the state database was written by a newer OpenClaw (schema 9999; this OpenClaw supports 18): the doctor cannot fix that. Run OpenClaw 2026.9.6 or newer (Settings → OpenClaw), or restore the backup taken before the update',
    );
  });

  it('a healthy gateway already under systemd (whose output also has EADDRINUSE): stop it there or hand it over', () => {
    const meaning = exit78Of(sample('console-inherited-INVOCATION_ID-port-conflict-exit78.txt'), 'ops');
    expect(meaning.kind).toBe('under-service');
    expect(meaning.advice).toContain('already runs under systemd');
    expect(meaning.advice).toContain('`lobsterpot openclaw --profile ops gateway stop`');
  });

  it('the state owned by another OpenClaw process ("requires state migration … doctor --fix" misleads): stop it first', () => {
    const meaning = exit78Of(sample('console-same-profile-second-instance-exit78.txt'), 'alpha');
    expect(meaning.kind).toBe('state-in-use');
    expect(meaning.meaning).toBe('state in use by another OpenClaw process (exit 78)');
  });

  it('offers the doctor only for a config error (and for records written before the meanings were told apart)', () => {
    const record = { doctor: null, history: [] };
    for (const [file, offered] of [
      ['console-missing-config-exit78.txt', true],
      ['console-newer-schema-exit78.txt', false],
      ['console-inherited-INVOCATION_ID-port-conflict-exit78.txt', false],
      ['console-same-profile-second-instance-exit78.txt', false],
    ] as const) {
      const lastExit = { code: 78, signal: null, meaning: exit78Of(sample(file), 'p').meaning, at: 1 };
      expect(doctorOffered({ state: 'config-error', lastExit }, record), file).toBe(offered);
    }
    expect(repairable({ code: 78, meaning: 'config error (exit 78)' })).toBe(true);
    expect(repairable({ code: 1, meaning: 'config error (exit 78)' })).toBe(false);
  });
});
