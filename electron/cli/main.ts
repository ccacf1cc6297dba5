// `lobsterpot`: the same core as the app, for servers and scripts. Parses strictly (args.ts), then reaches the running
// supervisor over its control socket, or acts itself under each profile's lock (core.ts); commands.ts does the rest.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { LobsterpotError } from '../contract/contract.ts';
import { ControlClient, type SupervisorInfo } from '../supervisor/node/control.ts';
import { Hosts } from '../hosts/node/hosts.ts';
import { osEphemeralRange } from '../ports/node/listeners.ts';
import { hostCore } from './host-commands.ts';
import { installCrashPolicy } from '../platform/node/crash-policy.ts';
import { LogTail } from '../gateways/node/logs.ts';
import { Manager } from '../supervisor/node/manager.ts';
import { lobsterpotDataDir } from '../platform/node/paths.ts';
import {
  EXIT,
  LOCAL_ONLY,
  UsageError,
  commandHelp,
  isSet,
  parseCommandLine,
  textOf,
  toolHelp,
  type Parsed,
} from './args.ts';
import { dispatch, type CliContext, type FollowedLog } from './commands.ts';
import { localCore, remoteCore, type Core } from './core.ts';
import { environmentText } from './format.ts';
import { nameSyntaxError } from '../profiles/common/names.ts';

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

function openUrl(url: string): Promise<void> {
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
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

async function follow(file: string, lines: number, onLines: (lines: string[]) => void): Promise<FollowedLog> {
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

function supervisorText(running: SupervisorInfo | null): string {
  if (!running) return 'No Lobsterpot supervisor runs on this host (start the app or `lobsterpot serve`).';
  const who = running.kind === 'app' ? 'the app' : 'lobsterpot serve';
  return `${who} supervises this host (pid ${running.pid}, since ${new Date(running.since).toISOString()})${running.url ? `\nOpen:\n\n  ${running.url}\n` : ''}`;
}

/** With `--host`, a path names a file there: it must be absolute, since this shell's folder means nothing there. */
const onHost = (host: string, command: string) => (path: string) => {
  if (!isAbsolute(path))
    throw new UsageError(`${command}: '${path}' is a path on ${host}: give it whole (absolute) with --host`, command);
  return path;
};

/** `--host NAME`: a link to that host's supervisor for this one command (ssh there, then the tunnel). */
async function openHostCore(name: string, env: NodeJS.ProcessEnv, err: (text: string) => void): Promise<Core> {
  const hosts = await Hosts.open({
    dataDir: lobsterpotDataDir(env),
    keep: false,
    onChange: () => undefined,
    onRemoved: () => undefined,
    ephemeral: () => osEphemeralRange(),
    warn: (message) => err(`warning: ${message}`),
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

export interface RunOptions {
  /** A test's context pieces; the core is opened from `env` unless given. */
  core?: Core;
  context?: Partial<Omit<CliContext, 'core' | 'out' | 'err'>>;
  /** Makes a path given on the command line absolute (the working directory's, unless a test says). */
  resolvePath?: (path: string) => string;
}

export async function run(
  argv: string[],
  out = (text: string) => console.log(text),
  err = (text: string) => console.error(text),
  env: NodeJS.ProcessEnv = process.env,
  options: RunOptions = {},
): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const more = error.command ? `lobsterpot ${error.command} --help` : 'lobsterpot --help';
    err(`lobsterpot: ${error.message}\nSee \`${more}\`.`);
    return EXIT.usage;
  }
  if (parsed.command === 'version') {
    out(`lobsterpot ${VERSION}`);
    return EXIT.ok;
  }
  if (parsed.command === 'help' || isSet(parsed, 'help')) {
    const asked = parsed.command === 'help' ? parsed.positionals[0] : parsed.command;
    const topic = asked ?? (isSet(parsed, 'help') && argv.includes('help') ? 'help' : undefined);
    try {
      out(topic ? commandHelp(topic) : toolHelp());
    } catch (error) {
      err(`lobsterpot: ${(error as Error).message}`);
      return EXIT.usage;
    }
    return EXIT.ok;
  }
  const hostName = textOf(parsed, 'host');
  if (hostName !== undefined && LOCAL_ONLY.has(parsed.command)) {
    err(
      `lobsterpot: --host does not go with ${parsed.command}: it is about this host\nSee \`lobsterpot ${parsed.command} --help\`.`,
    );
    return EXIT.usage;
  }
  if (parsed.command === 'supervisor') {
    const { supervisorReport } = await import('../serve/detach.ts');
    const report = await supervisorReport(lobsterpotDataDir(env));
    out(isSet(parsed, 'json') ? JSON.stringify(report) : supervisorText(report.running));
    return EXIT.ok;
  }
  if (parsed.command === 'mcp') {
    const self = textOf(parsed, 'profile') ?? null;
    const why = self === null ? null : nameSyntaxError(self);
    if (why) {
      err(`lobsterpot: --profile ${why}\nSee \`lobsterpot mcp --help\`.`);
      return EXIT.usage;
    }
    const { serveMcp } = await import('../mcp/node/server.ts');
    // stdout carries the protocol: every word for a person goes to stderr.
    await serveMcp({ env, self, version: VERSION, log: err });
    return EXIT.ok;
  }
  if (parsed.command === 'serve') {
    const port = textOf(parsed, 'port');
    const portValue = port !== undefined && /^\d+$/.test(port) ? Number(port) : port;
    if (isSet(parsed, 'detach')) {
      const { detachServe } = await import('../serve/detach.ts');
      return detachServe({ port: portValue, json: isSet(parsed, 'json'), out, err, env });
    }
    const { serve } = await import('../serve/serve.ts');
    return serve({ port: portValue });
  }

  const uninstall = installCrashPolicy('lobsterpot', err);
  let core = options.core;
  if (!core && hostName !== undefined) {
    try {
      core = await openHostCore(hostName, env, err);
    } catch (error) {
      const code = error instanceof LobsterpotError ? error.code : 'failed';
      if (isSet(parsed, 'json')) out(JSON.stringify({ error: { code, message: (error as Error).message } }, null, 2));
      else err(`lobsterpot: ${(error as Error).message}`);
      uninstall();
      return code === 'failed' ? EXIT.failed : EXIT.refused;
    }
  }
  if (!core) {
    const client = await ControlClient.connect(lobsterpotDataDir(env));
    if (client) core = remoteCore(client);
    else {
      const manager = await Manager.open({ env, origin: 'cli' });
      for (const warning of manager.warnings) err(`warning: ${warning}`);
      core = localCore(manager);
    }
  }
  const json = isSet(parsed, 'json');
  try {
    if (isSet(parsed, 'verbose')) {
      const { environment } = await core.snapshot();
      err(`lobsterpot ${VERSION}: acting through ${core.actor}\n${environmentText(environment)}`);
    }
    const context: CliContext = {
      core,
      out,
      err,
      now: Date.now,
      isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      confirm,
      openUrl,
      follow,
      interrupted,
      ...options.context,
    };
    const resolvePath = options.resolvePath ?? ((path: string) => resolve(path));
    return await dispatch(context, parsed, core.host ? onHost(core.host.name, parsed.command) : resolvePath);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`lobsterpot: ${error.message}\nSee \`lobsterpot ${error.command ? `${error.command} ` : ''}--help\`.`);
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
