// The `lobsterpot` command line: one table of commands and their flags, parsed strictly with node:util's parseArgs.
// The help texts (and the README's reference) are generated from the same table, so they cannot drift apart.
import { parseArgs, type ParseArgsOptionDescriptor } from 'node:util';

export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3 } as const;

export class UsageError extends Error {
  /** The command whose help the message points to, if any. */
  readonly command: string | null;
  constructor(message: string, command: string | null = null) {
    super(message);
    this.command = command;
  }
}

interface FlagSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** The value's name in help (`N`, `PATH`); string flags only. */
  value?: string;
  multiple?: boolean;
  help: string;
}

export interface CommandSpec {
  /** `<name> [--port N]`: the arguments as help shows them. */
  usage: string;
  summary: string;
  /** More lines for `lobsterpot help <command>`. */
  details?: string[];
  positionals: { min: number; max: number };
  flags: Record<string, FlagSpec>;
  /** Accepts `--json`. */
  json?: boolean;
}

const json: FlagSpec = { type: 'boolean', help: 'machine-readable output (stable; see the README)' };
const all: FlagSpec = { type: 'boolean', help: 'every profile that is set up' };
const port: FlagSpec = { type: 'string', value: 'N', help: 'the base port (default: the suggested one)' };

export const COMMANDS: Record<string, CommandSpec> = {
  list: {
    usage: '',
    summary: 'the OpenClaw profiles on this host, their state and ports',
    positionals: { min: 0, max: 0 },
    flags: {},
    json: true,
  },
  status: {
    usage: '[profile|--all]',
    summary: 'state of each gateway (pid, owner, uptime, restarts), findings, the OpenClaw used',
    positionals: { min: 0, max: 1 },
    flags: { all },
    json: true,
  },
  start: {
    usage: '<profile|--all>',
    summary: 'start and wait until ready; the gateway keeps running after lobsterpot exits',
    positionals: { min: 0, max: 1 },
    flags: { all },
    json: true,
  },
  stop: {
    usage: '<profile|--all> [--force]',
    summary: 'SIGTERM, the grace period, then the process group is killed',
    positionals: { min: 0, max: 1 },
    flags: { all, force: { type: 'boolean', help: 'skip the grace period' } },
    json: true,
  },
  restart: {
    usage: '<profile|--all> [--rolling]',
    summary: 'stop, then start (one job: nothing else runs on the profile in between)',
    details: [
      'With --all --rolling: the running gateways one at a time, each back to ready before the next, stopping at the',
      'first that fails; the report says which restarted, which failed and why, which were not tried (exit 1 if any failed).',
    ],
    positionals: { min: 0, max: 1 },
    flags: { all, rolling: { type: 'boolean', help: 'with --all: one gateway at a time, each ready before the next' } },
    json: true,
  },
  create: {
    usage: '<name> [--port N] | --rescue [name]',
    summary: "a new isolated profile through OpenClaw's own onboarding",
    details: ['A port held by another process or inside another profile is refused (exit 3), naming the holder.'],
    positionals: { min: 0, max: 1 },
    flags: { port, rescue: { type: 'boolean', help: 'the rescue-bot preset (named `rescue` unless named)' } },
    json: true,
  },
  clone: {
    usage: '<from> <name> [--port N]',
    summary: "a copy of a profile's config under a new name and port",
    details: ['Explicit CDP ports move with the base port; the flags (restart on crash, colour, notes) are copied.'],
    positionals: { min: 2, max: 2 },
    flags: { port },
    json: true,
  },
  edit: {
    usage: '<profile> [--port N] [--workspace PATH] [--cdp-url URL] [--browser-cdp-port|-url NAME=VALUE]',
    summary: "change a profile's ports and paths through OpenClaw's own config writer",
    details: [
      'An empty value removes a setting: --cdp-url "" unpins browser.cdpUrl, --browser-cdp-port work= drops that port.',
      'A port change on a running gateway needs a restart (a hot reload keeps the old port): the output says so.',
    ],
    positionals: { min: 1, max: 1 },
    flags: {
      port: { type: 'string', value: 'N', help: 'the new base port' },
      workspace: { type: 'string', value: 'PATH', help: 'the agents workspace' },
      'cdp-url': { type: 'string', value: 'URL', help: 'pin browser.cdpUrl ("" removes the pin)' },
      'browser-cdp-port': {
        type: 'string',
        value: 'NAME=N',
        multiple: true,
        help: "a browser profile's cdpPort (NAME= removes it)",
      },
      'browser-cdp-url': {
        type: 'string',
        value: 'NAME=URL',
        multiple: true,
        help: "a browser profile's cdpUrl (NAME= removes it)",
      },
    },
    json: true,
  },
  flags: {
    usage:
      '<profile> [--autostart on|off] [--restart-on-crash on|off] [--mcp-actions on|off] [--color HEX] [--notes T]',
    summary: "Lobsterpot's own flags for a profile",
    details: ['Without a flag it prints the current ones.'],
    positionals: { min: 1, max: 1 },
    flags: {
      autostart: { type: 'string', value: 'on|off', help: 'start with Lobsterpot (at login or launch)' },
      'restart-on-crash': { type: 'string', value: 'on|off', help: 'restart after an unexpected exit' },
      color: { type: 'string', value: 'HEX', help: 'a colour like #ff8800, or none' },
      notes: { type: 'string', value: 'TEXT', help: 'free text' },
      'mcp-actions': {
        type: 'string',
        value: 'on|off',
        help: "its agent's `lobsterpot mcp` may start, stop and restart the other profiles",
      },
    },
    json: true,
  },
  delete: {
    usage: '<profile> [--backup|--trash] [--yes]',
    summary: 'stop the gateway, then move its state dir into a dated backup (or the trash)',
    details: ['On a terminal it asks first; elsewhere it is refused (exit 3) unless --yes is given.'],
    positionals: { min: 1, max: 1 },
    flags: {
      backup: { type: 'boolean', help: "into Lobsterpot's backups folder (the default)" },
      trash: { type: 'boolean', help: "into the desktop's trash" },
      yes: { type: 'boolean', short: 'y', help: 'do not ask' },
    },
    json: true,
  },
  logs: {
    usage: '[profile] [-f] [-n N]',
    summary: "a gateway's log, or every gateway's interleaved by time",
    details: [
      'With -f it keeps printing new lines (across rotations) until Ctrl-C; with --json, one JSON object a line.',
    ],
    positionals: { min: 0, max: 1 },
    flags: {
      follow: { type: 'boolean', short: 'f', help: 'keep following' },
      lines: {
        type: 'string',
        short: 'n',
        value: 'N',
        help: 'how many lines to show first (default 50, at most 5000)',
      },
    },
    json: true,
  },
  browser: {
    usage: '<profile> [--via ws|cli]',
    summary: "the gateway's browser status (OpenClaw's `browser status`)",
    positionals: { min: 1, max: 1 },
    flags: {
      via: { type: 'string', value: 'ws|cli', help: "over the gateway's WebSocket (default) or OpenClaw's CLI" },
    },
    json: true,
  },
  ports: {
    usage: '',
    summary: 'the port map: footprints, who listens there, findings, the suggested base port',
    positionals: { min: 0, max: 0 },
    flags: {},
    json: true,
  },
  open: {
    usage: '<profile> [--print]',
    summary: "the gateway's dashboard (OpenClaw's Control UI) in the default browser",
    positionals: { min: 1, max: 1 },
    flags: { print: { type: 'boolean', help: 'print the URL instead' } },
    json: true,
  },
  settings: {
    usage: '[set <key> <value>]',
    summary: "Lobsterpot's settings, or change one",
    details: ['An empty value or `none` clears the OpenClaw or Node location, so that it is searched for again.'],
    positionals: { min: 0, max: 3 },
    flags: {},
    json: true,
  },
  audit: {
    usage: '',
    summary: 'the isolation audit: what two profiles share that they must not (bot tokens, folders)',
    details: ['Credentials are compared by a salted hash and never shown. Exit 3 when an error-level finding exists.'],
    positionals: { min: 0, max: 0 },
    flags: {},
    json: true,
  },
  history: {
    usage: '<profile> [-n N]',
    summary: "a gateway's state changes and their causes, uptime over 24 h and 7 days, outages",
    positionals: { min: 1, max: 1 },
    flags: {
      lines: { type: 'string', short: 'n', value: 'N', help: 'how many changes to show (default 50, at most 1000)' },
    },
    json: true,
  },
  doctor: {
    usage: '<profile>',
    summary: "after exit 78 (config error): OpenClaw's own doctor --fix once, then one start",
    details: ['It runs once per episode: until the gateway has been up again, a second run is refused (exit 3).'],
    positionals: { min: 1, max: 1 },
    flags: {},
    json: true,
  },
  backup: {
    usage: '<profile> [--output DIR]',
    summary: "an archive of a profile's config and state (OpenClaw's own backup where it has one)",
    positionals: { min: 1, max: 1 },
    flags: { output: { type: 'string', value: 'DIR', help: "where the archive goes (default: Lobsterpot's backups)" } },
    json: true,
  },
  restore: {
    usage: '<archive> <name> [--port N]',
    summary: 'a backup into a new profile with its own ports and token; never overwrites one',
    positionals: { min: 2, max: 2 },
    flags: { port },
    json: true,
  },
  handover: {
    usage: '<profile> --to lobsterpot|service',
    summary: 'hand a gateway to Lobsterpot (its OS service removed) or to an OS service',
    positionals: { min: 1, max: 1 },
    flags: { to: { type: 'string', value: 'lobsterpot|service', help: 'who runs the gateway from now on' } },
    json: true,
  },
  ack: {
    usage: '<profile>',
    summary: "acknowledge the watchdog's alert: quiet until the gateway is ready again",
    positionals: { min: 1, max: 1 },
    flags: {},
    json: true,
  },
  export: {
    usage: '<compose|kubernetes> [profiles…] [--output DIR] [--force]',
    summary: "the fleet as a Docker Compose project or a Kustomize tree, in OpenClaw's official layout",
    details: [
      'Without profiles: every profile that is set up. The isolation audit runs first: profiles that share a credential',
      'or state are refused (exit 3), as is a folder that is not empty (unless --force). Tokens go to 0600 *.env files.',
      'See docs/SCALE.md for what moves where, and when to move a fleet.',
    ],
    positionals: { min: 1, max: 1001 },
    flags: {
      output: {
        type: 'string',
        value: 'DIR',
        help: 'where to write (default: ./openclaw-compose or ./openclaw-kustomize here)',
      },
      force: { type: 'boolean', help: 'write into a folder that is not empty (same-named files are replaced)' },
    },
    json: true,
  },
  serve: {
    usage: '[--port N] [--detach]',
    summary: 'the manager window over loopback HTTP with a token, for a headless host',
    details: [
      'With --detach: starts serve in the background when no supervisor runs here, waits until it listens, prints',
      'where it is and returns (what another host asks for when it adds this one; the log is logs/serve.log).',
    ],
    positionals: { min: 0, max: 0 },
    flags: {
      port: { type: 'string', value: 'N', help: 'the HTTP port (default: a free one outside the ephemeral range)' },
      detach: { type: 'boolean', help: 'run in the background; print its pid and URL' },
    },
    json: true,
  },
  mcp: {
    usage: '[--profile NAME]',
    summary: 'the fleet as MCP tools over stdio, for an agent (the rescue bot wires it into its mcp.servers)',
    details: [
      'Tools: list_profiles, gateway_status, gateway_log, gateway_history, browser_status, isolation_audit (always), and',
      'start_gateway, stop_gateway, restart_gateway: only with --profile, only when that profile has MCP actions on',
      '(`lobsterpot flags NAME --mcp-actions on`), never on NAME itself. Actions are recorded as `mcp (NAME)`.',
    ],
    positionals: { min: 0, max: 0 },
    flags: { profile: { type: 'string', value: 'NAME', help: 'the profile whose agent runs this server' } },
  },
  supervisor: {
    usage: '',
    summary: 'which Lobsterpot supervises this host (the app or serve), its pid and window URL',
    positionals: { min: 0, max: 0 },
    flags: {},
    json: true,
  },
  host: {
    usage: '<add NAME DESTINATION|list|remove NAME|reconnect NAME>',
    summary: 'other hosts, reached over ssh; then `lobsterpot --host NAME <command>` runs any command there',
    details: [
      'DESTINATION is what ssh takes (user@host, an alias from your ssh config); keys and options come from your ssh',
      'config and agent, never a password prompt. Lobsterpot asks there which supervisor runs, starts `lobsterpot serve`',
      'when none does (and says so), and reaches it through `ssh -N -L` on a loopback port; its token stays in memory.',
    ],
    positionals: { min: 0, max: 3 },
    flags: {
      'ssh-config': { type: 'string', value: 'FILE', help: 'with add: an ssh config file to use (ssh -F)' },
      command: { type: 'string', value: 'CMD', help: 'with add: how to run Lobsterpot there (default: lobsterpot)' },
    },
    json: true,
  },
  help: {
    usage: '[command]',
    summary: "this text, or a command's",
    positionals: { min: 0, max: 1 },
    flags: {},
  },
};

