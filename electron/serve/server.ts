// The HTTP + WebSocket face of a Manager: the built renderer and the contract over WebSocket, on 127.0.0.1 only, behind a
// random token. The first page load carries the token in the URL; it becomes an HttpOnly, SameSite=Strict cookie.
// Fastify parses and refuses malformed requests before any of our code runs; docs/SERVE.md lists every limit.
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebSocket } from 'ws';
import { HEARTBEAT_FRAME, HEARTBEAT_MS, MAX_MESSAGE_BYTES, parseRequest, type WireFrame } from '../contract/wire.ts';
import type { Manager } from '../supervisor/node/manager.ts';

export const DEFAULT_RENDERER_DIR = resolve(fileURLToPath(import.meta.url), '..', '..', '..', 'out', 'renderer');

/** Every limit the server enforces; docs/SERVE.md explains each one. */
export const LIMITS = {
  /** Request line plus headers (Node's own default, pinned). */
  maxHeaderBytes: 16 * 1024,
  /** From the connection to the end of the headers. */
  headersTimeoutMs: 5_000,
  /** From the connection to the end of the request. */
  requestTimeoutMs: 10_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** A connection with no traffic at all is closed after this (WebSockets excepted). */
  idleTimeoutMs: 30_000,
  /** Request bodies: the server takes none, so a small one is already too big. */
  bodyBytes: 16 * 1024,
  /** TCP connections at once (pages, files, WebSockets); more are dropped on accept. */
  maxConnections: 128,
  /** WebSocket connections at once; more are closed with 1008. */
  maxSockets: 16,
  /** Messages a WebSocket may send per second (a burst of that many, then that rate); more close it with 1008. */
  messagesPerSecond: 50,
  /** One WebSocket message, after reassembly of its fragments; more closes it with 1009. */
  maxMessageBytes: MAX_MESSAGE_BYTES,
  /** Replies and events queued for a window that does not read them; more closes it with 1008. */
  maxUnsentBytes: 16 * 1024 * 1024,
  /** How long `close()` waits for windows to acknowledge the close before it cuts them off. */
  closeGraceMs: 1_000,
} as const;

const COOKIE = 'lobsterpot_token';
const TEXT = 'text/plain; charset=utf-8';
/** A redirect target taken from the request: printable ASCII, no backslash (browsers read `/\\host` as `//host`). */
const SAFE_PATH = /^\/(?!\/)[!-[\]-~]*$/;

