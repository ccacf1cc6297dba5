// `lobsterpot host …` (the hosts this Lobsterpot knows) and `--host NAME` (any command, run by another host's
// supervisor through an ssh tunnel opened for this one command).
import {
  LobsterpotError,
  type CommandArgs,
  type CommandName,
  type CommandResults,
  type HostView,
} from '../contract/contract.ts';
import type { HostLink } from '../hosts/node/link.ts';
import { EXIT, UsageError, textOf, type Parsed } from './args.ts';
import type { CliContext } from './commands.ts';
import type { Core } from './core.ts';
import { interleave, type LogEntry } from './format.ts';

type Printer = (value: unknown, human: () => string) => void;

const stateText = (host: HostView, now: number): string => {
  const retry = host.retryAt ? `, retrying in ${Math.max(0, Math.round((host.retryAt - now) / 1000))} s` : '';
  if (host.state === 'connected')
    return `connected (${host.supervisor?.kind === 'app' ? 'the app' : 'lobsterpot serve'}, pid ${host.supervisor?.pid ?? '?'})`;
  return `${host.state}${host.message ? `: ${host.message}` : ''}${retry}`;
};

export function hostsText(hosts: HostView[], now: number): string {
  if (!hosts.length) return 'No other hosts. Add one with `lobsterpot host add NAME user@host`.';
  const rows = hosts.map((host) => {
    const gateways = host.remote?.live ? `${host.remote.profiles.length} profiles` : '';
    return [host.name, host.destination, stateText(host, now), gateways];
  });
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length), i ? 11 : 4));
  const line = (row: string[]) =>
    `${(row[0] ?? '').padEnd(widths[0] ?? 0)}  ${(row[1] ?? '').padEnd(widths[1] ?? 0)}  ${row[2] ?? ''}${row[3] ? ` — ${row[3]}` : ''}`;
  return [line(['HOST', 'DESTINATION', 'STATE']), ...rows.map(line)].join('\n');
}

/** `lobsterpot host add|list|remove|reconnect`. */
export async function hostCommand(
  ctx: CliContext,
  parsed: Parsed,
  print: Printer,
  resolvePath: (path: string) => string,
): Promise<number> {
  const [verb, name, destination] = parsed.positionals;
  const usage = (why: string) =>
    new UsageError(`host: ${why} (lobsterpot host add NAME DESTINATION | list | remove NAME | reconnect NAME)`, 'host');
  switch (verb) {
    case 'list':
    case undefined: {
      if (name !== undefined) throw usage('list takes no name');
      const hosts = (await ctx.core.snapshot()).hosts ?? [];
      print({ hosts }, () => hostsText(hosts, ctx.now()));
      return EXIT.ok;
    }
    case 'add': {
      if (name === undefined || destination === undefined) throw usage('add takes a name and an ssh destination');
      const sshConfig = textOf(parsed, 'ssh-config');
      const command = textOf(parsed, 'command');
      const host = await ctx.core.execute('hosts.add', {
        name,
        destination,
        sshConfig: sshConfig === undefined ? null : resolvePath(sshConfig),
        ...(command === undefined ? {} : { command }),
      });
      print({ host }, () =>
        [
          `added ${host.name} (${host.destination}).`,
          host.state === 'lost' && !host.retryAt
            ? `The app or \`lobsterpot serve\` keeps it connected; \`lobsterpot --host ${host.name} status\` reaches it now.`
            : `Connecting: \`lobsterpot host list\` shows how it goes.`,
        ].join('\n'),
      );
      return EXIT.ok;
    }
    case 'remove': {
      if (name === undefined || destination !== undefined) throw usage('remove takes one name');
      const result = await ctx.core.execute('hosts.remove', { name });
      print(result, () => `removed host ${name} (its gateways keep running there)`);
      return EXIT.ok;
    }
    case 'reconnect': {
      if (name === undefined || destination !== undefined) throw usage('reconnect takes one name');
      const host = await ctx.core.execute('hosts.reconnect', { name });
      print({ host }, () => `${host.name}: ${stateText(host, ctx.now())}`);
      return host.state === 'connected' ? EXIT.ok : EXIT.failed;
    }
    default:
      throw usage(`unknown action '${verb}'`);
  }
}

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
    await Promise.race([gone, ctx.interrupted()]);
  } finally {
    stop();
    stopLost();
  }
  if (lost === null) return EXIT.ok;
  ctx.err(`lobsterpot: stopped following: ${lost}`);
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
    return (await link.call(command, args)) as CommandResults[C];
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