const COMMON: Record<string, FlagSpec> = {
  help: { type: 'boolean', short: 'h', help: 'this text' },
  host: { type: 'string', value: 'NAME', help: 'run the command on another host (see `lobsterpot host`)' },
  verbose: { type: 'boolean', short: 'v', help: 'also say which OpenClaw and Node are used, and which supervisor' },
};

// `--json` before the command (`lobsterpot --json status`) is passed on to it.
const TOOL_FLAGS: Record<string, FlagSpec> = {
  ...COMMON,
  version: { type: 'boolean', short: 'V', help: "lobsterpot's version" },
  json,
};

export const EXIT_CODES =
  'Exit codes: 0 done, 1 failed, 2 usage error, 3 refused (bad input, a port conflict or a port held by another process, a config error, an unconfirmed delete, an isolation error in audit).';

export interface Parsed {
  command: string;
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

export const isSet = (parsed: Parsed, name: string) => parsed.values[name] === true;
export const textOf = (parsed: Parsed, name: string): string | undefined => {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
};
export const textsOf = (parsed: Parsed, name: string): string[] => {
  const value = parsed.values[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/** Commands about this host itself: `--host` is not theirs. */
export const LOCAL_ONLY: ReadonlySet<string> = new Set(['serve', 'supervisor', 'host', 'help', 'version', 'mcp']);

function flagsOf(name: string | null): Record<string, FlagSpec> {
  if (name === null) return TOOL_FLAGS;
  const spec = COMMANDS[name] as CommandSpec;
  const { host: _host, ...common } = COMMON;
  return { ...spec.flags, ...(spec.json ? { json } : {}), ...(LOCAL_ONLY.has(name) ? common : COMMON) };
}

/** The edit distance between two words (Levenshtein), for "did you mean". */
export function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next.push(
        Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The candidate closest to `word`, when it is close enough to be what was meant. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

const didYouMean = (word: string, candidates: readonly string[], prefix = '') => {
  const guess = nearest(word, candidates);
  return guess ? `; did you mean ${prefix}${guess}?` : '';
};

/** parseArgs' errors in one short line, with the nearest valid flag for an unknown one. */
function usageOf(error: Error & { code?: string }, command: string | null): UsageError {
  const flags = flagsOf(command);
  const where = command ? `${command}: ` : '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'(-[^']*)'/.exec(error.message)?.[1] ?? '?';
    const name = flag.replace(/^-+/, '').split('=')[0] ?? '';
    return new UsageError(`${where}unknown flag ${flag}${didYouMean(name, Object.keys(flags), '--')}`, command);
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--([\w-]+)/.exec(error.message)?.[1];
    const name = long ?? /'-(\w)/.exec(error.message)?.[1] ?? '';
    const flag = long ? `--${long}` : `-${name}`;
    const spec = flags[name] ?? Object.entries(flags).find(([, f]) => f.short === name)?.[1];
    return new UsageError(
      spec?.type === 'boolean'
        ? `${where}${flag} takes no value`
        : `${where}${flag} needs a value${spec?.value ? ` (${spec.value})` : ''}`,
      command,
    );
  }
  return new UsageError(`${where}${error.message}`, command);
}

/** Parses a whole command line. Throws UsageError (exit 2) for anything it does not know. */
/** Where the command word is: the first argument that is neither a tool flag nor a tool flag's value (`--host NAME`). */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-')) return i;
    const long = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    const short = !arg.startsWith('--') && arg.length === 2 ? arg.slice(1) : null;
    const spec = long ? TOOL_FLAGS[long] : Object.values(TOOL_FLAGS).find((flag) => flag.short === short);
    if (spec?.type === 'string') i++;
  }
  return -1;
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  const at = commandIndex(argv);
  const leading = at < 0 ? [...argv] : argv.slice(0, at);
  if (leading.length) {
    // Flags before the command (`lobsterpot -v status`) are the tool's; the command parses its own.
    let result;
    try {
      result = parseArgs({ args: leading, options: descriptors(TOOL_FLAGS), strict: true, allowPositionals: false });
    } catch (error) {
      throw usageOf(error as Error, null);
    }
    if (at < 0) return { command: result.values.version ? 'version' : 'help', positionals: [], values: result.values };
    const parsed = parseCommandLine(argv.slice(at));
    return { ...parsed, values: { ...result.values, ...parsed.values } };
  }
  const first = argv[0];
  if (first === undefined) return { command: 'help', positionals: [], values: {} };
  const command = first;
  if (!Object.hasOwn(COMMANDS, command))
    throw new UsageError(`unknown command '${command}'${didYouMean(command, Object.keys(COMMANDS))}`);
  const spec = COMMANDS[command] as CommandSpec;
  let result;
  try {
    result = parseArgs({
      args: argv.slice(1),
      options: descriptors(flagsOf(command)),
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw usageOf(error as Error, command);
  }
  const parsed = { command, positionals: result.positionals, values: result.values };
  if (parsed.values.help) return parsed;
  const count = parsed.positionals.length;
  if (count > spec.positionals.max) {
    const extra = parsed.positionals[spec.positionals.max] ?? '';
    throw new UsageError(
      `${command}: unexpected argument '${extra}'${spec.positionals.max === 0 ? ` (${command} takes none)` : ''}`,
      command,
    );
  }
  if (count < spec.positionals.min)
    throw new UsageError(`${command}: usage: lobsterpot ${command} ${spec.usage}`, command);
  return parsed;
}

function descriptors(flags: Record<string, FlagSpec>): Record<string, ParseArgsOptionDescriptor> {
  return Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) },
    ]),
  );
}