function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string' || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface ServerHandle {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Serves `manager` on 127.0.0.1:`port` (0 = any free port). */
export async function startServer(
  manager: Manager,
  options: { port?: number; rendererDir?: string; token?: string } = {},
): Promise<ServerHandle> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  // Known once listening; no request arrives before.
  let hosts = new Set<string>();
  let origins = new Set<string>();
  let csp = '';
  const sockets = new Set<WebSocket>();
  let heartbeat: NodeJS.Timeout | null = null;

  const securityHeaders = () => ({
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'content-security-policy': csp,
  });

  const app = Fastify({
    logger: false,
    http: {
      maxHeaderSize: LIMITS.maxHeaderBytes,
      headersTimeout: LIMITS.headersTimeoutMs,
      // Node checks the two timeouts above on this interval (30 s by default, far too coarse for them).
      connectionsCheckingInterval: CONNECTIONS_CHECKING_MS,
    },
    requestTimeout: LIMITS.requestTimeoutMs,
    keepAliveTimeout: LIMITS.keepAliveTimeoutMs,
    connectionTimeout: LIMITS.idleTimeoutMs,
    bodyLimit: LIMITS.bodyBytes,
    forceCloseConnections: true,
    return503OnClosing: true,
    // Requests Fastify's router refuses (a path that is not valid percent-encoding, …): plain 400, nothing echoed.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      // An upgrade request left Node's HTTP handling: nobody else ends its socket.
      if (request.raw.headers.upgrade !== undefined) reply.raw.once('finish', () => request.raw.socket.destroy());
      void reply
        .code(status)
        .headers({ ...securityHeaders(), connection: 'close' })
        .type(TEXT)
        .send(`${status}: the request is malformed (${error.code}).\n`);
    },
  });
  app.server.maxConnections = LIMITS.maxConnections;

  app.setErrorHandler(
    (error: { statusCode?: number; code?: string; message?: string }, _request, reply: FastifyReply) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) console.error(`lobsterpot serve: ${error.message ?? String(error)}`);
      void reply
        .code(status)
        .type(TEXT)
        .send(status >= 500 ? `${status}: internal error.\n` : `${status}: ${error.code ?? 'refused'}.\n`);
    },
  );

  // Hooks run in the order they are added: the plugins' (cookies parsed, `request.ws` set) before our checks.
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, {
    options: { maxPayload: LIMITS.maxMessageBytes, perMessageDeflate: false },
    errorHandler: (error: Error & { code?: string }, socket) => {
      // A protocol fault: ws has already closed the socket with the code that fits (1007, 1009, 1002).
      if (error.code?.startsWith('WS_ERR_')) return;
      console.error(`lobsterpot serve: a WebSocket failed: ${error.message}`);
      socket.terminate();
    },
  });
  app.addHook('onRequest', async (request, reply) => gate(request, reply));
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(securityHeaders());
  });

  /** Host, token, redirect and Origin: the checks every request passes before a route sees it. */
  function gate(request: FastifyRequest, reply: FastifyReply) {
    const host = (request.headers.host ?? '').toLowerCase();
    if (!hosts.has(host)) {
      // A page on another name that resolves here (DNS rebinding) must not reach the API, token or not.
      return reply
        .code(421)
        .type(TEXT)
        .send(`421: this server answers only to ${[...hosts].join(' or ')}.\n`);
    }
    const fromQuery = (request.query as Record<string, unknown> | undefined)?.token;
    const authorized = sameToken(fromQuery, token) || sameToken(request.cookies[COOKIE], token);
    if (!authorized) {
      return reply
        .code(401)
        .type(TEXT)
        .send('401: open the URL that `lobsterpot serve` printed (it carries the token).\n');
    }
    if (request.ws) {
      if (request.routeOptions.url !== '/api') return reply.code(404).type(TEXT).send('404: WebSockets go to /api.\n');
      const origin = request.headers.origin;
      if (origin !== undefined && !origins.has(origin)) {
        return reply.code(403).type(TEXT).send('403: WebSockets are accepted only from this server’s own pages.\n');
      }
      return;
    }
    if (fromQuery !== undefined) {
      // Move the token out of the address bar into a cookie, then reload without it.
      const path = request.url.split('?')[0] ?? '/';
      void reply.setCookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
      return reply.redirect(SAFE_PATH.test(path) ? path : '/', 303);
    }
  }

  app.get('/api', { websocket: true }, (socket) => attach(socket));

  await app.register(fastifyStatic, {
    root: rendererDir,
    wildcard: true,
    index: 'index.html',
    dotfiles: 'deny',
    cacheControl: false,
    etag: false,
    lastModified: false,
    decorateReply: false,
  });
  app.setNotFoundHandler((_request, reply) => {
    if (!existsSync(join(rendererDir, 'index.html'))) {
      return reply
        .code(503)
        .type(TEXT)
        .send('503: the window is not built yet: run `npm run build:renderer` (or `npm start`) first.\n');
    }
    return reply.code(404).type(TEXT).send('404: no such file.\n');
  });

  function attach(socket: WebSocket) {
    if (sockets.size >= LIMITS.maxSockets) {
      socket.close(1008, `too many connections: at most ${LIMITS.maxSockets} windows at once`);
      return;
    }
    sockets.add(socket);
    heartbeat ??= setInterval(() => sockets.forEach((each) => sendText(each, HEARTBEAT_FRAME)), HEARTBEAT_MS).unref();
    const send = (frame: WireFrame) => sendText(socket, JSON.stringify(frame));
    const unsubscribe = manager.on((event) => send({ event }));
    // A token bucket: a burst of `messagesPerSecond`, refilled at that rate.
    let allowance: number = LIMITS.messagesPerSecond;
    let checkedAt = performance.now();
    socket.on('close', () => {
      sockets.delete(socket);
      unsubscribe();
      if (!sockets.size && heartbeat) {
        clearInterval(heartbeat);
        heartbeat = null;
      }
    });
    socket.on('message', (data, isBinary) => {
      if (socket.readyState !== socket.OPEN) return;
      const now = performance.now();
      allowance = Math.min(LIMITS.messagesPerSecond, allowance + ((now - checkedAt) / 1000) * LIMITS.messagesPerSecond);
      checkedAt = now;
      if (allowance < 1) {
        socket.close(1008, `too many messages: at most ${LIMITS.messagesPerSecond} a second`);
        return;
      }
      allowance -= 1;
      if (isBinary) {
        send({ ok: false, error: { code: 'invalid-argument', message: 'message: must be a text frame holding JSON' } });
        return;
      }
      // ws has checked the UTF-8 of text frames already (1007 otherwise).
      const parsed = parseRequest(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(toBuffers(data)).toString(),
      );
      if (!parsed.ok) {
        send(parsed.reply);
        return;
      }
      const { id, command, args } = parsed.request;
      manager.reply(command, args ?? {}, { by: 'window', from: null }).then(
        (reply) => send({ id, ...reply }),
        // reply() never throws; an unhandled rejection would end the process, so this stays.
        (error: unknown) => send({ id, ok: false, error: { code: 'failed', message: String(error) } }),
      );
    });
  }

  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  checkConnectionsWhileOpen(app.server, CONNECTIONS_CHECKING_MS);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  csp = [
    "default-src 'none'",
    "script-src 'self'",
    // React sets style properties through the CSSOM, which style-src does not govern: no 'unsafe-inline'.
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const socket of sockets) socket.close(1001, 'Lobsterpot is shutting down');
      await Promise.race([
        Promise.all([...sockets].map((socket) => new Promise((done) => socket.once('close', done)))),
        new Promise((done) => setTimeout(done, LIMITS.closeGraceMs).unref()),
      ]);
      for (const socket of sockets) socket.terminate();
      if (heartbeat) clearInterval(heartbeat);
      await app.close();
    },
  };
}

