import { describe, expect, it } from 'vitest';
import { checkNewProfileName, nameSyntaxError } from './names.ts';

describe('profile names', () => {
  it("accepts OpenClaw's rule", () => {
    for (const name of ['main', 'rescue', 'a', 'work_2', 'x-y', '9lives', 'a'.repeat(64)]) {
      expect(nameSyntaxError(name), name).toBeNull();
    }
  });

  it('refuses what OpenClaw refuses, saying why', () => {
    expect(nameSyntaxError('')).toMatch(/empty/);
    expect(nameSyntaxError('..')).toMatch(/letters, digits/);
    expect(nameSyntaxError('a b')).toMatch(/letters, digits/);
    expect(nameSyntaxError('x/y')).toMatch(/letters, digits/);
    expect(nameSyntaxError('-lead')).toMatch(/start with a letter or digit/);
    expect(nameSyntaxError('a'.repeat(65))).toMatch(/at most 64 characters \(got 65\)/);
  });

  it('treats names case-insensitively for duplicates', () => {
    const check = checkNewProfileName('Main', ['main', 'ops']);
    expect(check).toEqual({ ok: false, error: expect.stringMatching(/clashes with the existing profile 'main'/) });
    expect(checkNewProfileName('main', ['main'])).toEqual({ ok: false, error: "name 'main' is already a profile" });
  });

  it('reserves default and dev', () => {
    expect(checkNewProfileName('Default', [])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/default profile/),
    });
    expect(checkNewProfileName('dev', [])).toMatchObject({ ok: false, error: expect.stringMatching(/19001/) });
  });

  it('advises lowercase and warns of names macOS services reject', () => {
    expect(checkNewProfileName('Work', [])).toEqual({ ok: true, warnings: [expect.stringMatching(/lowercase/)] });
    expect(checkNewProfileName('gateway', [])).toEqual({ ok: true, warnings: [expect.stringMatching(/macOS/)] });
    expect(checkNewProfileName('ops', [])).toEqual({ ok: true, warnings: [] });
  });
});
