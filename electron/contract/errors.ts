// The errors that cross the contract, apart from its schemas: a shell that only prints them need not load zod.

/** Errors that cross the contract: `code` tells a refusal (bad input, conflict) from a failure. */
export type ErrorCode = 'invalid-argument' | 'refused' | 'not-found' | 'failed';

/** What a transport carries back for a command: its result, or an error with its code. */
export type CommandReply = { ok: true; result: unknown } | { ok: false; error: { code: ErrorCode; message: string } };

export class LobsterpotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'LobsterpotError';
    this.code = code;
  }
}
