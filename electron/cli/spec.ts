// What one entry of the `lobsterpot` command table says: its usage, its positionals and flags bound to the fields of
// the contract command it sends, and how it prints. Pure declarations: `--help` and `--version` load this and no more.
import type { CommandArgs, CommandName, CommandResults } from '../contract/contract.ts';
import type { Core } from './core.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3 } as const;

export class UsageError extends Error {
  /** The command whose help the message points to, if any. */
  readonly command: string | null;
  constructor(message: string, command: string | null = null) {
    super(message);
    this.command = command;
  }
}

export interface FlagSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** The value's name in help (`N`, `PATH`); string flags only. */
  value?: string;
  multiple?: boolean;
  help: string;
  /**
   * The contract field it sets (`name`, `flags.autostart`; `*` is the key of a `KEY=VALUE` flag): its text becomes
   * what the field takes (a number, on/off, null for "" or none, a canonical path), and the contract checks it.
   */
  field?: string;
  /** A boolean flag that sets `field` to this value (`--trash` → `disposal: 'trash'`). */
  sets?: unknown;
  /** A string flag's value when it is not given (shown in help). */
  default?: string;
  /** Giving this flag sends that contract command instead of the entry's first (`--all` → `gateway.stopAll`). */
  selects?: CommandName;
  /** A string flag whose value names the command to send (`--to service` → `gateway.handOverToService`). */
  choose?: Record<string, CommandName>;
  /** Fields set when the flag is given and they are not (`--rescue` names the profile `rescue`). */
  implies?: Record<string, unknown>;
  /** Why a flag is the command line's own and no contract field (`--yes`: asked here, before anything is sent). */
  local?: string;
}

export interface PositionalSpec {
  /** Its name in messages (`profile`, `archive`). */
  name: string;
  /** The contract field it fills; a `list` field takes this and every positional after it. */
  field?: string;
  optional?: boolean;
  /** Takes this and every positional after it (a list field: `export compose alpha beta`). */
  many?: boolean;
  /** Why it is the command line's own (`status [profile]` picks from the snapshot). */
  local?: string;
}

/** What the binder made of a command line for one entry: the contract command and its arguments, checked. */
export interface Request<C extends CommandName = CommandName> {
  /** The table entry (`stop`, `host add`). */
  entry: string;
  command: C;
  args: CommandArgs<C>;
  /** Every flag as parsed (the command line's own ones too). */
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  json: boolean;
}

export interface FollowedLog {
  /** The last lines when following began. */
  lines: string[];
  stop(): Promise<void>;
}

/** The terminal the command was typed in: what it prints there, and whether a person is there to answer. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Prints `value` as JSON with `--json`, else the text. */
  print(value: unknown, text: () => string): void;
  /** stdin and stdout are a terminal: a person can answer a question. */
  isTTY: boolean;
  confirm(question: string): Promise<boolean>;
}

/** What the command reaches of the machine beyond its terminal: the time, the browser, a log file, Ctrl-C. */
export interface Machine {
  now(): number;
  /** Opens a URL in the default browser. */
  openUrl(url: string): Promise<void>;
  /** Follows a log file across rotations: its last `lines`, then every new line to `onLines`. */
  follow(file: string, lines: number, onLines: (lines: string[]) => void): Promise<FollowedLog>;
  /** Resolves when following should end (Ctrl-C). */
  interrupted(): Promise<void>;
}

export interface CliContext {
  core: Core;
  terminal: Terminal;
  machine: Machine;
  /** The environment the command runs in (the data dir and OpenClaw's home come from it). */
  env: NodeJS.ProcessEnv;
  /** Makes a path given on the command line canonical (absolute here; with `--host`, refused unless absolute). */
  resolvePath(path: string): string;
}

export interface CliEntry<C extends CommandName = CommandName> {
  /** `<name> [--port N]`: the arguments as help shows them. */
  usage: string;
  summary: string;
  /** More lines for `lobsterpot help <command>`. */
  details?: string[];
  positionals: PositionalSpec[];
  flags: Record<string, FlagSpec>;
  /** Accepts `--json` (every entry but help does). */
  json?: boolean;
  /** Fields sent as they are unless a flag sets them (`flags <profile>` sends an empty patch: it shows them). */
  base?: Record<string, unknown>;
  /** The contract commands it sends, the one it sends by default first; empty: the command line's own (serve). */
  sends: readonly C[];
  /** Everything after the command word goes to the command as it is (`lobsterpot openclaw …`). */
  passThrough?: boolean;
  /** Not about a profile of a host: `--host` does not go with it. */
  localOnly?: boolean;
  /** Needs no core (no supervisor, no Manager): serve, supervisor, help, openclaw. */
  coreless?: boolean;
  /** Runs the command; the default sends `request` and prints the result with `text`. */
  run?: (ctx: CliContext, request: Request<C>) => Promise<number>;
  /** How the default run prints a result for a person. */
  text?: (result: CommandResults[C], ctx: CliContext, request: Request<C>) => string;
  /** The default run's exit code for a result (default 0). */
  exit?: (result: CommandResults[C]) => number;
}

/** An entry, typed by the commands it sends (the table holds them side by side). */
export const entry = <C extends CommandName>(spec: CliEntry<C>): CliEntry => spec as unknown as CliEntry;
