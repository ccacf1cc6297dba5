import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp, nearest, parseCommandLine, toolHelp } from './args.ts';
import { cli, fakeCore } from './two-profiles.ts';

describe('the command line', () => {
  it('`lobsterpot --help` answers "unknown command": it prints the usage and exits 0', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toBe(toolHelp());
    for (const command of Object.keys(COMMANDS)) expect(out).toContain(`\n  ${command}`);
    expect((await cli(['-h'])).out).toBe(toolHelp());
    expect((await cli([])).out).toBe(toolHelp());
  });

  it('has help for each command, as `help <command>` and `<command> --help`', async () => {
    for (const [command, spec] of Object.entries(COMMANDS)) {
      const asked = await cli(['help', command]);
      expect(asked).toEqual({ code: 0, out: commandHelp(command), err: '' });
      // `lobsterpot openclaw --help` is OpenClaw's own help.
      if (!spec.passThrough) expect((await cli([...command.split(' '), '--help'])).out).toBe(commandHelp(command));
    }
    expect(commandHelp('stop')).toContain('--force');
    expect(await cli(['help', 'strat'])).toMatchObject({ code: 2, err: expect.stringMatching(/did you mean start\?/) });
  });

  it('prints its version', async () => {
    expect(await cli(['--version'])).toEqual({
      code: 0,
      out: expect.stringMatching(/^lobsterpot \d+\.\d+\.\d+$/),
      err: '',
    });
    expect((await cli(['-V'])).code).toBe(0);
  });

  it('unknown flags are silently accepted: refused with exit 2 and the nearest valid flag', async () => {
    const { core, calls } = fakeCore();
    const forse = await cli(['stop', 'alpha', '--forse'], core);
    expect(forse.code).toBe(2);
    expect(forse.err.split('\n')[0]).toBe('lobsterpot: stop: unknown flag --forse; did you mean --force?');
    expect(calls).toEqual([]);
    expect((await cli(['status', '--jsn'])).err).toContain('unknown flag --jsn; did you mean --json?');
    expect((await cli(['list', '--frobnicate'])).err).toContain('unknown flag --frobnicate\n');
    expect((await cli(['--verbos'])).err).toContain('did you mean --verbose?');
    expect((await cli(['lsit'])).err).toContain("unknown command 'lsit'; did you mean list?");
  });

  it('refuses missing and extra arguments and flag values with exit 2', async () => {
    expect(await cli(['create'])).toMatchObject({
      code: 2,
      err: expect.stringContaining(
        'create: <name> is required (lobsterpot create <name> [--port N] | --rescue [name])',
      ),
    });
    expect(await cli(['open', 'a', 'b'])).toMatchObject({
      code: 2,
      err: expect.stringContaining("unexpected argument 'b'"),
    });
    expect(await cli(['logs', '-n'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('logs: -n needs a value (N)'),
    });
    expect(await cli(['list', '--json=yes'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--json takes no value'),
    });
    expect(await cli(['start'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('start: <profile> is required (lobsterpot start <profile|--all>)'),
    });
    expect(await cli(['stop', 'alpha', '--all'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('stop: <profile> does not go with --all'),
    });
    expect(await cli(['restart', 'alpha', '--rolling'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('restart: --rolling goes with --all'),
    });
  });

  it('takes the tool’s flags before the command, and short flags', () => {
    expect(parseCommandLine(['-v', 'logs', 'alpha', '-fn', '5'])).toEqual({
      command: 'logs',
      positionals: ['alpha'],
      values: { verbose: true, follow: true, lines: '5' },
    });
    expect(parseCommandLine(['--json', 'status']).values).toEqual({ json: true });
    expect(nearest('forse', ['force', 'json'])).toBe('force');
    expect(nearest('zzzzzz', ['force', 'json'])).toBeNull();
  });
});

describe('the README', () => {
  it('holds the CLI reference exactly as `lobsterpot --help` prints it', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(['```', toolHelp(), '```'].join('\n'));
  });
});
