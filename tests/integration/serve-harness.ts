// A real `lobsterpot serve` for hostile-input tests: its own HOME, data dir and an empty OpenClaw home (so no gateway
// can exist), a port outside the ephemeral range, and clients that speak raw bytes or WebSocket frames to it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { isAlive, signalGroup } from '../../electron/platform/node/processes.ts';
import { freePortBlock } from './world.ts';
import type { LobsterpotEvent } from '../../electron/contract/contract.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lobsterpot.js');

/** What came back on a raw connection: the status line and headers when a response came, and whether it closed. */
export interface RawResponse {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  closed: boolean;
}

export interface Closed {
  code: number;
  reason: string;
}

/** Waits for a condition, polling, with a deadline; never a fixed sleep. */
export const isClosed = (value: Reply | Closed): value is Closed => 'code' in value && typeof value.code === 'number';

export async function until<T>(what: string, check: () => T, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export class Serve {
  readonly process: ChildProcess;
  readonly root: string;
  url!: URL;
  stdout = '';
  stderr = '';
  exit: { code: number | null; signal: string | null } | null = null;

  private constructor(root: string, port: number) {
    this.root = root;
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OPENCLAW_')));
    this.process = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
      env: {
        ...env,
        HOME: join(root, 'home'),
        LOBSTERPOT_HOME: join(root, 'data'),
        OPENCLAW_HOME: join(root, 'openclaw'),
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.process.once('exit', (code, signal) => (this.exit = { code, signal }));
  }

  /** Starts serve on a free port away from the ephemeral range (a second block if the first was taken meanwhile). */
  static async start(): Promise<Serve> {
    for (let attempt = 1; ; attempt++) {
      const root = mkdtempSync(join(tmpdir(), 'lp-serve-'));
      for (const dir of ['home', 'data', 'openclaw']) mkdirSync(join(root, dir));
      const serve = new Serve(root, await freePortBlock(10));
      const printed = await until(
        'the server URL',
        () => /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(serve.stdout)?.[1] ?? (serve.exit ? 'exited' : null),
        30_000,
      );
      if (printed !== 'exited') {
        serve.url = new URL(printed);
        return serve;
      }
      rmSync(root, { recursive: true, force: true });
      if (attempt === 3) throw new Error(`serve did not start: ${serve.stderr}`);
    }
  }

  get port(): number {
    return Number(this.url.port);
  }
  get token(): string {
    return this.url.searchParams.get('token') ?? '';
  }
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }
  get cookie(): string {
    return `lobsterpot_token=${this.token}`;
  }

  /**
   * Writes `data` on a fresh TCP connection and reads until a whole response came, the server closed, or `timeoutMs`.
   * `untilClosed` keeps reading after the response, to learn whether the server ends the connection; `end` half-closes
   * after writing.
   */
  raw(data: string | Buffer | Buffer[], options: { timeoutMs?: number; untilClosed?: boolean; end?: boolean } = {}) {
    const { timeoutMs = 3_000, untilClosed = false, end = false } = options;
    return new Promise<RawResponse>((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      let received = Buffer.alloc(0);
      let closed = false;
      const finish = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ...parseResponse(received), closed });
      };
      const timer = setTimeout(finish, timeoutMs);
      socket.on('connect', () => {
        for (const part of Array.isArray(data) ? data : [data])
          socket.write(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
        // Half-closing tells the server no more bytes come, so an incomplete request gets its answer at once.
        if (end) socket.end();
      });
      socket.on('data', (chunk) => {
        received = Buffer.concat([received, chunk]);
        if (!untilClosed && parseResponse(received).complete) finish();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        closed = true;
        finish();
      });
    });
  }

  /** A well-formed GET with the right Host, plus `headers` (the token cookie unless given). */
  get(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
    const all = { host: this.host, cookie: this.cookie, ...headers };
    const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`);
    return this.raw(`GET ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
  }

  /** A WebSocket on /api with the token cookie (unless `headers` replaces it). */
  socket(options: { path?: string; headers?: Record<string, string> } = {}): Promise<Client> {
    const ws = new WebSocket(`ws://${this.host}${options.path ?? '/api'}`, {
      headers: { cookie: this.cookie, ...options.headers },
      maxPayload: 64 * 1024 * 1024,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** The check after every hostile input: a fresh page load and a fresh WebSocket command both still work. */
  async stillServes(): Promise<void> {
    if (this.exit) throw new Error(`serve exited (${JSON.stringify(this.exit)}): ${this.stderr}`);
    const page = await this.get(`/?token=${this.token}`, { cookie: '' });
    if (page.status !== 303) throw new Error(`a valid page load got ${page.status ?? 'no answer'}`);
    const client = await this.socket();
    try {
      const reply = await client.call('state.snapshot', {});
      if (!reply.ok) throw new Error(`state.snapshot failed: ${JSON.stringify(reply)}`);
    } finally {
      await client.close();
    }
  }

  async stop(): Promise<void> {
    const pid = this.process.pid;
    if (pid && !this.exit) {
      signalGroup(pid, 'SIGTERM');
      await until('serve to stop', () => this.exit, 10_000).catch(() => signalGroup(pid, 'SIGKILL'));
      await until('serve to end', () => !isAlive(pid), 5_000).catch(() => undefined);
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

export type Reply = { id?: number; ok: boolean; result?: unknown; error?: { code: string; message: string } };

/** One WebSocket: replies in order of arrival (events and heartbeats set aside), and how it closed. */
export class Client {
  readonly ws: WebSocket;
  readonly replies: Reply[] = [];
  /** The core's events, in order of arrival. */
  readonly events: LobsterpotEvent[] = [];
  closedWith: Closed | null = null;
  readonly closed: Promise<Closed>;
  private nextId = 0;
  /** Waiters to wake on every frame and on the close, so waits cost no polling interval. */
  private readonly wakers = new Set<() => void>();

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Reply;
      // Events and heartbeats are not replies.
      if ('ok' in frame) this.replies.push(frame);
      else if ('event' in frame) this.events.push((frame as { event: LobsterpotEvent }).event);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve(this.closedWith);
        this.wake();
      }),
    );
  }

  /** The next reply, or how the socket closed when it closes first. */
  next(timeoutMs = 5_000): Promise<Reply | Closed> {
    return this.waitFor('a reply or the close', () => this.replies.shift() ?? this.closedWith, timeoutMs);
  }

  /** How the socket closed, once it has (the test fails after `timeoutMs` when it stays open). */
  closedWithin(timeoutMs = 5_000): Promise<Closed> {
    return this.waitFor('the socket to close', () => this.closedWith, timeoutMs);
  }

  async call(command: string, args: unknown, timeoutMs = 10_000): Promise<Reply> {
    const id = ++this.nextId;
    this.ws.send(JSON.stringify({ id, command, args }));
    const reply = await this.waitFor(
      'the reply',
      () => this.replies.find((r) => r.id === id) ?? this.closedWith,
      timeoutMs,
    );
    if ('code' in reply && typeof reply.code === 'number') throw new Error(`closed ${reply.code} ${reply.reason}`);
    return reply as Reply;
  }

  async close(): Promise<Closed> {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close();
    return this.closedWithin(2_000).catch(() => {
      this.ws.terminate();
      return this.closed;
    });
  }

  /** Checks again on every frame and on the close, until `check` holds or the deadline passes. */
  async waitFor<T>(what: string, check: () => T, timeoutMs: number): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value as NonNullable<T>;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakers.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake() {
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const waker of wakers) waker();
  }
}

