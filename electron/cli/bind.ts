// The generic binder: a parsed command line and its table entry become one contract command and its arguments. Text
// becomes what each field takes (walked from the contract's schema), paths are made canonical by walking the schema,
// and the contract's own checks produce the messages, naming the flag or argument a person typed.
import {
  LobsterpotError,
  checkWith,
  commandSchemas,
  type CommandArgs,
  type CommandName,
  type IssuePart,
} from '../contract/contract.ts';
import type { z } from 'zod';
import { kindAt, mapPaths, type InputKind } from '../contract/walk.ts';
import type { Parsed } from './args.ts';
import { UsageError, type CliEntry, type FlagSpec, type Request } from './spec.ts';

/** Command-line text as the field takes it; what does not fit goes through as text, for the contract to name. */
export function fieldValue(text: string, kind: InputKind, nullable: boolean): unknown {
  if (nullable && (text === '' || text === 'none')) return null;
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  if (kind === 'boolean') {
    if (['on', 'true', 'yes', '1'].includes(text.toLowerCase())) return true;
    if (['off', 'false', 'no', '0'].includes(text.toLowerCase())) return false;
  }
  return text;
}

type Source = { label: string; pattern: string[]; positional: boolean };

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (node[key] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
  }
  node[path.at(-1) ?? ''] = value;
}

const flagLabel = (name: string, flag: FlagSpec) => (flag.short ? `-${flag.short}/--${name}` : `--${name}`);
const matches = (pattern: readonly string[], path: readonly string[]) =>
  pattern.length === path.length && pattern.every((key, i) => key === '*' || key === path[i]);

/** The contract command a command line sends: the entry's first, or the one a given flag selects. */
function chosenCommand(name: string, spec: CliEntry, parsed: Parsed): { command: CommandName; by: string | null } {
  let chosen: { command: CommandName; by: string | null } | null = null;
  for (const [flag, f] of Object.entries(spec.flags)) {
    const given = parsed.values[flag];
    let command: CommandName | undefined;
    if (f.selects && given === true) command = f.selects;
    if (f.choose) {
      if (typeof given !== 'string') {
        const options = Object.keys(f.choose).join(' or ');
        throw new UsageError(`${name}: --${flag} is required (${options})`, name);
      }
      command = f.choose[given];
      if (!command) {
        const options = Object.keys(f.choose).join(' or ');
        throw new UsageError(`${name}: --${flag} takes ${options} (got '${given}')`, name);
      }
    }
    if (!command) continue;
    if (chosen?.by) throw new UsageError(`${name}: give ${chosen.by} or --${flag}, not both`, name);
    chosen = { command, by: `--${flag}` };
  }
  const first = spec.sends[0];
  if (chosen) return chosen;
  if (!first) throw new Error(`${name} sends no contract command`);
  return { command: first, by: null };
}

/** Why a flag or argument does not go with the command chosen: the selector it goes with, when there is one. */
function notHere(name: string, spec: CliEntry, what: string, field: string, by: string | null): UsageError {
  const selector = Object.entries(spec.flags).find(
    ([, f]) => f.selects && kindAt(commandSchemas[f.selects], field.split('.')) !== null,
  );
  if (selector) return new UsageError(`${name}: ${what} goes with --${selector[0]}`, name);
  return new UsageError(`${name}: ${what} does not go with ${by ?? 'this command'}`, name);
}

/**
 * The contract command and arguments for `parsed`, checked by the contract. A missing argument is a usage error
 * (exit 2); a value the contract refuses is `invalid-argument` (exit 3), in the contract's words, naming the flag.
 */
