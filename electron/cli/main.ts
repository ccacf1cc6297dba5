// `lobsterpot`: the same core as the app, for servers and scripts. Parses against the one table (args.ts, table.ts),
// binds the command line to a contract command (bind.ts), then reaches the running supervisor over its control socket,
// or acts itself under each profile's lock (core.ts). Only the table and the printers load up front: the binder, the
// socket client and the rest load when a command needs them, so `--version` and `--help` load nothing else.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LobsterpotError } from '../contract/errors.ts';
import { COMMANDS, EXIT, UsageError, commandHelp, parseCommandLine, textOf, toolHelp, type Parsed } from './args.ts';
import type { Core } from './core.ts';
import type { CliContext, CliEntry, FollowedLog, Machine, Request, Terminal } from './spec.ts';

export { EXIT } from './args.ts';

export const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

/** The platform's opener for a URL, run without a shell. */
export function openerFor(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in (a shell); the URL protocol handler opens the default browser without one.
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

async function openUrl(url: string): Promise<void> {
  const { execFile } = await import('node:child_process');
  const { command, args } = openerFor(process.platform, url);
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 15_000 }, (error) =>
      error
        ? reject(
            new LobsterpotError(
              'failed',
              `could not open ${url} with ${command} (${error.message}); --print prints the URL instead`,
            ),
          )
        : resolve(),
    );
  });
}

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

async function follow(file: string, lines: number, onLines: (lines: string[]) => void): Promise<FollowedLog> {
  const { LogTail } = await import('../gateways/node/logs.ts');
  const tail = new LogTail(file, onLines, lines);
  await tail.start();
  // The tail watches the folder; a poll each second also catches what a watcher misses (network file systems).
  const timer = setInterval(() => void tail.poll(), 1000);
  return {
    lines: tail.lines(lines),
    stop: async () => {
      clearInterval(timer);
      await tail.stop();
    },
  };
}

// `on`, not `once`: signal-exit (proper-lockfile's) re-raises a signal it finds no other listener for.
const interrupted = () =>
  new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve());
  });

/** A path typed here, made canonical: absolute from the working directory; `~` is left for the core to expand. */
const here = (path: string) => (path.startsWith('~') ? path : resolve(path));

/** With `--host`, a path names a file there: it must be absolute, since this shell's folder means nothing there. */
const onHost = (host: string, command: string) => (path: string) => {
  if (!isAbsolute(path) && !path.startsWith('~'))
    throw new UsageError(`${command}: '${path}' is a path on ${host}: give it whole (absolute) with --host`, command);
  return path;
};

/** `--host NAME`: a link to that host's supervisor for this one command (ssh there, then the tunnel). */
async function openHostCore(name: string, env: NodeJS.ProcessEnv, err: (text: string) => void): Promise<Core> {
  const [{ Hosts }, { osEphemeralRange }, { lobsterpotDataDir }, { hostCore }] = await Promise.all([
    import('../hosts/node/hosts.ts'),
    import('../ports/node/listeners.ts'),
    import('../platform/node/paths.ts'),
    import('./host-commands.ts'),
  ]);
  const hosts = await Hosts.open({
    dataDir: lobsterpotDataDir(env),
    keep: false,
    report: { changed: () => undefined, removed: () => undefined, warn: (message) => err(`warning: ${message}`) },
    reach: { ephemeral: () => osEphemeralRange() },
  });
  const link = hosts.linkFor(name);
  try {
    await link.connect({ say: (message) => err(`${message} …`) });
  } catch (error) {
    await link.close();
    throw new LobsterpotError('failed', `cannot reach host '${link.name}': ${(error as Error).message}`);
  }
  return hostCore(link);
}

/** This host's core: its running supervisor when one answers, else a Manager of this command's own. */
async function openCore(env: NodeJS.ProcessEnv, err: (text: string) => void): Promise<Core> {
  const [{ ControlClient, livingHolder }, { lobsterpotDataDir }, { remoteCore, localCore }] = await Promise.all([
    import('../supervisor/node/control.ts'),
    import('../platform/node/paths.ts'),
    import('./core.ts'),
  ]);
  const client = await ControlClient.connect(lobsterpotDataDir(env));
  if (client) return remoteCore(client);
  const holder = await livingHolder(lobsterpotDataDir(env));
  if (holder) {
    // Acting alone beside a living supervisor would be two deciders once it answers again.
    const { pid, kind } = holder.info;
    throw new LobsterpotError(
      'failed',
      `${kind === 'app' ? 'the app' : 'lobsterpot serve'} (pid ${pid}) supervises this host but does not answer${holder.state ? `: its process is ${holder.state}` : ''}. Let it go on (kill -CONT ${pid}) or end it, then try again.`,
    );
  }
  const { Manager } = await import('../supervisor/node/manager.ts');
  const manager = await Manager.open({ place: { env }, face: { origin: 'cli' } });
  for (const warning of manager.warnings) err(`warning: ${warning}`);
  return localCore(manager);
}

/** A core for the commands that need none (serve, supervisor, openclaw): using it is a bug. */
const noCore: Core = {
  actor: 'no core',
  execute: () => Promise.reject(new Error('this command has no core')),
  snapshot: () => Promise.reject(new Error('this command has no core')),
  close: async () => undefined,
};