function flagLines(flags: Record<string, FlagSpec>): string[] {
  const left = Object.entries(flags).map(
    ([name, f]) => `${f.short ? `-${f.short}, ` : '    '}--${name}${f.value ? ` ${f.value}` : ''}`,
  );
  const width = Math.max(...left.map((l) => l.length));
  return Object.values(flags).map((f, i) => `  ${(left[i] ?? '').padEnd(width)}  ${f.help}`);
}

/** `lobsterpot --help`. */
export function toolHelp(): string {
  const rows = Object.entries(COMMANDS).map(([name, spec]) => [`${name} ${spec.usage}`.trim(), spec.summary]);
  const width = Math.min(34, Math.max(...rows.map(([left]) => (left ?? '').length)));
  const lines = rows.map(([left = '', summary]) =>
    left.length > width ? `  ${left}\n  ${' '.repeat(width)}  ${summary}` : `  ${left.padEnd(width)}  ${summary}`,
  );
  return [
    'Usage: lobsterpot <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    ...flagLines(TOOL_FLAGS),
    '',
    '`lobsterpot help <command>` or `lobsterpot <command> --help` tells more about one command.',
    'With the app or `lobsterpot serve` running, commands go to it; otherwise lobsterpot acts itself.',
    EXIT_CODES,
  ].join('\n');
}

/** `lobsterpot help <command>`, `lobsterpot <command> --help`. */
export function commandHelp(command: string): string {
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command '${command}'${didYouMean(command, Object.keys(COMMANDS))}`);
  return [
    `Usage: lobsterpot ${command} ${spec.usage}`.trimEnd(),
    '',
    `${spec.summary[0]?.toUpperCase() ?? ''}${spec.summary.slice(1)}.`,
    ...(spec.details ?? []),
    '',
    'Options:',
    ...flagLines(flagsOf(command)),
    '',
    EXIT_CODES,
  ].join('\n');
}
