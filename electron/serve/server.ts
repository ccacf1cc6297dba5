// The HTTP + WebSocket face of a Manager: the built renderer and the contract over WebSocket, on 127.0.0.1 only, behind a random token.
// The first page load carries the token in the URL; it becomes an HttpOnly, SameSite=Strict cookie for the rest.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Manager } from '../core/manager.ts';

export const DEFAULT_RENDERER_DIR = resolve(fileURLToPath(import.meta.url), '..', '..', '..', 'out', 'renderer');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const COOKIE = 'lobsterpot_token';

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, value] = part.trim().split('=');
    if (key === COOKIE && value) return decodeURIComponent(value);
  }
  return null;
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
  let origins: string[] = [];

  const server = createServer((req, res) => void handleHttp(req, res));

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fromQuery = url.searchParams.get('token');
    const authorized = sameToken(fromQuery, token) || sameToken(cookieToken(req), token);
    if (!authorized) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('401: open the URL that `lobsterpot serve` printed (it carries the token).\n');
      return;
    }
    if (fromQuery) {
      // Move the token out of the address bar into a cookie, then reload without it.
      res.writeHead(303, {
        'set-cookie': `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname,
      });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = normalize(join(rendererDir, path));
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    const isFile = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) {
      if (!existsSync(join(rendererDir, 'index.html'))) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The window is not built yet: run `npm run build` first.\n');
        return;
      }
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorized = sameToken(cookieToken(req), token) || sameToken(url.searchParams.get('token'), token);
    const origin = req.headers.origin;
    if (url.pathname !== '/api' || !authorized || (origin !== undefined && !origins.includes(origin))) {
      socket.write(
        `HTTP/1.1 ${authorized ? 403 : 401} ${authorized ? 'Forbidden' : 'Unauthorized'}\r\nConnection: close\r\n\r\n`,
      );
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket) {
    const unsubscribe = manager.on((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let message: { id?: unknown; command?: unknown; args?: unknown };
      try {
        message = JSON.parse(data.toString()) as typeof message;
      } catch {
        return;
      }
      ws.send(JSON.stringify({ id: message.id, ...(await manager.reply(message.command, message.args ?? {})) }));
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as { port: number }).port;
  origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
