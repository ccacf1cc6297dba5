import { describe, expect, it } from 'vitest';
import { LobsterpotError, defaultSettings, parseArgs } from './contract.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LobsterpotError);
    expect((error as LobsterpotError).code).toBe('invalid-argument');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('contract', () => {
  it('refuses bad ports naming the field and the rule', () => {
    expect(refusal(() => parseArgs('profiles.create', { name: 'ok', port: 0 }))).toBe(
      'port: must be at least 1024 (ports below 1024 need root) (got 0)',
    );
    expect(refusal(() => parseArgs('profiles.create', { name: 'ok', port: 80 }))).toMatch(
      /^port: must be at least 1024/,
    );
    expect(refusal(() => parseArgs('profiles.create', { name: 'ok', port: 65500 }))).toMatch(
      /^port: must be at most 65425/,
    );
    expect(refusal(() => parseArgs('profiles.create', { name: 'ok', port: 1.5 }))).toBe(
      'port: must be a whole number (got 1.5)',
    );
    expect(refusal(() => parseArgs('profiles.create', { name: 'ok', port: 'abc' }))).toBe(
      'port: must be a number (got "abc")',
    );
  });

  it('refuses bad names naming the field and the rule', () => {
    expect(refusal(() => parseArgs('profiles.create', { name: '' }))).toBe('name: must not be empty');
    for (const name of ['..', 'a b', 'x/y']) {
      expect(refusal(() => parseArgs('profiles.create', { name }))).toMatch(/^name: may hold only letters, digits/);
    }
    expect(refusal(() => parseArgs('profiles.create', { name: 'a'.repeat(65) }))).toBe(
      'name: must be at most 64 characters (got 65)',
    );
    expect(refusal(() => parseArgs('gateway.start', {}))).toBe('name: must be a text (got undefined)');
  });

  it('refuses nested fields with their path', () => {
    expect(
      refusal(() => parseArgs('profiles.update', { name: 'a', browserProfiles: { work: { cdpPort: 70000 } } })),
    ).toBe('browserProfiles.work.cdpPort: must be between 1024 and 65535 (got 70000)');
    expect(refusal(() => parseArgs('settings.update', { stopGraceMs: -1, bogus: 1 }))).toBe(
      'stopGraceMs: must be ≥ 0; arguments: unknown field bogus',
    );
  });

  it('leaves the fields a partial update omits alone', () => {
    expect(parseArgs('settings.update', { stopGraceMs: 5 })).toEqual({ stopGraceMs: 5 });
    expect(parseArgs('profiles.setFlags', { name: 'a', flags: { notes: 'x' } })).toEqual({
      name: 'a',
      flags: { notes: 'x' },
    });
  });

  it('fills defaults', () => {
    expect(parseArgs('gateway.stop', { name: 'a' })).toEqual({ name: 'a', force: false });
    expect(defaultSettings()).toMatchObject({ stopGraceMs: 30000, quitPolicy: 'stop-started', profiles: {} });
  });
});