export function bind(name: string, spec: CliEntry, parsed: Parsed, canonical: (path: string) => string): Request {
  const { command, by } = chosenCommand(name, spec, parsed);
  const schema: z.ZodType<unknown> = commandSchemas[command];
  const args: Record<string, unknown> = structuredClone(spec.base ?? {});
  const sources: Source[] = [];
  const setBy = new Map<string, string>();
  const put = (label: string, path: string[], value: unknown) => {
    const key = path.join('.');
    const earlier = setBy.get(key);
    if (earlier && earlier !== label) throw new UsageError(`${name}: give ${earlier} or ${label}, not both`, name);
    setBy.set(key, label);
    setAt(args, path, value);
  };

  const byName = new Map(spec.positionals.map((p, i) => [p.name, parsed.positionals[i]]));
  for (const [i, positional] of spec.positionals.entries()) {
    if (!positional.field) continue;
    const field = positional.field.startsWith('$') ? (byName.get(positional.field.slice(1)) ?? '') : positional.field;
    // A field named by another positional (`settings set KEY VALUE`) is called by its key.
    const label = positional.field.startsWith('$') ? field : `<${positional.name}>`;
    const path = field.split('.');
    sources.push({ label, pattern: path, positional: true });
    const text = parsed.positionals[i];
    const found = kindAt(schema, path);
    if (positional.many && found) {
      put(label, path, parsed.positionals.slice(i));
      continue;
    }
    if (text === undefined) continue;
    if (!found) {
      // An unknown key: the contract says which keys there are.
      if (positional.field.startsWith('$')) put(label, path, text);
      else throw notHere(name, spec, `<${positional.name}>`, field, by);
      continue;
    }
    if (positional.many || found.kind === 'list') put(label, path, parsed.positionals.slice(i));
    else put(label, path, fieldValue(text, found.kind, found.nullable));
  }

  for (const [flag, f] of Object.entries(spec.flags)) {
    if (!f.field) continue;
    const label = flagLabel(flag, f);
    const pattern = f.field.split('.');
    sources.push({ label, pattern, positional: false });
    const given = parsed.values[flag] ?? f.default;
    const fits = kindAt(schema, pattern);
    if (!fits) {
      if (given !== undefined && given !== false) throw notHere(name, spec, `--${flag}`, f.field, by);
      continue;
    }
    if (f.type === 'boolean') {
      if (f.sets !== undefined) {
        if (given === true) put(label, pattern, structuredClone(f.sets));
      } else put(label, pattern, given === true);
      continue;
    }
    const texts = Array.isArray(given) ? given : typeof given === 'string' ? [given] : [];
    for (const text of texts) {
      let path = pattern;
      let value = text;
      if (pattern.includes('*')) {
        const cut = text.indexOf('=');
        if (cut <= 0) throw new UsageError(`${name}: --${flag} takes ${f.value ?? 'KEY=VALUE'} (got '${text}')`, name);
        path = pattern.map((key) => (key === '*' ? text.slice(0, cut) : key));
        value = text.slice(cut + 1);
      }
      const kind = kindAt(schema, path) ?? fits;
      const bound = fieldValue(value, kind.kind, kind.nullable);
      // The command line's own words for a switch are on/off (as its help says), not the contract's true/false.
      if (kind.kind === 'boolean' && typeof bound === 'string')
        throw new UsageError(`${name}: ${label}: must be on or off (got ${JSON.stringify(value)})`, name);
      put(label, path, bound);
    }
  }

  for (const [flag, f] of Object.entries(spec.flags))
    if (f.implies && parsed.values[flag] !== undefined)
      for (const [field, value] of Object.entries(f.implies))
        if (!setBy.has(field)) setAt(args, field.split('.'), value);

  const canonicalArgs = mapPaths(schema, args, canonical) as Record<string, unknown>;
  const checked = checkWith(schema, canonicalArgs);
  if (!checked.ok) {
    // An optional argument left out is the command's to fill (`logs` without a profile: every profile's).
    const left = checked.parts.filter((part) => {
      const index = spec.positionals.findIndex((p) => p.field === part.path.join('.'));
      const positional = spec.positionals[index];
      return !(positional?.optional && parsed.positionals[index] === undefined && part.text === 'is required');
    });
    if (left.length) throw refusal(name, spec, left, sources, canonicalArgs);
  }
  return {
    entry: name,
    command,
    args: canonicalArgs as CommandArgs<CommandName>,
    values: parsed.values,
    positionals: parsed.positionals,
    json: parsed.values.json === true,
  };
}

/** The contract's problems, each naming the flag or argument it came from. */
function refusal(
  name: string,
  spec: CliEntry,
  parts: IssuePart[],
  sources: Source[],
  args: Record<string, unknown>,
): Error {
  const labelOf = (path: string[]) => sources.find((s) => matches(s.pattern, path));
  const valueAt = (path: string[]) =>
    path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], args);
  const missing = parts.find((part) => labelOf(part.path)?.positional && valueAt(part.path) === undefined);
  if (missing) {
    const label = labelOf(missing.path)?.label ?? missing.field;
    return new UsageError(`${name}: ${label} is required (lobsterpot ${name} ${spec.usage})`, name);
  }
  const lines = parts.map((part) => {
    const source = labelOf(part.path);
    return `${source?.label ?? part.field}: ${part.text}`;
  });
  return new LobsterpotError('invalid-argument', `${name}: ${lines.join('; ')}`);
}
