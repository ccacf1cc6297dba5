// The `lobsterpot` command line, parsed with node:util's parseArgs against the one table of commands (table.ts). The
// parser reads parseArgs' tokens, never the wording of its errors; help texts are generated from the same table.
import { parseArgs, type ParseArgsOptionDescriptor } from 'node:util';
import { nearest } from '../contract/format.ts';
import { UsageError, type CliEntry, type FlagSpec } from './spec.ts';
import { COMMANDS } from './table.ts';

export { EXIT, UsageError } from './spec.ts';
export { distance, nearest } from '../contract/format.ts';
export { COMMANDS } from './table.ts';

const json: FlagSpec = { type: 'boolean', help: 'machine-readable output (stable; see the README)', local: 'output' };

const COMMON: Record<string, FlagSpec> = {
  help: { type: 'boolean', short: 'h', help: 'this text', local: 'help' },
  host: {
    type: 'string',
    value: 'NAME',
    help: 'run the command on another host (see `lobsterpot host`)',
    local: 'picks the core',
  },
  verbose: {
    type: 'boolean',
    short: 'v',
    help: 'also say which OpenClaw and Node are used, and which supervisor',
    local: 'output',
  },
};

// `--json` before the command (`lobsterpot --json status`) is passed on to it.
const TOOL_FLAGS: Record<string, FlagSpec> = {
  ...COMMON,
  version: { type: 'boolean', short: 'V', help: "lobsterpot's version", local: 'output' },
  json,
};

export const EXIT_CODES =
  'Exit codes: 0 done, 1 failed, 2 usage error, 3 refused (bad input, a port conflict or a port held by another process, a config error, an unconfirmed delete, an isolation error in audit).';

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  /** The table entry (`status`, `host add`), or `help` / `version`. */
  command: string;
  positionals: string[];
  values: Values;
}

export const isSet = (parsed: Pick<Parsed, 'values'>, name: string) => parsed.values[name] === true;
export const textOf = (parsed: Pick<Parsed, 'values'>, name: string): string | undefined => {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
};

/** The entry's own flags, `--json`, and the common ones (without `--host` for a command about this host). */
export function flagsOf(name: string | null): Record<string, FlagSpec> {
  if (name === null) return TOOL_FLAGS;
  const spec = COMMANDS[name] as CliEntry;
  const { host: _host, ...common } = COMMON;
  return { ...spec.flags, ...(spec.json === false ? {} : { json }), ...(spec.localOnly ? common : COMMON) };
}

export const didYouMean = (word: string, candidates: readonly string[], prefix = '') => {
  const guess = nearest(word, candidates);
  return guess ? `; did you mean ${prefix}${guess}?` : '';
};

/** The words that open a group of entries (`host` of `host add`, `host list`…). */
const groups = () =>
  new Set(Object.keys(COMMANDS).flatMap((name) => (name.includes(' ') ? [name.split(' ')[0] ?? name] : [])));