function parseResponse(bytes: Buffer): Omit<RawResponse, 'closed'> & { complete: boolean } {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: null, headers: {}, body: '', complete: false };
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  const body = text.slice(end + 4);
  const length = Number(headers['content-length'] ?? (status === 101 ? 0 : NaN));
  const complete =
    headers['transfer-encoding'] === 'chunked'
      ? body.endsWith('0\r\n\r\n')
      : !Number.isNaN(length) && Buffer.byteLength(body, 'latin1') >= length;
  return { status: Number.isNaN(status) ? null : status, headers, body, complete };
}

/** A WebSocket frame as a client sends it (masked unless told otherwise). */
export function frame(opcode: number, payload: Buffer, options: { fin?: boolean; mask?: boolean } = {}): Buffer {
  const { fin = true, mask = true } = options;
  const length = payload.length;
  const header = [((fin ? 0x80 : 0) | opcode) & 0xff];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) header.push(maskBit | length);
  else if (length < 65536) header.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    header.push(maskBit | 127, ...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(header), payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] as number)));
  return Buffer.concat([Buffer.from(header), key, masked]);
}

/** The bytes of a WebSocket upgrade request for `target`. */
export function upgradeRequest(serve: Serve, target: string, headers: Record<string, string> = {}): string {
  const all = {
    host: serve.host,
    cookie: serve.cookie,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
  };
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('')}\r\n`;
}
