// How `lobsterpot mcp` reaches the fleet: through the host's running supervisor (the app or `serve`) over its control
// socket, naming itself as the author, as the CLI does; with none running, a Manager of its own for the one call, whose
// jobs take each profile's lock (a supervisor that starts later stays the only decider, since none is kept open).
import { LobsterpotError, type CommandArgs, type CommandName, type CommandResults } from '../../contract/contract.ts';
import { lobsterpotDataDir } from '../../platform/node/paths.ts';
import { ControlClient } from '../../supervisor/node/control.ts';

export interface FleetLink {
  execute<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResults[C]>;
}

export interface LinkOptions {
  env: NodeJS.ProcessEnv;
  /** Recorded with a command's intent and in the history: `mcp (rescue)`. */
  author: string;
  /** Where a Manager of its own reports problems (never stdout: that is the protocol's). */
  log: (message: string) => void;
}

export function fleetLink(options: LinkOptions): FleetLink {
  const dataDir = lobsterpotDataDir(options.env);
  return {
    async execute<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResults[C]> {
      const client = await ControlClient.connect(dataDir);
      if (client) {
        try {
          const reply = await client.call(command, args, options.author);
          if (!reply.ok) throw new LobsterpotError(reply.error.code, reply.error.message);
          return reply.result as CommandResults[C];
        } finally {
          client.close();
        }
      }
      const { Manager } = await import('../../supervisor/node/manager.ts');
      const manager = await Manager.open({
        place: { env: options.env },
        face: { origin: options.author },
        shell: { log: options.log },
      });
      try {
        return await manager.execute(command, args);
      } finally {
        // Gateways started here keep running: the next supervisor adopts them.
        await manager.close({ leave: true });
      }
    },
  };
}
