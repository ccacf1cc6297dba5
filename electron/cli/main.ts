// `lobsterpot`: the same core as the app, for servers and scripts.
import {
  LobsterpotError,
  type CommandArgs,
  type CommandName,
  type CommandResults,
  type GatewayStatus,
  type Snapshot,
} from '../common/contract.ts';
import { ControlClient } from '../core/control.ts';
import { installCrashPolicy } from '../core/crash-policy.ts';
import { Manager } from '../core/manager.ts';
import { lobsterpotDataDir } from '../core/paths.ts';
import { findingsText, profilesTable, statusTable } from './format.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3 } as const;

const USAGE = `Usage: lobsterpot <command> [options]

Commands:
  list                          the OpenClaw profiles on this host and their ports
  status [profile|--all]        state of each gateway (pid, owner, uptime, restarts) and port findings
  start [profile|--all]         start and wait until ready; the gateway keeps running after lobsterpot exits
  stop [profile|--all]          stop (SIGTERM, grace period, then the process group is killed); --force skips the grace
  restart [profile|--all]       stop, then start
  create <name> [--port N]      a new isolated profile through OpenClaw's own onboarding (port: the suggested one)
         [--rescue]             ... with the rescue-bot preset
  serve [--port N]              the manager window over loopback HTTP, for a headless host

Options:
  --json                        machine-readable output (see README, "The lobsterpot command")
  --help                        this text

Exit codes: 0 done, 1 failed, 2 usage error, 3 refused (bad input, port conflict or blocked, config error).`;

interface Parsed {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgv(argv: string[]): Parsed {
  const [command = 'help', ...rest] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      if (inline !== undefined) flags.set(key, inline);
      else if (key === 'port' && rest[i + 1] !== undefined) flags.set(key, rest[++i] as string);
      else flags.set(key, true);
    } else positional.push(arg);
  }
  return { command, positional, flags };
}

class UsageError extends Error {}

const numberOrText = (value: string | true | undefined): unknown =>
  value === undefined ? undefined : value === true ? '' : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;

/**
 * What a command talks to: the host's running supervisor (the app or `serve`) over its control socket, so that it is
 * the one that decides; or, with none running, a Manager of its own whose jobs take each profile's lock.
 */
interface Core {
  execute<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandResults[C]>;
  snapshot(): Promise<Snapshot>;
  close(): Promise<void>;
}

function remoteCore(client: ControlClient): Core {
  const execute = async <C extends CommandName>(command: C, args: CommandArgs<C>) => {
    const reply = await client.call(command, args);
    if (!reply.ok) throw new LobsterpotError(reply.error.code, reply.error.message);
    return reply.result as CommandResults[C];
  };
  return {
    execute,
    snapshot: () => execute('state.snapshot', {}),
    close: async () => client.close(),
  };
}

function localCore(manager: Manager): Core {
  return {
    execute: (command, args) => manager.execute(command, args),
    snapshot: async () => manager.snapshot(),
    // Gateways started here keep running: a later command finds them again by adoption.
    close: () => manager.close({ leave: true }),
  };
}

async function targets(core: Core, parsed: Parsed, command: string): Promise<string[]> {
  const all = parsed.flags.has('all');
  const [name, ...extra] = parsed.positional;
  if (extra.length) throw new UsageError(`${command} takes one profile name (or --all)`);
  if (all && name) throw new UsageError(`${command}: give a profile name or --all, not both`);
  if (all || (name === undefined && command === 'status')) {
    const { profiles, gateways } = await core.snapshot();
    // `start --all` leaves out folders that are not set up: `list` and `status` show them, never as an error.
    const running = (name: string) => gateways.some((g) => g.profile === name && g.pid !== null);
    return profiles.filter((p) => command === 'status' || p.configured || running(p.name)).map((p) => p.name);
  }
  if (name === undefined) throw new UsageError(`${command} needs a profile name, or --all`);
  return [name];
}

