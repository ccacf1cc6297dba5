// The one way tests run `lobsterpot`: in process, against a core that answers from a snapshot and records what it
// was sent, with a fixed clock, no terminal, and paths made absolute under /cwd unless a test says otherwise.
import { LobsterpotError } from '../contract/errors.ts';
import type { CommandArgs, CommandName, CommandResults, Snapshot } from '../contract/contract.ts';
import { snapshot as emptySnapshot } from '../contract/fixtures.ts';
import type { Core } from './core.ts';
import { run, type RunOptions } from './main.ts';

export type Call = { command: CommandName; args: unknown };
export type Answers = Partial<{ [C in CommandName]: (args: CommandArgs<C>) => CommandResults[C] }>;

/** A core that answers `state.snapshot` with `snapshot` and each command with its answer (else `failed`). */
export function fakeCore(
  answers: Answers = {},
  snapshot: Snapshot | (() => Snapshot) = emptySnapshot(),
  host?: Core['host'],
): { core: Core; calls: Call[] } {
  const calls: Call[] = [];
  const execute = async <C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResults[C]> => {
    calls.push({ command, args });
    const answer = answers[command] as ((a: CommandArgs<C>) => CommandResults[C]) | undefined;
    if (!answer) throw new LobsterpotError('failed', `no answer for ${command}`);
    return answer(args);
  };
  const core: Core = {
    actor: 'a fake core',
    snapshot: async () => (typeof snapshot === 'function' ? snapshot() : snapshot),
    execute,
    close: async () => undefined,
    ...(host ? { host } : {}),
  };
  return { core, calls };
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `lobsterpot <argv>` in this process: its exit code, stdout and stderr. */
export async function cli(
  argv: string[],
  core: Core | null = fakeCore().core,
  options: Omit<RunOptions, 'core'> & { env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    argv,
    (text) => out.push(text),
    (text) => err.push(text),
    options.env ?? {},
    {
      ...(core ? { core } : {}),
      terminal: { isTTY: false, ...options.terminal },
      machine: { now: () => 61_000, ...options.machine },
      resolvePath: options.resolvePath ?? ((path) => (path.startsWith('/') ? path : `/cwd/${path}`)),
    },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
