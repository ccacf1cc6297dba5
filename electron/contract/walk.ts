// Walking a contract schema by field path: what a field takes (so a command line can turn its text into that), and
// every path field of a value (so paths are made canonical once, for every command, not per command).
import type { z } from 'zod';

/** What a field takes, as far as turning command-line text into it goes. */
export type InputKind = 'number' | 'string' | 'boolean' | 'path' | 'enum' | 'list' | 'object' | 'other';

// Field rules are `unknown → transform` pipes: their kind is told here, since the schema itself says only "unknown".
const told = new WeakMap<z.core.$ZodType, InputKind>();

/** Says what a field rule takes (the contract's own rules call this). */
export function tell<S extends z.core.$ZodType>(schema: S, kind: InputKind): S {
  told.set(schema, kind);
  return schema;
}

type Def = {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  valueType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: z.core.$ZodType[];
};
const defOf = (schema: z.core.$ZodType | undefined) => schema?._zod.def as Def | undefined;

const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'];

/** The schema under its wrappers (optional, nullable, default…), stopping at a told rule; and whether null is allowed. */
export function unwrap(schema: z.core.$ZodType | undefined): { node: z.core.$ZodType | undefined; nullable: boolean } {
  let node = schema;
  let nullable = false;
  for (;;) {
    if (!node || told.has(node)) return { node, nullable };
    const def = defOf(node);
    if (def && WRAPPERS.includes(def.type)) {
      if (def.type === 'nullable') nullable = true;
      node = def.innerType;
    } else if (def?.type === 'pipe') node = def.in;
    else return { node, nullable };
  }
}

/** The field schema at `path` (`*` or any key steps into a record's values), or undefined when there is none. */
export function schemaAt(schema: z.core.$ZodType, path: readonly string[]): z.core.$ZodType | undefined {
  let node: z.core.$ZodType | undefined = schema;
  for (const key of path) {
    const def = defOf(unwrap(node).node);
    if (def?.type === 'object') node = def.shape?.[key];
    else if (def?.type === 'record') node = def.valueType;
    else if (def?.type === 'array' && /^\d+$|^\*$/.test(key)) node = def.element;
    else return undefined;
  }
  return node;
}

/** What the field at `path` takes; null when `schema` has no such field. */
export function kindAt(
  schema: z.core.$ZodType,
  path: readonly string[],
): { kind: InputKind; nullable: boolean } | null {
  const field = schemaAt(schema, path);
  if (!field) return null;
  const { node, nullable } = unwrap(field);
  if (!node) return null;
  const toldKind = told.get(node);
  if (toldKind) return { kind: toldKind, nullable };
  const type = defOf(node)?.type;
  const kinds: Record<string, InputKind> = {
    number: 'number',
    int: 'number',
    string: 'string',
    boolean: 'boolean',
    enum: 'enum',
    literal: 'enum',
    array: 'list',
    object: 'object',
    record: 'object',
  };
  return { kind: (type && kinds[type]) || 'other', nullable };
}

/** The object fields of `schema` (its top level), or an empty list. */
export function fieldsOf(schema: z.core.$ZodType): string[] {
  const def = defOf(unwrap(schema).node);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Path rules whose symlinks are kept when made canonical (a launcher's link may be what selects a version). */
const linksKept = new WeakSet<z.core.$ZodType>();

/** Marks a path rule whose symlinks stay as they are. */
export function keepLinks<S extends z.core.$ZodType>(schema: S): S {
  linksKept.add(schema);
  return schema;
}

/** Where a path field sits: its dotted name (`workspace`, `browserProfiles.a.cdpUrl`), and whether links stay. */
export interface PathField {
  name: string;
  keepsLinks: boolean;
}

/**
 * `value` with every path field (the contract's path rule, wherever it sits: nested, in a list or a record) replaced by
 * `canonical(path, field)`. Values that do not fit the schema are left as they are, for the schema's own check to name.
 */
export function mapPaths(
  schema: z.core.$ZodType,
  value: unknown,
  canonical: (path: string, field: PathField) => string,
  at: readonly string[] = [],
): unknown {
  const { node } = unwrap(schema);
  if (!node || value === null || value === undefined) return value;
  const kind = told.get(node);
  if (kind === 'path')
    return typeof value === 'string'
      ? canonical(value, { name: at.join('.'), keepsLinks: linksKept.has(node) })
      : value;
  if (kind) return value;
  const def = defOf(node);
  if (def?.type === 'object' && def.shape && isRecord(value)) {
    const shape = def.shape;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        shape[key] ? mapPaths(shape[key], inner, canonical, [...at, key]) : inner,
      ]),
    );
  }
  if (def?.type === 'record' && def.valueType && isRecord(value)) {
    const inner = def.valueType;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, mapPaths(inner, v, canonical, [...at, key])]),
    );
  }
  if (def?.type === 'array' && def.element && Array.isArray(value)) {
    const element = def.element;
    return value.map((item: unknown, i) => mapPaths(element, item, canonical, [...at, String(i)]));
  }
  if (def?.type === 'union' && def.options) {
    // A union's path fields are those of the option the value fits.
    const fits = def.options.find((option) => (option as z.ZodType).safeParse(value).success);
    return fits ? mapPaths(fits, value, canonical, at) : value;
  }
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
