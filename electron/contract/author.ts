// Who sent a command: the face it came through and from where. A transport says it; the history credits it.

export const AUTHOR_FACES = ['cli', 'app', 'serve', 'window'] as const;
export type AuthorFace = (typeof AUTHOR_FACES)[number];

export interface CommandAuthor {
  /** A face, or who a client says acts through it (`mcp (rescue)`, checked at the control socket's door). */
  by: AuthorFace | (string & {});
  /** From where, in words: `pid 4242`, `127.0.0.1:51234`. */
  from: string | null;
}

/** An author as a transport carried it, checked; anything else is `fallback` (a client cannot pose as a face). */
export function parseAuthor(value: unknown, fallback: CommandAuthor): CommandAuthor {
  if (typeof value === 'string' && value.length > 0 && value.length <= 100) return { by: value, from: null };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fallback;
  const { by, from } = value as { by?: unknown; from?: unknown };
  if (!AUTHOR_FACES.includes(by as AuthorFace)) return fallback;
  const where = typeof from === 'string' && from.length <= 200 ? from : null;
  return { by: by as AuthorFace, from: where };
}