export interface RunOptions {
  /** The core is opened from `env` unless given (a test's fake core). */
  core?: Core;
  /** Whether a person is at the terminal and how they are asked (a test says; else stdin and stdout tell). */
  terminal?: Partial<Pick<Terminal, 'isTTY' | 'confirm'>>;
  /** The machine's time, browser, log files and Ctrl-C (a test gives its own; else this process's). */
  machine?: Partial<Machine>;
  /** Makes a path given on the command line absolute (the working directory's, unless a test says). */
  resolvePath?: (path: string) => string;
}

/** `--json` anywhere before `--`: then every answer is JSON, a usage error too. */
const wantsJson = (argv: readonly string[]) => {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
};

/** The code and exit of an error, and how it is said: JSON on stdout with `--json`, a line on stderr otherwise. */
function report(error: unknown, json: boolean, out: (text: string) => void, err: (text: string) => void): number {
  if (error instanceof UsageError) {
    const help = `lobsterpot ${error.command ? `${error.command} ` : ''}--help`;
    if (json) out(JSON.stringify({ error: { code: 'usage', message: error.message, help } }, null, 2));
    else err(`lobsterpot: ${error.message}\nSee \`${help}\`.`);
    return EXIT.usage;
  }
  const code = error instanceof LobsterpotError ? error.code : 'failed';
  const message = (error as Error).message;
  if (json) out(JSON.stringify({ error: { code, message } }, null, 2));
  else err(`lobsterpot: ${message}`);
  return code === 'failed' ? EXIT.failed : EXIT.refused;
}

export async function run(
  argv: string[],
  out = (text: string) => console.log(text),
  err = (text: string) => console.error(text),
  env: NodeJS.ProcessEnv = process.env,
  options: RunOptions = {},
): Promise<number> {
  let json = wantsJson(argv);
  let parsed: Parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    return report(error, json, out, err);
  }
  json = parsed.values.json === true;
  if (parsed.command === 'version') {
    out(json ? JSON.stringify({ version: VERSION }) : `lobsterpot ${VERSION}`);
    return EXIT.ok;
  }
  if (parsed.command === 'help' || parsed.values.help === true) {
    // `lobsterpot help --help` tells about help; `lobsterpot --help` (parsed as help) about everything.
    const helpOfHelp = argv.includes('help') && parsed.values.help === true;
    const asked =
      parsed.command === 'help' ? (parsed.positionals[0] ?? (helpOfHelp ? 'help' : undefined)) : parsed.command;
    try {
      out(asked ? commandHelp(asked) : toolHelp());
    } catch (error) {
      return report(error, false, out, err);
    }
    return EXIT.ok;
  }
  const spec = COMMANDS[parsed.command] as CliEntry;
  const hostName = textOf(parsed, 'host');
  if (hostName !== undefined && spec.localOnly)
    return report(
      new UsageError(`--host does not go with ${parsed.command}: it is about this host`, parsed.command),
      json,
      out,
      err,
    );
  // Paths are bound before the core opens: with --host (or a test's host core) they are the host's.
  const onHostNamed = hostName ?? options.core?.host?.name;
  const resolvePath = onHostNamed !== undefined ? onHost(onHostNamed, parsed.command) : (options.resolvePath ?? here);

  let request: Request;
  try {
    request = spec.sends.length
      ? (await import('./bind.ts')).bind(parsed.command, spec, parsed, resolvePath)
      : {
          entry: parsed.command,
          command: undefined as never,
          args: {} as never,
          values: parsed.values,
          positionals: parsed.positionals,
          json,
        };
  } catch (error) {
    return report(error, json, out, err);
  }

  const { installCrashPolicy } = await import('../platform/node/crash-policy.ts');
  const uninstall = installCrashPolicy('lobsterpot', err);
  let core: Core | undefined = options.core ?? (spec.coreless ? noCore : undefined);
  try {
    core ??= hostName !== undefined ? await openHostCore(hostName, env, err) : await openCore(env, err);
  } catch (error) {
    uninstall();
    return report(error, json, out, err);
  }
  try {
    if (parsed.values.verbose === true && !spec.coreless) {
      const { environment } = await core.snapshot();
      const { environmentText } = await import('./format.ts');
      err(`lobsterpot ${VERSION}: acting through ${core.actor}\n${environmentText(environment)}`);
    }
    const context: CliContext = {
      core,
      terminal: {
        out,
        err,
        print: (value, text) => out(json ? JSON.stringify(value, null, 2) : text()),
        isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        confirm,
        ...options.terminal,
      },
      machine: { now: Date.now, openUrl, follow, interrupted, ...options.machine },
      env,
      resolvePath,
    };
    if (spec.run) return await spec.run(context, request);
    const result = await core.execute(request.command, request.args);
    context.terminal.print(result, () => spec.text?.(result, context, request) ?? JSON.stringify(result, null, 2));
    return spec.exit?.(result) ?? EXIT.ok;
  } catch (error) {
    return report(error, json, out, err);
  } finally {
    await core.close();
    uninstall();
  }
}
