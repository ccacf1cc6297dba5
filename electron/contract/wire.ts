// The WebSocket envelope around the contract: what a window may send (`{id, command, args}`) and what it gets back
// (`{id, ok, result}`, `{id?, ok: false, error}`, `{event}`). The envelope is checked here; the arguments by the contract.
import { z } from 'zod';
import { isCommandName } from './commands.ts';
import type { CommandReply } from './errors.ts';
import type { LobsterpotEvent } from './events.ts';

/** The server sends a heartbeat frame this often, so a window can tell a silent connection from a quiet one. */
export const HEARTBEAT_MS = 1_000;
export const HEARTBEAT_FRAME = '{"heartbeat":true}';
/** Largest message either side may send, in bytes. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Request ids are counters: a positive whole number that fits 31 bits, so no float rounding or huge echo. */
export const MAX_REQUEST_ID = 2 ** 31 - 1;
/** Arrays and objects inside each other: the contract needs 4; deeper only costs stack. */
export const MAX_DEPTH = 32;
/** Keys refused anywhere in a message: assigned to a plain object, they replace its prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const idSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_REQUEST_ID, `must be at most ${MAX_REQUEST_ID}`);

const commandSchema = z.string({ error: 'must be a text' }).refine(isCommandName, {
  error: (issue) => `unknown command ${JSON.stringify(String(issue.input).slice(0, 40))}`,
});

export const requestSchema = z.strictObject(
  { id: idSchema, command: commandSchema, args: z.record(z.string(), z.unknown()).optional() },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object {id, command, args}') },
);
export type WireRequest = z.infer<typeof requestSchema>;

/** What the server sends: a reply to one request, an event, or a heartbeat. */
type ErrorBody = Extract<CommandReply, { ok: false }>['error'];
/** A refusal: its id when the message carried a valid one. */
export type WireError = { id?: number; ok: false; error: ErrorBody };
export type WireReply = ({ id: number } & CommandReply) | WireError;
export type WireFrame = WireReply | { event: LobsterpotEvent } | { heartbeat: true };

const salvageId = z.object({ id: idSchema });

function formatEnvelopeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const field = issue.path.length ? issue.path.map(String).join('.') : 'message';
      if (issue.code === 'unrecognized_keys') return `${field}: unknown field ${issue.keys.join(', ')}`;
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Parses one text message into a request, or says what is wrong with it. Never throws; the id of a message that is
 * otherwise wrong is kept when it is valid, so the sender can match the error to its request.
 */
export function parseRequest(text: string): { ok: true; request: WireRequest } | { ok: false; reply: WireError } {
  const refuse = (message: string, id?: number): { ok: false; reply: WireError } => ({
    ok: false,
    reply: id === undefined ? { ok: false, error: { code: 'invalid-argument', message } } : invalidReply(id, message),
  });
  if (nestingDepth(text) > MAX_DEPTH) return refuse(`message: nested deeper than ${MAX_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text, (key, inner: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKey(key);
      return inner;
    });
  } catch (error) {
    if (error instanceof ForbiddenKey) return refuse(`message: the key "${error.key}" is not allowed`);
    return refuse('message: must be JSON');
  }
  const parsed = requestSchema.safeParse(value);
  if (parsed.success) return { ok: true, request: parsed.data };
  const id = salvageId.safeParse(value);
  return refuse(formatEnvelopeIssues(parsed.error.issues), id.success ? id.data.id : undefined);
}

/** How deep `[` and `{` nest in JSON text, strings skipped; one pass, no recursion. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

export function invalidReply(id: number, message: string): WireError {
  return { id, ok: false, error: { code: 'invalid-argument', message } };
}

class ForbiddenKey extends Error {
  readonly key: string;
  constructor(key: string) {
    super(key);
    this.key = key;
  }
}