const CONNECTIONS_CHECKING_MS = 1_000;

/**
 * Node runs its timeout check every `ms` for as long as the server listens, connections or not: here it runs only
 * while a connection is open, so an idle server sleeps. Node's own timer stays if its internals ever move.
 */
function checkConnectionsWhileOpen(server: Server, ms: number) {
  const key = Object.getOwnPropertySymbols(server).find(
    (symbol) => symbol.description === 'http.server.connectionsCheckingInterval',
  );
  const slots = server as unknown as Record<symbol, (NodeJS.Timeout & { _onTimeout?: unknown }) | undefined>;
  const check = key && slots[key]?._onTimeout;
  if (!key || typeof check !== 'function') return;
  clearInterval(slots[key]);
  let open = 0;
  server.on('connection', (socket: Socket) => {
    if (open++ === 0) slots[key] = setInterval(check as () => void, ms).unref();
    socket.once('close', () => {
      if (--open === 0) clearInterval(slots[key]);
    });
  });
}

function sendText(socket: WebSocket, text: string) {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > LIMITS.maxUnsentBytes) {
    socket.close(1008, 'too much unsent: the window does not read its messages');
    return;
  }
  socket.send(text);
}

function toBuffers(data: Buffer | ArrayBuffer | Buffer[]): Buffer[] {
  if (Array.isArray(data)) return data;
  return [Buffer.from(data as ArrayBuffer)];
}