/** Parses `args` against `flags` from parseArgs' tokens: unknown flags, missing and unwanted values are usage errors. */
function parseFlags(
  args: readonly string[],
  flags: Record<string, FlagSpec>,
  command: string | null,
): { values: Values; positionals: string[] } {
  const options: Record<string, ParseArgsOptionDescriptor> = Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) },
    ]),
  );
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const where = command ? `${command}: ` : '';
  const values: Values = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = flags[token.name];
    if (!spec) {
      const name = token.rawName.replace(/^-+/, '');
      throw new UsageError(
        `${where}unknown flag ${token.rawName}${didYouMean(name, Object.keys(flags), '--')}`,
        command,
      );
    }
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${where}${token.rawName} takes no value`, command);
      values[token.name] = true;
      continue;
    }
    // A value that looks like a flag is one (`--port --force`): say `--port=-1` to mean it.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && token.value !== '-'))
      throw new UsageError(`${where}${token.rawName} needs a value${spec.value ? ` (${spec.value})` : ''}`, command);
    if (spec.multiple) values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), token.value];
    else values[token.name] = token.value;
  }
  return { values, positionals };
}

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

/** The entry named by the words at the start of `argv`, and how many words name it. */
function entryAt(argv: readonly string[]): { name: string; words: number } {
  const [first = '', second] = argv;
  if (groups().has(first)) {
    const both = `${first} ${second ?? ''}`;
    if (second !== undefined && Object.hasOwn(COMMANDS, both)) return { name: both, words: 2 };
    if (Object.hasOwn(COMMANDS, first) && (second === undefined || second.startsWith('-')))
      return { name: first, words: 1 };
    // `lobsterpot host` alone lists them.
    if (second === undefined && Object.hasOwn(COMMANDS, `${first} list`)) return { name: `${first} list`, words: 1 };
    const actions = Object.keys(COMMANDS)
      .filter((name) => name.startsWith(`${first} `))
      .map((name) => name.slice(first.length + 1));
    throw new UsageError(
      `${first}: ${second === undefined ? 'needs an action' : `unknown action '${second}'${didYouMean(second, actions)}`} (${actions.join(', ')})`,
      first,
    );
  }
  if (!Object.hasOwn(COMMANDS, first))
    throw new UsageError(`unknown command '${first}'${didYouMean(first, [...Object.keys(COMMANDS), ...groups()])}`);
  return { name: first, words: 1 };
}

/** Parses a whole command line. Throws UsageError (exit 2) for anything it does not know. */
export function parseCommandLine(argv: readonly string[]): Parsed {
  const at = commandIndex(argv);
  const leading = at < 0 ? [...argv] : argv.slice(0, at);
  let tool: Values = {};
  if (leading.length) {
    // Flags before the command (`lobsterpot -v status`) are the tool's; the command parses its own.
    const parsed = parseFlags(leading, TOOL_FLAGS, null);
    tool = parsed.values;
    if (at < 0) return { command: tool.version ? 'version' : 'help', positionals: [], values: tool };
  }
  const rest = argv.slice(Math.max(at, 0));
  if (!rest.length) return { command: 'help', positionals: [], values: {} };
  // `lobsterpot host --help`: the help of every `host …` command.
  if (
    !Object.hasOwn(COMMANDS, rest[0] ?? '') &&
    groups().has(rest[0] ?? '') &&
    ['-h', '--help'].includes(rest[1] ?? '')
  )
    return { command: 'help', positionals: [rest[0] ?? ''], values: tool };
  const { name, words } = entryAt(rest);
  const spec = COMMANDS[name] as CliEntry;
  const after = rest.slice(words);
  // `lobsterpot openclaw …` passes everything on as it is, `--help` and `--json` included.
  if (spec.passThrough) return { command: name, positionals: after, values: tool };
  const { values, positionals } = parseFlags(after, flagsOf(name), name);
  const parsed = { command: name, positionals, values: { ...tool, ...values } };
  if (parsed.values.help) return parsed;
  const max = spec.positionals.some((p) => p.many) ? Infinity : spec.positionals.length;
  if (positionals.length > max) {
    const extra = positionals[max] ?? '';
    throw new UsageError(`${name}: unexpected argument '${extra}'${max === 0 ? ` (${name} takes none)` : ''}`, name);
  }
  // A positional bound to a field is the contract's to require; one that is not, or names a field, is the parser's.
  const missing = spec.positionals.find(
    (p, i) => !p.optional && (!p.field || p.field.startsWith('$')) && positionals[i] === undefined,
  );
  if (missing) throw new UsageError(`${name}: <${missing.name}> is required (lobsterpot ${name} ${spec.usage})`, name);
  return parsed;
}

function flagLines(flags: Record<string, FlagSpec>): string[] {
  const left = Object.entries(flags).map(
    ([name, f]) => `${f.short ? `-${f.short}, ` : '    '}--${name}${f.value ? ` ${f.value}` : ''}`,
  );
  const width = Math.max(...left.map((l) => l.length));
  return Object.values(flags).map(
    (f, i) =>
      `  ${(left[i] ?? '').padEnd(width)}  ${f.help}${f.default === undefined ? '' : ` (default ${f.default})`}`,
  );
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
  if (!spec) {
    const group = Object.keys(COMMANDS).filter((name) => name.startsWith(`${command} `));
    if (group.length) return group.map(commandHelp).join('\n\n');
    throw new UsageError(`unknown command '${command}'${didYouMean(command, Object.keys(COMMANDS))}`);
  }
  const flags = flagsOf(command);
  return [
    `Usage: lobsterpot ${command} ${spec.usage}`.trimEnd(),
    '',
    `${spec.summary[0]?.toUpperCase() ?? ''}${spec.summary.slice(1)}.`,
    ...(spec.details ?? []),
    '',
    ...(spec.passThrough ? [] : ['Options:', ...flagLines(flags), '']),
    EXIT_CODES,
  ].join('\n');
}
