// `--host NAME`: any command, run by another host's supervisor through an ssh tunnel opened for this one command.
import { LobsterpotError, type CommandArgs, type CommandName } from '../contract/contract.ts';
import type { HostLink } from '../hosts/node/link.ts';
import { EXIT, type CliContext } from './spec.ts';
import type { Core } from './core.ts';
import { interleave, type LogEntry } from './format.ts';

/** `logs --follow --host NAME`: the host's own log-line events through the tunnel (its files are there). */
export async function followRemote(
  ctx: CliContext,
  host: NonNullable<Core['host']>,
  names: string[],
  tails: { lines: string[] }[],
  count: number,
  show: (entries: LogEntry[]) => void,
): Promise<number> {
  show(interleave(names.map((profile, i) => ({ profile, lines: tails[i]?.lines ?? [] }))).slice(-count));
  const wanted = new Set(names);
  const stop = host.onEvent((event) => {
    if (event.type === 'log-lines' && wanted.has(event.name))
      show(interleave([{ profile: event.name, lines: event.lines }]));
  });
  let lost: string | null = null;
  let wake = () => {};
  const gone = new Promise<void>((resolve) => (wake = resolve));
  const stopLost = host.onLost((reason) => {
    lost = reason;
    wake();
  });
  try {
    await Promise.race([gone, ctx.machine.interrupted()]);
  } finally {
    stop();
    stopLost();
  }
  if (lost === null) return EXIT.ok;
  ctx.terminal.err(`lobsterpot: stopped following: ${lost}`);
  return EXIT.failed;
}

/** A dashboard on another host listens on its loopback: OpenClaw's own way there is a tunnel of the person's. */
export function remoteDashboard(host: NonNullable<Core['host']>, profile: string, port: number): LobsterpotError {
  const config = host.sshConfig ? `-F ${host.sshConfig} ` : '';
  return new LobsterpotError(
    'refused',
    `${profile}'s dashboard listens on ${host.name}'s loopback (port ${port}): open a tunnel to it, then the page:\n` +
      `  ssh ${config}-N -L ${port}:127.0.0.1:${port} ${host.destination}\n  http://127.0.0.1:${port}/`,
  );
}

/** A Core that is another host's supervisor, through `link` (connected by the caller); closing ends the tunnel. */
export function hostCore(link: HostLink): Core {
  const execute = async <C extends CommandName>(command: C, args: CommandArgs<C>) => {
    if (command.startsWith('hosts.'))
      throw new LobsterpotError('refused', `hosts are managed from this host, not through --host`);
    return link.call(command, args);
  };
  let closing: Promise<void> | null = null;
  return {
    execute,
    snapshot: () => execute('state.snapshot', {}),
    get actor() {
      const supervisor = link.view().supervisor;
      return `the Lobsterpot supervisor on ${link.name} (${supervisor?.kind === 'app' ? 'the app' : 'lobsterpot serve'}, pid ${supervisor?.pid ?? '?'}), through an ssh tunnel`;
    },
    close: () => (closing ??= link.close()),
    host: {
      name: link.name,
      destination: link.config.destination,
      sshConfig: link.config.sshConfig,
      onEvent: (listener) => link.onEvent(listener),
      onLost: (listener) => link.onLost(listener),
    },
  };
}
