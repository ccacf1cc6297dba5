import { describe, expect, it } from 'vitest';
import { commandSchemas, isCommandName, type CommandName } from '../contract/contract.ts';
import { kindAt } from '../contract/walk.ts';
import { COMMANDS, WINDOW_ONLY } from './table.ts';
import { cli as run } from './testing.ts';

const contractCommands = Object.keys(commandSchemas) as CommandName[];

/** Where a field path of an entry lands: in one of the contract commands the entry sends. */
const fieldExists = (sends: readonly CommandName[], field: string) =>
  sends.some((command) => kindAt(commandSchemas[command], field.split('.')) !== null);

describe('each command is declared once', () => {
  it('every contract command has a command-line entry that sends it, or is marked window-only (not both)', () => {
    const sent = new Set(Object.values(COMMANDS).flatMap((spec) => spec.sends));
    for (const command of contractCommands) {
      const windowOnly = WINDOW_ONLY[command] !== undefined;
      expect(sent.has(command) || windowOnly, `${command}: no CLI entry sends it and it is not window-only`).toBe(true);
      expect(sent.has(command) && windowOnly, `${command}: sent by the CLI and marked window-only`).toBe(false);
    }
    for (const name of Object.keys(WINDOW_ONLY)) expect(isCommandName(name), name).toBe(true);
    for (const command of sent) expect(isCommandName(command), command).toBe(true);
  });

  it("every entry's flags and positionals map to fields of the contract commands it sends, or say why not", () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      for (const [flag, f] of Object.entries(spec.flags)) {
        const where = `${name} --${flag}`;
        const bound = [f.field, f.selects, f.choose, f.local].filter((x) => x !== undefined);
        expect(bound.length, `${where}: binds a field, selects a command, or says why it is local`).toBeGreaterThan(0);
        if (f.field)
          expect(fieldExists(spec.sends, f.field), `${where}: ${f.field} is no field of ${spec.sends.join(', ')}`).toBe(
            true,
          );
        for (const command of [f.selects, ...Object.values(f.choose ?? {})].filter((c) => c !== undefined))
          expect(spec.sends, `${where}: selects ${command}, which the entry does not list`).toContain(command);
        for (const field of Object.keys(f.implies ?? {}))
          expect(fieldExists(spec.sends, field), `${where} implies ${field}`).toBe(true);
        expect(f.field && f.local, `${where}: both a field and local`).toBeFalsy();
      }
      for (const positional of spec.positionals) {
        const where = `${name} <${positional.name}>`;
        expect(Boolean(positional.field) !== Boolean(positional.local), `${where}: a field or a reason`).toBe(true);
        // `$key`: the field another positional names (settings set KEY VALUE).
        if (positional.field && !positional.field.startsWith('$'))
          expect(fieldExists(spec.sends, positional.field), `${where}: ${positional.field}`).toBe(true);
      }
      if (!spec.sends.length) expect(spec.coreless, `${name} sends nothing, so it needs no core`).toBe(true);
    }
  });
});

describe('--json answers JSON for every error', () => {
  const cli = (argv: string[]) => run(argv, null);

  it('`lobsterpot frobnicate --json` printed text: a usage error is JSON on stdout, exit 2', async () => {
    for (const argv of [
      ['frobnicate', '--json'],
      ['--json', 'stop', 'alpha', '--forse'],
      ['start', '--json'],
      ['host', 'frob', '--json'],
      ['logs', '-n', '--json'],
    ]) {
      const result = await cli(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).toBe('');
      const { error } = JSON.parse(result.out) as { error: { code: string; message: string; help: string } };
      expect(error.code).toBe('usage');
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.help).toMatch(/^lobsterpot .*--help$/);
    }
    expect(JSON.parse((await cli(['frobnicate', '--json'])).out).error.message).toBe("unknown command 'frobnicate'");
  });

  it('`serve --port x --json` printed text on stderr from a hand check in serve: JSON, in the field rule’s words', async () => {
    for (const [port, rule] of [
      ['x', 'must be a number (got "x")'],
      ['99999', 'must be between 0 and 65535 (got 99999)'],
      ['1.5', 'must be a whole number (got 1.5)'],
    ] as const) {
      for (const argv of [
        ['serve', '--port', port, '--json'],
        ['serve', '--port', port, '--detach', '--json'],
      ]) {
        const result = await cli(argv);
        expect(result.err, argv.join(' ')).toBe('');
        expect(result.code, argv.join(' ')).toBe(3);
        expect(JSON.parse(result.out), argv.join(' ')).toEqual({
          error: { code: 'invalid-argument', message: `serve: --port: ${rule}` },
        });
      }
    }
  });

  it('a value the contract refuses is JSON too, in the contract’s words naming the flag, exit 3', async () => {
    const result = await cli(['logs', 'alpha', '-n', '6000', '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.out)).toEqual({
      error: { code: 'invalid-argument', message: 'logs: -n/--lines: must be at most 5000 (got 6000)' },
    });
  });
});

describe('text says what the JSON says', () => {
  it('a pending restart showed in neither list nor status, and they showed different ports: both say it alike', async () => {
    const { fakeCore } = await import('./testing.ts');
    const { gatewayStatus, profileView, snapshot } = await import('../contract/fixtures.ts');
    const moved = snapshot({
      profiles: [profileView('alpha', 19001)],
      gateways: [
        gatewayStatus('alpha', 18789, {
          state: 'ready',
          pid: 42,
          owner: 'lobsterpot',
          pendingRestart: 'port 19001 (runs on 18789)',
        }),
      ],
    });
    const { core } = fakeCore({}, moved);
    const expected = '19001 (runs on 18789) — restart to apply';
    const list = await run(['list'], core);
    const status = await run(['status'], core);
    expect(list.out.split('\n')[1]).toContain(expected);
    expect(status.out.split('\n')[1]).toContain(expected);
  });
});
