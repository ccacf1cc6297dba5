// The window's WebSocket to `lobsterpot serve`, with the socket and the timers injected so its rules run in plain Node:
// a command waits (bounded) for a reconnect or fails with "not connected", never hangs; a lost or silent connection is
// reported at once; reconnects back off.
import type { LobsterpotEvent } from '../../electron/contract/contract.ts';
import { HEARTBEAT_MS } from '../../electron/contract/wire.ts';

/** What the transport needs of a WebSocket (the browser's has all of it). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
  onclose: ((close: { code: number; reason: string }) => void) | null;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type ConnectionState = 'connecting' | 'open' | 'lost';
export interface ConnectionStatus {
  state: ConnectionState;
  /** Why it was lost, in words, when known (the server's close reason, or silence). */
  reason: string | null;
  /** Sockets opened so far: a new one after a loss means events were missed (reload), the same one does not. */
  opened: number;
}

export class CommandError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface TransportOptions {
  open: () => SocketLike;
  timers?: Timers;
  /** How long a command waits for a lost connection to come back before it fails. */
  waitMs?: number;
  /** With no frame at all for this long (the server sends a heartbeat), the connection counts as lost. */
  silenceMs?: number;
  /** Reconnect delays: from `initialMs`, doubling, up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
}

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const NOT_CONNECTED = 'not connected to Lobsterpot';

export class SocketTransport {
  readonly #open: () => SocketLike;
  readonly #timers: Timers;
  readonly #waitMs: number;
  readonly #silenceMs: number;
  readonly #backoff: { initialMs: number; maxMs: number };
  readonly #events = new Set<(event: LobsterpotEvent) => void>();
  readonly #statusListeners = new Set<(status: ConnectionStatus) => void>();
  /** Sent, waiting for their reply. */
  readonly #inFlight = new Map<number, Waiter>();
  /** Not sent yet: waiting for the connection, each with its own deadline. */
  readonly #queued = new Set<{ frame: string; id: number; waiter: Waiter; deadline: unknown }>();
  #socket: SocketLike | null = null;
  #status: ConnectionStatus = { state: 'connecting', reason: null, opened: 0 };
  #nextId = 0;
  #attempt = 0;
  #retry: unknown = null;
  #silence: unknown = null;

  constructor(options: TransportOptions) {
    this.#open = options.open;
    this.#timers = options.timers ?? {
      setTimeout: (run, ms) => setTimeout(run, ms),
      clearTimeout: (h) => clearTimeout(h as number),
    };
    this.#waitMs = options.waitMs ?? 5_000;
    this.#silenceMs = options.silenceMs ?? HEARTBEAT_MS * 1.8;
    this.#backoff = options.backoff ?? { initialMs: 250, maxMs: 5_000 };
    this.#connect();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  invoke(command: string, args: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = ++this.#nextId;
      const frame = JSON.stringify({ id, command, args });
      const waiter = { resolve, reject };
      if (this.#status.state === 'open' && this.#socket && this.#send(this.#socket, id, frame, waiter)) return;
      const entry = {
        frame,
        id,
        waiter,
        deadline: this.#timers.setTimeout(() => {
          this.#queued.delete(entry);
          reject(
            new CommandError(
              'not-connected',
              `${NOT_CONNECTED}: the command was not sent (the connection did not come back within ${Math.round(this.#waitMs / 1000)} s)`,
            ),
          );
        }, this.#waitMs),
      };
      this.#queued.add(entry);
    });
  }

  on(listener: (event: LobsterpotEvent) => void): () => void {
    this.#events.add(listener);
    return () => this.#events.delete(listener);
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Connects now, whatever the backoff says (the person asked). */
  reconnect(): void {
    if (this.#status.state === 'open') return;
    this.#attempt = 0;
    this.#socket?.close(1000, 'reconnecting');
    this.#drop(this.#status.reason);
    this.#connect();
  }

  #connect() {
    if (this.#retry !== null) this.#timers.clearTimeout(this.#retry);
    this.#retry = null;
    const socket = this.#open();
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#attempt = 0;
      this.#setStatus({ state: 'open', reason: null, opened: this.#status.opened + 1 });
      this.#heard();
      for (const entry of this.#queued) {
        this.#timers.clearTimeout(entry.deadline);
        this.#queued.delete(entry);
        if (!this.#send(socket, entry.id, entry.frame, entry.waiter)) this.#queued.add(entry);
      }
    };
    socket.onmessage = (message) => {
      if (this.#socket !== socket) return;
      this.#heard();
      // A heartbeat after silence: the connection was slow, not gone.
      if (this.#status.state === 'lost') this.#setStatus({ ...this.#status, state: 'open', reason: null });
      this.#receive(message.data);
    };
    socket.onclose = (close) => {
      if (this.#socket !== socket) return;
      this.#drop(close.reason || null);
      this.#scheduleRetry();
    };
  }

  /** Sends, or says it could not (the socket is closing): the caller queues the command then. */
  #send(socket: SocketLike, id: number, frame: string, waiter: Waiter): boolean {
    try {
      socket.send(frame);
    } catch {
      return false;
    }
    this.#inFlight.set(id, waiter);
    return true;
  }

  #receive(data: unknown) {
    let frame: {
      id?: unknown;
      ok?: unknown;
      result?: unknown;
      error?: { code?: unknown; message?: unknown };
      event?: unknown;
    };
    try {
      frame = JSON.parse(String(data)) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    if (frame.event) {
      for (const listener of this.#events) listener(frame.event as LobsterpotEvent);
      return;
    }
    if (typeof frame.id !== 'number') return;
    const waiter = this.#inFlight.get(frame.id);
    this.#inFlight.delete(frame.id);
    if (!waiter) return;
    if (frame.ok === true) waiter.resolve(frame.result);
    else {
      const code = typeof frame.error?.code === 'string' ? frame.error.code : 'failed';
      const message = typeof frame.error?.message === 'string' ? frame.error.message : 'the command failed';
      waiter.reject(new CommandError(code, message));
    }
  }

  /** Any frame proves the server is there; silence past `silenceMs` reports the connection lost (it may come back). */
  #heard() {
    if (this.#silence !== null) this.#timers.clearTimeout(this.#silence);
    this.#silence = this.#timers.setTimeout(() => {
      this.#silence = null;
      if (this.#status.state === 'open')
        this.#setStatus({
          ...this.#status,
          state: 'lost',
          reason: `no word from Lobsterpot for ${this.#silenceMs / 1000} s`,
        });
    }, this.#silenceMs);
  }

  /** The socket is gone: every command in flight fails (it may or may not have run), queued ones keep waiting. */
  #drop(reason: string | null) {
    this.#socket = null;
    if (this.#silence !== null) this.#timers.clearTimeout(this.#silence);
    this.#silence = null;
    for (const waiter of this.#inFlight.values())
      waiter.reject(
        new CommandError(
          'not-connected',
          `${NOT_CONNECTED}: the connection was lost before the reply (check the result)`,
        ),
      );
    this.#inFlight.clear();
    this.#setStatus({ ...this.#status, state: 'lost', reason });
  }

  #scheduleRetry() {
    const delay = Math.min(this.#backoff.maxMs, this.#backoff.initialMs * 2 ** this.#attempt);
    this.#attempt++;
    this.#retry = this.#timers.setTimeout(() => this.#connect(), delay);
  }

  #setStatus(status: ConnectionStatus) {
    const same = status.state === this.#status.state && status.reason === this.#status.reason;
    if (same && status.opened === this.#status.opened) return;
    this.#status = status;
    for (const listener of this.#statusListeners) listener(status);
  }
}
