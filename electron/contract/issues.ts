// How a zod check is said to a person: every problem as `field: what is wrong, what is allowed`, never a raw dump.
import type { z } from 'zod';
import { LobsterpotError } from './errors.ts';
import { nearest } from './format.ts';

/** A value as a person would recognise it in a message: short, quoted when text. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** Parses `value` with `schema`, or throws an `invalid-argument` error in people's words (`formatIssues`). */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = checkWith(schema, value);
  if (result.ok) return result.value;
  throw new LobsterpotError('invalid-argument', result.error);
}

/** Parses `value` with `schema`: the value, or every problem as `field: what is wrong, what is allowed`. */
export function checkWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; error: string; problems: string[]; parts: IssuePart[] } {
  const result = schema.safeParse(value, { error: ruleOf, reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const parts = issueParts(result.error.issues, schema);
  const problems = parts.map(({ field, text }) => `${field}: ${text}`);
  return { ok: false, error: problems.join('; '), problems, parts };
}

const expectedNames: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  null: 'null',
};

/** Zod's default message for an issue, in the words a person reads: what is allowed. */
function ruleOf(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${expectedNames[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${min} characters`;
      if (issue.origin === 'array') return `must hold at least ${min} items`;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters`;
      if (issue.origin === 'array') return `must hold at most ${max} items`;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${max}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex'
        ? `must match ${issue.pattern ?? 'the pattern'}`
        : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return 'is not a field here';
    case 'invalid_key':
      return 'is not an allowed key';
    case 'invalid_union':
      return 'matches none of the allowed forms';
    default:
      return 'is not allowed';
  }
}

/** The object fields allowed at `path` of `schema`, or null when that is not an object with known fields. */
function fieldsAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] | null {
  let node: z.core.$ZodType | undefined = schema;
  const unwrap = () => {
    for (;;) {
      const def = node?._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType } | undefined;
      if (def && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type))
        node = def.innerType;
      else if (def?.type === 'pipe') node = def.in;
      else return;
    }
  };
  unwrap();
  for (const key of path) {
    const def = node?._zod.def as
      { type: string; shape?: Record<string, z.core.$ZodType>; valueType?: z.core.$ZodType } | undefined;
    node = def?.type === 'object' ? def.shape?.[String(key)] : def?.type === 'record' ? def.valueType : undefined;
    unwrap();
  }
  const def = node?._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : null;
}

/** Every issue as `field: what is wrong, what is allowed`, joined by `; `: never a raw schema dump. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], schema?: z.core.$ZodType): string {
  return issueLines(issues, schema).join('; ');
}

/** One `field: what is wrong, what is allowed` line per problem. */
export function issueLines(issues: readonly z.core.$ZodIssue[], schema?: z.core.$ZodType): string[] {
  return issueParts(issues, schema).map(({ field, text }) => `${field}: ${text}`);
}

export interface IssuePart {
  /** The field's path, keys as they are. */
  path: string[];
  /** The path as a person reads it (`browserProfiles."my work".cdpPort`, `arguments` for the whole). */
  field: string;
  /** What is wrong and what is allowed. */
  text: string;
}

/** Each problem with its field: a shell that knows where a field came from (a flag) names that instead. */
export function issueParts(issues: readonly z.core.$ZodIssue[], schema?: z.core.$ZodType): IssuePart[] {
  const part = (path: readonly PropertyKey[], text: string): IssuePart => ({
    path: path.map(String),
    field: path.length
      ? path.map((key) => (/^[\w-]+$/.test(String(key)) ? String(key) : JSON.stringify(String(key)))).join('.')
      : 'arguments',
    text,
  });
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = schema ? fieldsAt(schema, issue.path) : null;
      const rule = allowed?.length ? `; allowed: ${allowed.join(', ')}` : '';
      return issue.keys.map((key) => {
        const guess = allowed ? nearest(key, allowed) : null;
        return part([...issue.path, key], `is not a field here${guess ? `; did you mean ${guess}?` : ''}${rule}`);
      });
    }
    if (issue.code === 'invalid_key') return [part(issue.path, issue.issues.map((i) => i.message).join(', '))];
    const echo = !(issue.code === 'custom' && issue.params?.echo === false);
    const shown = echo && 'input' in issue && issue.input !== undefined && issue.input !== '';
    const got = shown && !issue.message.includes('(got ') ? ` (got ${describe(issue.input)})` : '';
    return [part(issue.path, `${issue.message}${got}`)];
  });
}