export async function run(
  argv: string[],
  out = (text: string) => console.log(text),
  err = (text: string) => console.error(text),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const parsed = parseArgv(argv);
  const json = parsed.flags.has('json');
  if (parsed.command === 'help' || parsed.flags.has('help')) {
    out(USAGE);
    return EXIT.ok;
  }
  const known = ['list', 'status', 'start', 'stop', 'restart', 'create', 'serve'];
  if (!known.includes(parsed.command)) {
    err(`lobsterpot: unknown command '${parsed.command}'\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.command === 'serve') {
    const { serve } = await import('../serve/serve.ts');
    return serve({ port: numberOrText(parsed.flags.get('port')) });
  }

  const uninstall = installCrashPolicy('lobsterpot', err);
  const client = await ControlClient.connect(lobsterpotDataDir(env));
  let core: Core;
  if (client) core = remoteCore(client);
  else {
    const manager = await Manager.open({ env, origin: 'cli' });
    for (const warning of manager.warnings) err(`warning: ${warning}`);
    core = localCore(manager);
  }
  try {
    return await dispatch(core, parsed, json, out);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`lobsterpot: ${error.message}`);
      return EXIT.usage;
    }
    const code = error instanceof LobsterpotError ? error.code : 'failed';
    const message = (error as Error).message;
    if (json) out(JSON.stringify({ error: { code, message } }, null, 2));
    else err(`lobsterpot: ${message}`);
    return code === 'failed' ? EXIT.failed : EXIT.refused;
  } finally {
    await core.close();
    uninstall();
  }
}

async function dispatch(core: Core, parsed: Parsed, json: boolean, out: (text: string) => void): Promise<number> {
  const print = (value: unknown, human: () => string) => out(json ? JSON.stringify(value, null, 2) : human());
  switch (parsed.command) {
    case 'list': {
      const { profiles, gateways, environment } = await core.snapshot();
      print(
        {
          profiles: profiles.map((p) => ({
            ...p,
            state: gateways.find((g) => g.profile === p.name)?.state ?? 'stopped',
          })),
          environment,
        },
        () =>
          [
            profilesTable(profiles, gateways),
            environment.problem ? `\n${environment.problem}\n${environment.fix ?? ''}` : '',
          ]
            .join('')
            .trimEnd(),
      );
      return EXIT.ok;
    }
    case 'status': {
      const names = await targets(core, parsed, 'status');
      const snapshot = await core.snapshot();
      const gateways = names.map((name) =>
        snapshot.gateways.find((g) => g.profile.toLowerCase() === name.toLowerCase()),
      );
      const missing = names.filter((_, i) => !gateways[i]);
      if (missing.length) throw new LobsterpotError('not-found', `no profile named '${missing[0]}'`);
      const found = gateways as GatewayStatus[];
      const findings = snapshot.findings.filter((f) => f.profiles.some((p) => names.includes(p)));
      print({ gateways: found, findings, environment: snapshot.environment }, () =>
        [
          statusTable(found, Date.now()),
          findings.length ? findingsText(findings) : '',
          snapshot.environment.problem ? `${snapshot.environment.problem}\n${snapshot.environment.fix ?? ''}` : '',
        ]
          .filter(Boolean)
          .join('\n\n'),
      );
      return EXIT.ok;
    }
    case 'start':
    case 'stop':
    case 'restart': {
      const command = parsed.command;
      const names = await targets(core, parsed, command);
      const force = parsed.flags.has('force');
      const results = await Promise.all(
        names.map(async (name) => {
          try {
            const status =
              command === 'start'
                ? await core.execute('gateway.start', { name })
                : command === 'restart'
                  ? await core.execute('gateway.restart', { name })
                  : await core.execute('gateway.stop', { name, force });
            const ok =
              command === 'stop' ? status.state === 'stopped' : status.state === 'ready' || status.state === 'external';
            const reason = 'reason' in status ? status.reason : status.activeWork;
            return { profile: status.profile, ok, refused: false, state: status.state, reason: reason ?? null };
          } catch (error) {
            const refused = error instanceof LobsterpotError && error.code !== 'failed';
            return { profile: name, ok: false, refused, state: null, reason: (error as Error).message };
          }
        }),
      );
      print({ results }, () =>
        results
          .map(
            (r) =>
              `${r.profile}: ${r.ok ? (r.state ?? '') : r.refused ? 'refused' : `failed${r.state ? ` (${r.state})` : ''}`}${r.reason ? ` — ${r.reason}` : ''}`,
          )
          .join('\n'),
      );
      if (results.every((r) => r.ok)) return EXIT.ok;
      return results.some((r) => !r.ok && !r.refused) ? EXIT.failed : EXIT.refused;
    }
    case 'create': {
      const [name, ...extra] = parsed.positional;
      if (name === undefined || extra.length) throw new UsageError('create needs exactly one profile name');
      const port = numberOrText(parsed.flags.get('port'));
      const profile = await core.execute('profiles.create', {
        name,
        ...(port === undefined ? {} : { port }),
        ...(parsed.flags.has('rescue') ? { preset: 'rescue' } : {}),
      });
      print(
        { profile },
        () =>
          `created ${profile.name} on port ${profile.effectivePort} (ports ${profile.footprint.block.from}-${profile.footprint.block.to}) in ${profile.stateDir}`,
      );
      return EXIT.ok;
    }
  }
  throw new UsageError(`unknown command '${parsed.command}'`);
}
