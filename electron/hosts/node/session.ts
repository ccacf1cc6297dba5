// One WebSocket to another host's `lobsterpot serve`, through the tunnel's local port: the same envelope the window
// uses (common/wire.ts). The token goes in the upgrade request only; it lives in this object's memory and nowhere else.
// The server's heartbeat (one frame a second) tells a silent link from a quiet one.
import WebSocket from 'ws';
import type { CommandReply, LobsterpotEvent } from '../../contract/contract.ts';
import { HEARTBEAT_MS, MAX_MESSAGE_BYTES } from '../../contract/wire.ts';
import { checkEvent } from './reports.ts';

/** No frame at all for this long (heartbeats included) and the link is taken for lost. */
export const SILENCE_MS = HEARTBEAT_MS * 6;
/** A command that gets no reply in this long fails (a start waits for readiness, which can take minutes). */
export const CALL_TIMEOUT_MS = 10 * 60_000;

export interface SessionOptions {
  /** The tunnel's local end. */
  localPort: number;
  /** The port the remote serve listens on: its Host check wants to see it. */
  remotePort: number;
  token: string;
  connectTimeoutMs?: number;
}

export class RemoteSession {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, { done: (reply: CommandReply) => void; timer: NodeJS.Timeout }>();
  readonly #listeners = new Set<(event: LobsterpotEvent) => void>();
  #closeListeners = new Set<(reason: string) => void>();
  #nextId = 1;
  #heard = Date.now();
  #silence: NodeJS.Timeout;
  #closed: string | null = null;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => this.#receive(String(data)));
    socket.on('close', (code, reason) =>
      this.#end(`the connection closed (${code}${reason.length ? `: ${String(reason)}` : ''})`),
    );
    socket.on('error', (error) => this.#end(error.message));
    this.#silence = setInterval(() => {
      if (Date.now() - this.#heard > SILENCE_MS) {
        this.#end(`no word from the host for ${Math.round(SILENCE_MS / 1000)} s`);
        socket.terminate();
      }
    }, HEARTBEAT_MS);
    this.#silence.unref();
  }

  static open(options: SessionOptions): Promise<RemoteSession> {
    const url = `ws://127.0.0.1:${options.localPort}/api?token=${encodeURIComponent(options.token)}`;
    const socket = new WebSocket(url, {
      // The remote server answers only to its own address (a DNS-rebinding guard): say that one.
      headers: { host: `127.0.0.1:${options.remotePort}` },
      handshakeTimeout: options.connectTimeoutMs ?? 10_000,
      maxPayload: MAX_MESSAGE_BYTES * 16,
      perMessageDeflate: false,
    });
    return new Promise((resolve, reject) => {
      const fail = (error: Error) =>
        reject(new Error(`the host's Lobsterpot refused the connection: ${error.message}`));
      socket.once('error', fail);
      socket.once('unexpected-response', (_request, response) => {
        socket.removeListener('error', fail);
        reject(new Error(`the host's Lobsterpot answered ${response.statusCode} to the connection`));
        socket.terminate();
      });
      socket.once('open', () => {
        socket.removeListener('error', fail);
        resolve(new RemoteSession(socket));
      });
    });
  }

  get closed(): string | null {
    return this.#closed;
  }

  onEvent(listener: (event: LobsterpotEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): void {
    if (this.#closed !== null) listener(this.#closed);
    else this.#closeListeners.add(listener);
  }

  call(command: string, args: unknown, timeoutMs = CALL_TIMEOUT_MS): Promise<CommandReply> {
    if (this.#closed !== null)
      return Promise.resolve({ ok: false, error: { code: 'failed', message: `not connected: ${this.#closed}` } });
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve({ ok: false, error: { code: 'failed', message: `the host did not answer ${command} in time` } });
      }, timeoutMs);
      timer.unref();
      this.#pending.set(id, { done: resolve, timer });
      this.#socket.send(JSON.stringify({ id, command, args }));
    });
  }

  close(): void {
    this.#end('closed by Lobsterpot');
    this.#socket.close(1000);
    setTimeout(() => this.#socket.terminate(), 1000).unref();
  }

  /** A frame from the host: anything that is not what serve sends is dropped, and no listener can stop the next. */
  #receive(text: string) {
    this.#heard = Date.now();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(value) || value.heartbeat) return;
    if (isRecord(value.event) && typeof value.event.type === 'string') {
      // An event the contract does not know (a broken or newer host) is dropped, not believed.
      const event = checkEvent(value.event);
      if (!event) return;
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch {
          // A listener's fault is its own: the link reads on.
        }
      }
      return;
    }
    if (typeof value.id === 'number') {
      const pending = this.#pending.get(value.id);
      if (!pending) return;
      this.#pending.delete(value.id);
      clearTimeout(pending.timer);
      pending.done(asReply(value));
    }
  }

  #end(reason: string) {
    if (this.#closed !== null) return;
    this.#closed = reason;
    clearInterval(this.#silence);
    for (const { done, timer } of this.#pending.values()) {
      clearTimeout(timer);
      done({ ok: false, error: { code: 'failed', message: `the connection to the host was lost: ${reason}` } });
    }
    this.#pending.clear();
    for (const listener of this.#closeListeners) listener(reason);
    this.#closeListeners.clear();
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A reply as the contract has it, whatever the host sent. */
function asReply(frame: Record<string, unknown>): CommandReply {
  if (frame.ok === true) return { ok: true, result: frame.result };
  const error = isRecord(frame.error) ? frame.error : {};
  const codes = ['invalid-argument', 'refused', 'not-found', 'failed'];
  return {
    ok: false,
    error: {
      code: typeof error.code === 'string' && codes.includes(error.code) ? (error.code as 'failed') : 'failed',
      message: typeof error.message === 'string' ? error.message.slice(0, 4000) : 'the host answered with an error',
    },
  };
}
