// What a command talks to: the host's running supervisor (the app or `serve`) over its control socket, so that it is
// the one that decides; or, with none running, a Manager of its own whose jobs take each profile's lock.
import { LobsterpotError } from '../contract/errors.ts';
import { checkResult } from '../contract/commands.ts';
import type { CommandArgs, CommandName, CommandResults, LobsterpotEvent, Snapshot } from '../contract/contract.ts';
import type { ControlClient } from '../supervisor/node/control.ts';
import type { Manager } from '../supervisor/node/manager.ts';

/** A close that runs once, however often it is asked for (a command may end its core early). */
const once = (close: () => Promise<void>) => {
  let closing: Promise<void> | null = null;
  return () => (closing ??= close());
};

export interface Core {
  execute<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResults[C]>;
  snapshot(): Promise<Snapshot>;
  /** Who acts: "the app's supervisor (pid 123)" or "this command (no supervisor runs)". */
  readonly actor: string;
  /** Ends the connection or the command's own Manager; safe to call again. */
  close(): Promise<void>;
  /** Set when the core is another host's supervisor (`--host`): its files are there, its events come from there. */
  readonly host?: {
    name: string;
    destination: string;
    sshConfig: string | null;
    onEvent(listener: (event: LobsterpotEvent) => void): () => void;
    /** Told when the link to the host is lost (a `--host` link does not come back). */
    onLost(listener: (reason: string) => void): () => void;
  };
}

/** The running supervisor, through what a command uses of its control client. */
export function remoteCore(client: Pick<ControlClient, 'info' | 'call' | 'close'>): Core {
  const execute = async <C extends CommandName>(command: C, args: CommandArgs<C>) => {
    // The CLI says who it is: the history credits a person's command to `cli`, not to the supervisor it went through.
    const reply = await client.call(command, args, 'cli');
    if (!reply.ok) throw new LobsterpotError(reply.error.code, reply.error.message);
    return checkResult(command, reply.result, 'the supervisor');
  };
  return {
    execute,
    snapshot: () => execute('state.snapshot', {}),
    actor: `the ${client.info.kind === 'app' ? 'app' : '`lobsterpot serve`'} supervisor (pid ${client.info.pid})`,
    close: once(async () => client.close()),
  };
}

export function localCore(manager: Manager): Core {
  return {
    execute: (command, args) => manager.execute(command, args),
    snapshot: async () => manager.snapshot(),
    actor: 'this command itself (no supervisor runs)',
    // Gateways started here keep running: a later command finds them again by adoption.
    close: once(async () => {
      await manager.close({ leave: true });
    }),
  };
}
