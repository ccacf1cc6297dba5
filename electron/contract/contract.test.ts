import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LobsterpotError, commandSchemas, defaultSettings, parseArgs, type CommandName } from './contract.ts';

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
    expect(refusal(() => parseArgs('gateway.start', {}))).toBe('name: is required');
    expect(refusal(() => parseArgs('gateway.start', { name: 7 }))).toBe('name: must be a text (got 7)');
  });

  it('refuses nested fields with their path', () => {
    expect(
      refusal(() => parseArgs('profiles.update', { name: 'a', browserProfiles: { work: { cdpPort: 70000 } } })),
    ).toBe('browserProfiles.work.cdpPort: must be between 1024 and 65535 (got 70000)');
    expect(refusal(() => parseArgs('settings.update', { stopGraceMs: -1, bogus: 1 }))).toBe(
      'stopGraceMs: must be ≥ 0 (got -1); bogus: is not a field here; allowed: openclawPath, nodePath, stopGraceMs, quitPolicy, launchAtLogin, basePortStart, logMaxBytes, logKeep, watchdogAfterMs, alertProfile, alertChannel, alertTarget',
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

describe('field defects (issue 10)', () => {
  it('a pinned cdpUrl of http://a b is refused (the pattern was not anchored)', () => {
    expect(refusal(() => parseArgs('profiles.update', { name: 'a', pinnedCdpUrl: 'http://a b' }))).toBe(
      'pinnedCdpUrl: must be an http://, https://, ws:// or wss:// URL with a host, like http://127.0.0.1:9222; spaces are not allowed (got "http://a b")',
    );
    expect(
      refusal(() => parseArgs('profiles.update', { name: 'a', browserProfiles: { w: { cdpUrl: 'http://a b/' } } })),
    ).toMatch(/^browserProfiles\.w\.cdpUrl: .*spaces are not allowed/);
  });

  it('a cdpUrl with credentials, another protocol or no host is refused', () => {
    const url = (pinnedCdpUrl: string) => refusal(() => parseArgs('profiles.update', { name: 'a', pinnedCdpUrl }));
    expect(url('http://u:p@127.0.0.1:9222')).toMatch(/^pinnedCdpUrl: must not hold a user name or password/);
    expect(url('ftp://127.0.0.1')).toMatch(/^pinnedCdpUrl: must be an http:\/\/.*ftp is not one of them/);
    expect(url('127.0.0.1:9222')).toMatch(/^pinnedCdpUrl: /);
  });

  it('a cdpUrl is stored canonically', () => {
    expect(parseArgs('profiles.update', { name: 'a', pinnedCdpUrl: ' HTTP://LOCALHOST:9222/ ' })).toEqual({
      name: 'a',
      pinnedCdpUrl: 'http://localhost:9222',
    });
  });

  it('a cdpPort outside 1024–65535 is refused with the range', () => {
    expect(refusal(() => parseArgs('profiles.update', { name: 'a', browserProfiles: { w: { cdpPort: 80 } } }))).toBe(
      'browserProfiles.w.cdpPort: must be between 1024 and 65535 (ports below 1024 need root) (got 80)',
    );
  });

  it('a workspace given as ./ws or a relative path is refused with the rule', () => {
    for (const workspace of ['./ws', 'ws', '../ws']) {
      expect(refusal(() => parseArgs('profiles.update', { name: 'a', workspace }))).toMatch(
        /^workspace: must be an absolute path \(like \/home\/you\/work, C:\\work or ~\/work\); a relative path depends on the folder the gateway starts in \(got /,
      );
    }
  });

  it('a workspace given as //home/u/ws/ or ~/ws/ is normalized at the contract', () => {
    expect(parseArgs('profiles.update', { name: 'a', workspace: '//home/u/ws/' }).workspace).toBe('/home/u/ws');
    expect(parseArgs('profiles.update', { name: 'a', workspace: '~/ws/' }).workspace).toBe('~/ws');
  });

  it('settings errors read field: what is wrong, what is allowed, never raw schema text', () => {
    expect(refusal(() => parseArgs('settings.update', { quitPolicy: 'never' }))).toBe(
      'quitPolicy: must be one of "stop-started", "leave-running" (got "never")',
    );
    expect(refusal(() => parseArgs('settings.update', { launchAtLogin: 'yes' }))).toBe(
      'launchAtLogin: must be true or false (got "yes")',
    );
    expect(refusal(() => parseArgs('settings.update', { logKeep: 0, logMaxBytes: 1000 }))).toBe(
      'logMaxBytes: must be at least 65536 (64 KiB) (got 1000); logKeep: must be at least 1 (got 0)',
    );
    expect(refusal(() => parseArgs('settings.update', { nodePath: 'node' }))).toMatch(
      /^nodePath: must be an absolute path/,
    );
  });

  it('the arguments themselves, browser profile keys and durations are checked', () => {
    expect(refusal(() => parseArgs('gateway.start', 'main'))).toBe('arguments: must be an object (got "main")');
    expect(refusal(() => parseArgs('gateway.start', [1]))).toBe('arguments: must be an object (got a list)');
    expect(
      refusal(() => parseArgs('profiles.update', { name: 'a', browserProfiles: { __proto__x: { cdpPort: 9222 } } })),
    ).toMatch(/^browserProfiles.__proto__x: may hold only letters/);
    expect(refusal(() => parseArgs('profiles.setFlags', { name: 'a', flags: { 'a b': 1 } }))).toMatch(
      /^flags."a b": is not a field here; allowed: autostart, restartOnCrash, color, notes, mcpActions, openclawRuntime$/,
    );
    expect(refusal(() => parseArgs('ports.suggest', { near: 1e9 }))).toBe(
      'near: must be at most 65535 (got 1000000000)',
    );
    expect(refusal(() => parseArgs('logs.tail', { name: 'a', lines: 2.5 }))).toBe(
      'lines: must be a whole number (got 2.5)',
    );
  });

  it('no input, however bad, yields a raw schema message', () => {
    const commands = Object.keys(commandSchemas) as CommandName[];
    fc.assert(
      fc.property(
        fc.constantFrom(...commands),
        fc.jsonValue(),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (command, value, object) => {
          for (const args of [value, object, { name: 'a', ...object }]) {
            try {
              parseArgs(command, args);
            } catch (error) {
              expect(error).toBeInstanceOf(LobsterpotError);
              expect((error as Error).message).not.toMatch(
                /Invalid input|expected .*, received|Too (small|big)|Unrecognized key/,
              );
              expect((error as Error).message).toMatch(/^(arguments|[^ ].*?): \S/);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
